import { formatSqlaDateTime, parseSqlaDateTime, type SqlaDateTime } from '@forgedb/schema';

/**
 * Where "now" comes from for leases, messages and override expiry. By default each adapter uses
 * its database's clock (on SQLite, `strftime` on the store's own connection), so every process
 * sharing a file compares lease times against one clock; tests inject a controllable one. Values
 * are SQLAlchemy DATETIME text, comparable as strings. An adapter reads it once per decision,
 * inside that decision's transaction.
 */
export interface Clock {
  now(): SqlaDateTime;
}

export interface ManualClock extends Clock {
  set(date: Date | SqlaDateTime): void;
  advance(seconds: number): void;
}

export function manualClock(start: Date | SqlaDateTime = new Date()): ManualClock {
  const toDate = (d: Date | SqlaDateTime) => (typeof d === 'string' ? parseSqlaDateTime(d) : d);
  let current = toDate(start) ?? new Date();
  return {
    now: () => formatSqlaDateTime(current),
    set(date) {
      current = toDate(date) ?? current;
    },
    advance(seconds) {
      current = new Date(current.getTime() + seconds * 1000);
    },
  };
}

/** `at` plus `seconds`, in the same text format. */
export function addSeconds(at: SqlaDateTime, seconds: number): SqlaDateTime {
  const date = parseSqlaDateTime(at);
  if (!date) throw new RangeError(`not a DATETIME: ${at}`);
  // Keep the microseconds the clock gave (Date only holds milliseconds).
  const micros = at.length > 23 ? at.slice(23) : '000';
  return (
    formatSqlaDateTime(new Date(date.getTime() + seconds * 1000)).slice(0, 23) +
    micros.padEnd(3, '0').slice(0, 3)
  );
}
