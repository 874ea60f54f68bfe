import { customType } from 'drizzle-orm/pg-core';
import { isSqlaDateTime, type SqlaDateTime } from '../../encoding/datetime.js';

// PostgreSQL's text output of timestamptz: fraction optional (trailing zeros dropped), offset ±HH[:MM[:SS]].
const PG_TIMESTAMPTZ =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * PostgreSQL's timestamptz text (any session time zone) as SQLAlchemy's DATETIME text in UTC,
 * microseconds kept: a JavaScript Date would keep milliseconds only.
 */
export function pgTimestamptzToSqla(text: string): SqlaDateTime {
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m) {
    throw new TypeError(
      `Expected timestamptz text like "2024-01-02 03:04:05.123456+00", got ${JSON.stringify(text)} ` +
        '(a pool that parses timestamps into Date objects would lose microseconds; use @forgedb/db-core/pg).',
    );
  }
  const [, y, mo, d, h, mi, s, frac = '', sign, oh, om = '0', os = '0'] = m;
  const offsetMs = (sign === '-' ? -1 : 1) * ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  date.setUTCFullYear(Number(y));
  const utc = new Date(date.getTime() - offsetMs);
  return (
    `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())} ` +
    `${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}.${frac.padEnd(6, '0')}`
  );
}

/** SQLAlchemy's DATETIME text (UTC) as a timestamptz literal PostgreSQL reads exactly. */
export function sqlaToPgTimestamptz(value: SqlaDateTime): string {
  if (!isSqlaDateTime(value)) {
    throw new TypeError(
      `DATETIME values must look like "YYYY-MM-DD HH:MM:SS.ffffff" (UTC); got ${JSON.stringify(value)}`,
    );
  }
  return `${value}+00`;
}

/**
 * A timestamptz (microsecond precision, the same as SQLAlchemy's DATETIME text) whose JS value
 * is that text, so a row decodes to the same `SqlaDateTime` on both dialects. drizzle's
 * node-postgres driver hands timestamptz over as text; so does `@forgedb/db-core/pg`'s pool.
 */
export const sqlaTimestamptz = customType<{ data: SqlaDateTime; driverData: string }>({
  dataType: () => 'timestamp (6) with time zone',
  toDriver: sqlaToPgTimestamptz,
  fromDriver: pgTimestamptzToSqla,
});
