import { formatSqlaDateTime, parseSqlaDateTime, type SqlaDateTime } from '@forgedb/schema';

// DATETIME text (space) or ISO-8601 (T), seconds and fraction optional, zone optional.
const INPUT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads an override's expiry as the exact text the Python app writes and compares as a string
 * (six fractional digits, UTC). A timestamp without a zone is UTC, as all DATETIME text is.
 * Microseconds survive: only the millisecond part goes through a Date.
 */
export function parseExpiry(value: unknown): SqlaDateTime | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return formatSqlaDateTime(value);
  }
  if (typeof value !== 'string') return null;
  const m = INPUT.exec(value.trim());
  if (!m) return null;
  const [, day, hourMinute, seconds = '00', fraction = '', zone] = m;
  const micros = fraction.padEnd(6, '0');
  const wall = `${day} ${hourMinute}:${seconds}.${micros}`;
  const parsed = parseSqlaDateTime(wall);
  if (!parsed) return null;
  if (!zone || zone === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  const utc = new Date(parsed.getTime() - offsetMinutes * 60_000);
  return formatSqlaDateTime(utc).slice(0, 23) + micros.slice(3);
}
