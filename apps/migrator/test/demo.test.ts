import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExit, forgedb, forgedbJson, query, tempDir, FEATURE_TAGS } from './cli.js';

interface DemoJson {
  ok: boolean;
  dir: string;
  created: {
    legacy: { featuresDb: string; assistantDb: string; features: number; nullPasses: number };
    json: { file: string; entries: number };
  };
  detected: Record<string, { shape: string; journalMode: string; pending: string[] }>;
  upgraded: Record<
    string,
    {
      backup: string | null;
      guardsApplied: string[];
      adopted: string | null;
      applied: string[];
      changed: boolean;
    }
  >;
  verified: Record<string, { ok: boolean }>;
  featuresBefore: { total: number; nullPasses: number };
  featuresAfter: { total: number; passing: number; nullPasses: number };
  imported: { database: string; imported: number; backupFile?: string };
  final: Record<string, { shape: string }>;
  queue: {
    claimed: { feature: { id: number }; lease: { generation: number } } | null;
    stats: { passing: number; total: number };
  };
}

describe('forgedb demo', () => {
  it('builds a legacy project and a JSON project, then detects, backs up, upgrades, imports and reports', () => {
    const cwd = tempDir();
    const r = forgedbJson<DemoJson>(['demo'], { cwd });
    expectExit(r, 0);
    const d = r.json;
    expect(d.ok).toBe(true);
    expect(d.dir).toBe(path.join(cwd, 'sample-project'));
    expect(d.created.legacy.featuresDb).toBe(path.join(d.dir, 'legacy-app', '.autocoder', 'features.db'));
    expect(d.detected.features).toMatchObject({
      shape: 'legacy',
      journalMode: 'DELETE',
      pending: FEATURE_TAGS,
    });
    expect(d.detected.assistant!.shape).toBe('legacy');
    expect(d.upgraded.features).toMatchObject({
      changed: true,
      adopted: '0000_baseline',
      applied: FEATURE_TAGS.slice(1),
    });
    expect(d.upgraded.features!.guardsApplied).toEqual(
      expect.arrayContaining(['add-column:features.in_progress', 'repair-nulls:features.passes']),
    );
    expect(existsSync(d.upgraded.features!.backup!)).toBe(true);
    // The backup is the legacy file as it was.
    expect(
      query(
        d.upgraded.features!.backup!,
        "SELECT name FROM pragma_table_info('features') WHERE name = 'in_progress'",
      ),
    ).toEqual([]);
    expect(d.verified.features!.ok && d.verified.assistant!.ok).toBe(true);
    expect(d.featuresBefore.nullPasses).toBeGreaterThan(0);
    expect(d.featuresAfter).toMatchObject({ total: d.featuresBefore.total, nullPasses: 0 });
    expect(d.imported.imported).toBe(d.created.json.entries);
    expect(existsSync(d.created.json.file)).toBe(false);
    expect(Object.values(d.final).map((s) => s.shape)).toEqual(['current', 'current', 'current']);
    // The queue step, read back from the file rather than from the demo's own summary: the claimed
    // feature is passing and no longer held, one more than after the upgrade.
    const claimed = d.queue.claimed!.feature.id;
    expect(d.queue.claimed!.lease.generation).toBe(1);
    expect(
      query(
        d.created.legacy.featuresDb,
        `SELECT passes, in_progress, claimed_by FROM features WHERE id = ${claimed}`,
      ),
    ).toEqual([{ passes: 1, in_progress: 0, claimed_by: null }]);
    const passing = query<{ n: number }>(
      d.created.legacy.featuresDb,
      'SELECT count(*) AS n FROM features WHERE passes = 1',
    )[0]!.n;
    expect(passing).toBe(d.featuresAfter.passing + 1);
    expect(d.queue.stats).toMatchObject({ passing, total: d.featuresBefore.total });
  });

  it('prints a readable walkthrough, and a second run replaces its own directory', () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'walk');
    expectExit(forgedb(['demo', '--dir', dir]), 0);
    const r = forgedb(['demo', '--dir', dir]);
    expectExit(r, 0);
    for (const heading of [
      '1. Created',
      '2. Detected',
      '3. Upgraded',
      '4. Verified',
      '5. Imported',
      '6. Worked the queue',
      '7. Final status',
    ]) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toMatch(/shape legacy, journal DELETE/);
    expect(r.stdout).toMatch(/backup +.*features\.db\.backup-/);
    expect(r.stdout).toMatch(/adopted +0000_baseline/);
    expect(r.stdout).toMatch(/imported 8 features in one transaction/);
    expect(r.stdout).toMatch(/claimed #\d+ ".+" for demo-agent: lease generation 1/);
    expect(
      readdirSync(path.join(dir, 'legacy-app', '.autocoder')).filter((n) => n.includes('backup')),
    ).toHaveLength(2);
  });

  it('refuses a non-empty directory it did not make, touching nothing', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'mine'));
    writeFileSync(path.join(dir, 'mine', 'notes.txt'), 'keep me');
    const r = forgedb(['demo', '--dir', path.join(dir, 'mine')]);
    expectExit(r, 1);
    expect(r.stderr).toMatch(/already exists and was not made by `forgedb demo`/);
    expect(readdirSync(path.join(dir, 'mine'))).toEqual(['notes.txt']);
  });
});
