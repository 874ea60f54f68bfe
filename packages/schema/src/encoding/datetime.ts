/**
 * SQLAlchemy's SQLite DATETIME text: `YYYY-MM-DD HH:MM:SS.ffffff`, UTC, no zone suffix.
 * The Python app compares these as strings, so the format must be exact.
 *
 * The column's JS value is the stored text itself, not a Date: a Date holds milliseconds,
 * so converting on read would lose the last three digits and rewrite the cell on save.
 */
export type SqlaDateTime = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatSqlaDateTime(date: Date): SqlaDateTime {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot store an invalid Date as DATETIME');
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.` +
    `${pad(date.getUTCMilliseconds(), 3)}000`
  );
}

export function isSqlaDateTime(value: string): boolean {
  return PATTERN.test(value);
}

/** Reads the Python app's text (fractional digits optional, as `datetime.isoformat` may omit them). */
export function parseSqlaDateTime(value: string): Date | null {
  const m = PATTERN.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '0'] = m;
  const ms = Math.floor(Number(frac.padEnd(6, '0')) / 1000);
  const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  // Date.UTC maps years 0-99 to 1900-1999; set the year separately to keep it literal.
  date.setUTCFullYear(Number(y));
  // Date.UTC rolls invalid fields over (Feb 30 -> Mar 2); text that is not a real instant is not a DATETIME.
  if (Number.isNaN(date.getTime()) || formatSqlaDateTime(date).slice(0, 19) !== value.slice(0, 19))
    return null;
  return date;
}

/** API timestamps are ISO-8601 strings; microseconds are kept, which `Date#toISOString` would drop. */
export function sqlaToIso(value: string | null | undefined): string | null {
  if (value == null) return null;
  const m = PATTERN.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '0'] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(6, '0')}Z`;
}
