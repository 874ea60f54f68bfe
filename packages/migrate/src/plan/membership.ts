import type { AppliedMigration } from '../history.js';

/** What membership needs of a shipped migration: its identity, a tag verified by the file's hash. */
export interface ShippedMigration {
  tag: string;
  hash: string;
}

/** How a database's history relates to the migrations this forgedb version ships. */
export interface Membership<M extends ShippedMigration = ShippedMigration> {
  /** Tags the history records, whoever recorded them. */
  appliedTags: ReadonlySet<string>;
  /** Shipped migrations the history does not record, in shipped order. */
  pending: M[];
  /** Applied tags this version does not ship: a newer forgedb upgraded the database. */
  unknownApplied: string[];
  /** The unknown tags not recorded as backward compatible: this forgedb must not use the database. */
  unknownIncompatible: string[];
  /** Applied tags whose shipped migration no longer hashes the same (an edited migration). */
  changedFiles: string[];
}

/**
 * Decides, from the history alone, which shipped migrations are pending and what in the history
 * this version cannot vouch for. Pending is decided by membership (the tag, verified by its hash),
 * never by timestamp or position, so an older migration merged late still runs. Pure: every
 * dialect reads its history its own way and hands the rows here
 * (docs/decisions/0001-own-migration-runner.md, docs/decisions/0006-rolling-upgrades.md).
 */
export function migrationMembership<M extends ShippedMigration>(
  applied: readonly AppliedMigration[],
  shipped: readonly M[],
): Membership<M> {
  const known = new Map(shipped.map((m) => [m.tag, m]));
  const appliedTags = new Set(applied.map((a) => a.tag));
  const unknown = applied.filter((a) => !known.has(a.tag));
  return {
    appliedTags,
    pending: shipped.filter((m) => !appliedTags.has(m.tag)),
    unknownApplied: unknown.map((a) => a.tag),
    unknownIncompatible: unknown.filter((a) => a.compatibility !== 'backward-compatible').map((a) => a.tag),
    changedFiles: applied
      .filter((a) => known.has(a.tag) && known.get(a.tag)!.hash !== a.hash)
      .map((a) => a.tag),
  };
}
