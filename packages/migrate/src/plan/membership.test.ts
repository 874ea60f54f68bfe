import { describe, expect, it } from 'vitest';
import type { AppliedMigration } from '../history.js';
import { migrationMembership } from './membership.js';
import { refuseUnsafeHistory } from './refusals.js';

const shipped = [
  { tag: '0000_baseline', hash: 'h0' },
  { tag: '0001_claim_leases', hash: 'h1' },
  { tag: '0002_lease_reset_trigger', hash: 'h2' },
];

const applied = (
  tag: string,
  hash: string,
  compatibility: AppliedMigration['compatibility'] = null,
): AppliedMigration => ({
  tag,
  hash,
  appliedAt: '2026-01-01 00:00:00.000',
  method: 'applied',
  compatibility,
});

describe('migrationMembership', () => {
  it('an empty history has every shipped migration pending, in shipped order', () => {
    const m = migrationMembership([], shipped);
    expect(m.pending.map((x) => x.tag)).toEqual([
      '0000_baseline',
      '0001_claim_leases',
      '0002_lease_reset_trigger',
    ]);
    expect(m).toMatchObject({ unknownApplied: [], unknownIncompatible: [], changedFiles: [] });
    expect([...m.appliedTags]).toEqual([]);
  });

  it('decides pending by membership, not order or time: an older migration merged late still runs', () => {
    // 0002 was applied by a build that did not have 0001 yet.
    const m = migrationMembership(
      [applied('0000_baseline', 'h0'), applied('0002_lease_reset_trigger', 'h2')],
      shipped,
    );
    expect(m.pending).toEqual([{ tag: '0001_claim_leases', hash: 'h1' }]);
    expect([...m.appliedTags].sort()).toEqual(['0000_baseline', '0002_lease_reset_trigger']);
  });

  it('names applied migrations whose shipped file hashes differently', () => {
    const m = migrationMembership(
      [applied('0000_baseline', 'h0'), applied('0001_claim_leases', 'edited')],
      shipped,
    );
    expect(m.changedFiles).toEqual(['0001_claim_leases']);
    expect(m.pending.map((x) => x.tag)).toEqual(['0002_lease_reset_trigger']);
  });

  it('names the migrations of a newer version, and those of them not marked backward compatible', () => {
    const m = migrationMembership(
      [
        applied('0000_baseline', 'h0'),
        applied('0003_lease_fencing', 'h3', 'backward-compatible'),
        applied('0004_new_table', 'h4', 'incompatible'),
        applied('0005_unmarked', 'h5', null),
      ],
      shipped,
    );
    expect(m.unknownApplied).toEqual(['0003_lease_fencing', '0004_new_table', '0005_unmarked']);
    expect(m.unknownIncompatible).toEqual(['0004_new_table', '0005_unmarked']);
    expect(m.changedFiles).toEqual([]);
  });

  it('keeps the shipped objects it was given, so callers get their own migration type back', () => {
    const files = shipped.map((m) => ({ ...m, statements: [`-- ${m.tag}`] }));
    const m = migrationMembership([applied('0000_baseline', 'h0')], files);
    expect(m.pending[0]).toBe(files[1]);
  });
});

describe('refuseUnsafeHistory', () => {
  it('refuses an edited applied migration, naming the database and the tags', () => {
    expect(() =>
      refuseUnsafeHistory({ changedFiles: ['0001_claim_leases'], unknownIncompatible: [] }, '/p/features.db'),
    ).toThrow(
      '/p/features.db: applied migration(s) 0001_claim_leases no longer match their files (hash changed). ' +
        'Applied migrations must never be edited; restore the original files or add a new migration. Nothing was changed.',
    );
  });

  it('refuses a newer incompatible migration with what to do', () => {
    try {
      refuseUnsafeHistory({ changedFiles: [], unknownIncompatible: ['0004_new_table'] }, '/p/features.db');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'SchemaError', code: 'SCHEMA' });
      expect((error as Error).message).toContain(
        '/p/features.db was upgraded by a newer forgedb: migration(s) 0004_new_table',
      );
      expect((error as Error).message).toContain('Upgrade forgedb');
    }
  });

  it('lets a history it can vouch for through', () => {
    expect(() =>
      refuseUnsafeHistory({ changedFiles: [], unknownIncompatible: [] }, '/p/features.db'),
    ).not.toThrow();
  });
});
