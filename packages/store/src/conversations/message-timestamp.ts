import { formatSqlaDateTime, parseSqlaDateTime, type SqlaDateTime } from '@forgedb/schema';

/**
 * The timestamp of a new message: `now`, unless the timestamp of the conversation's most recent
 * message (`latest`) is not older, and then the earliest DATETIME text that sorts after it. The
 * Python app orders a conversation's messages by timestamp alone (as text), so they must strictly
 * increase: two messages in one millisecond (the clock's precision), a message after one the
 * Python app stamped with real microseconds, or after one from a clock running ahead, would
 * otherwise tie or go back. A `latest` that is not DATETIME text is ignored (docs/store.md).
 */
export function messageTimestamp(now: SqlaDateTime, latest: string | null): SqlaDateTime {
  if (latest === null || now > latest) return now;
  const seconds = parseSqlaDateTime(latest.slice(0, 19));
  if (!seconds) return now;
  const digits = /^\.(\d+)/.exec(latest.slice(19))?.[1] ?? '';
  let micros = Number(digits.slice(0, 6).padEnd(6, '0'));
  let candidate = at(seconds, micros);
  // Equal text, or more than six fractional digits: one microsecond later sorts after it.
  if (candidate <= latest) candidate = at(seconds, ++micros);
  // Anything else after the seconds (a zone suffix, say): the next whole second does.
  return candidate > latest ? candidate : at(seconds, 1_000_000);
}

/** `seconds` plus `micros` microseconds (which may carry into the next second), as DATETIME text. */
function at(seconds: Date, micros: number): SqlaDateTime {
  const text = formatSqlaDateTime(new Date(seconds.getTime() + Math.floor(micros / 1000)));
  return `${text.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}`;
}
