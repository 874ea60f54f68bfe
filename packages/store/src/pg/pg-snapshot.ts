/** A `pg_snapshot` as its text `xmin:xmax:xip,…`: which top-level transactions it sees. */
export interface PgSnapshot {
  text: string;
  xmin: bigint;
  xmax: bigint;
  xip: Set<bigint>;
}

export function parsePgSnapshot(text: string): PgSnapshot {
  const [xmin, xmax, xip = ''] = text.split(':');
  if (xmin === undefined || xmax === undefined)
    throw new TypeError(`Not a pg_snapshot: ${JSON.stringify(text)}`);
  return {
    text,
    xmin: BigInt(xmin),
    xmax: BigInt(xmax),
    xip: new Set(xip === '' ? [] : xip.split(',').map((x) => BigInt(x))),
  };
}

/** What `pg_visible_in_snapshot(xid, s)` answers: committed (or aborted) before the snapshot was taken. */
const visible = (xid: bigint, s: PgSnapshot) => xid < s.xmin || (xid < s.xmax && !s.xip.has(xid));

/**
 * Whether `later` sees every transaction `earlier` sees. Only then do the rows a refresh reads
 * (those written by a transaction `earlier` does not see) bring a state read under `earlier` up to
 * `later`: a statement whose snapshot is older than the cached one would otherwise mix the two.
 */
export function seesAllOf(later: PgSnapshot, earlier: PgSnapshot): boolean {
  if (later.xmax < earlier.xmax) return false;
  for (const xid of later.xip) if (visible(xid, earlier)) return false;
  return true;
}
