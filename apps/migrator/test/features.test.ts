import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, copyFixture, expectExit, forgedb, forgedbJson, query, sha256, tempDir } from './cli.js';

interface Feature {
  id: number;
  priority: number;
  name: string;
  passes: boolean;
  in_progress: boolean;
  dependencies: number[];
}
interface Lease {
  feature_id: number;
  agent: string | null;
  generation: number;
  lease_expires_at: string | null;
}
interface ErrorDocument {
  ok: false;
  error: { code: string; message: string; reason?: string };
}

/** A project holding a copy of the Python app's current-shape features.db (40 features). */
function fixtureProject(): { dir: string; db: string } {
  const dir = tempDir('forgedb-features-');
  return { dir, db: copyFixture('features-v18-current.db', dir, '.autoforge/features.db') };
}

/** A project whose features.db holds `n` independent features, made the way a user would (import-json). */
function freshProject(n: number): { dir: string; db: string } {
  const dir = tempDir('forgedb-features-');
  const list = Array.from({ length: n }, (_, i) => ({
    category: 'core',
    name: `Feature ${i + 1}`,
    description: 'd',
    steps: ['s'],
  }));
  writeFileSync(path.join(dir, 'feature_list.json'), JSON.stringify(list));
  expectExit(forgedb(['import-json', '--project', dir]), 0);
  return { dir, db: path.join(dir, '.autoforge', 'features.db') };
}

/** Every row of the features table: compared before and after a refused operation. */
const dump = (db: string) => JSON.stringify(query(db, 'SELECT * FROM features ORDER BY id'));

const row = (db: string, id: number) =>
  query<{ passes: number; in_progress: number; priority: number; claimed_by: string | null }>(
    db,
    `SELECT passes, in_progress, priority, claimed_by FROM features WHERE id = ${id}`,
  )[0];

describe('forgedb features: usage', () => {
  it('exits 2 on usage errors before opening anything, with the problem on stderr and nothing on stdout', () => {
    const { dir, db } = fixtureProject();
    const before = sha256(db);
    const cases: [string[], RegExp][] = [
      [['features', '--project', dir], /Missing subcommand/],
      [['features', 'frobnicate', '--project', dir], /Unknown subcommand "frobnicate"/],
      [['features', 'get', '--project', dir], /needs a feature ID/],
      [['features', 'claim', 'abc', '--project', dir], /Feature ID must be an integer, got "abc"/],
      [['features', 'pass', '1.5', '--project', dir], /must be an integer/],
      [['features', 'ready', '--limit', 'ten', '--project', dir], /--limit must be an integer/],
      [['features', 'blocked', '--limit', '2.5', '--project', dir], /--limit must be an integer/],
      [['features', 'claim-next', '--project', dir], /needs --agent NAME/],
      [['features', 'create-bulk', '--project', dir], /needs --file FILE/],
      [['features', 'get', '1', '--limit', '3', '--project', dir], /does not take --limit/],
      [['features', 'stats', '7', '--project', dir], /Unexpected argument "7"/],
      [['features', 'get', '1', '2', '--project', dir], /Unexpected argument "2"/],
      [['features', 'stats'], /--project DIR is required/],
      [['features', 'stats', '--project', dir, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = forgedb(args);
      expectExit(r, 2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(sha256(db)).toBe(before);
  });

  it('is listed by forgedb --help and has its own --help', () => {
    expect(forgedb(['--help']).stdout).toContain('  features ');
    const r = forgedb(['features', '--help']);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/^Usage: forgedb features/);
    for (const sub of [
      'stats',
      'ready',
      'blocked',
      'graph',
      'get',
      'claim',
      'pass',
      'fail',
      'skip',
      'clear',
      'claim-next',
      'create-bulk',
    ])
      expect(r.stdout).toContain(sub);
  });

  it('a missing project directory, or a project without features.db, fails with exit 1 and creates nothing', () => {
    const parent = tempDir();
    const missing = path.join(parent, 'no-such-project');
    const r = forgedbJson<ErrorDocument>(['features', 'stats', '--project', missing]);
    expectExit(r, 1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(r.stderr).toMatch(/does not exist/);
    expect(existsSync(missing)).toBe(false);

    const empty = tempDir();
    const e = forgedb(['features', 'claim-next', '--agent', 'a', '--project', empty]);
    expectExit(e, 1);
    expect(e.stderr).toMatch(/No features\.db in/);
    expect(readdirSync(empty)).toEqual([]);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('forgedb features: reading the queue', () => {
  it('stats, ready, blocked and graph print the store result documents under --json', () => {
    const { dir, db } = fixtureProject();
    const counts = query<{ total: number; passing: number; in_progress: number; needs_human_input: number }>(
      db,
      `SELECT count(*) AS total, sum(passes = 1) AS passing, sum(in_progress = 1) AS in_progress,
              sum(needs_human_input = 1) AS needs_human_input FROM features`,
    )[0]!;

    const stats = forgedbJson(['features', 'stats', '--project', dir]);
    expectExit(stats, 0);
    expect(stats.json).toEqual({
      ok: true,
      ...counts,
      percentage: Math.round((counts.passing / counts.total) * 1000) / 10,
    });

    const ready = forgedbJson<{ features: Feature[]; total_ready: number }>([
      'features',
      'ready',
      '--project',
      dir,
    ]);
    expectExit(ready, 0);
    expect(ready.json.total_ready).toBeGreaterThan(0);
    for (const f of ready.json.features) expect(f).toMatchObject({ passes: false, in_progress: false });

    const blocked = forgedbJson<{ features: (Feature & { blocked_by: number[] })[]; total_blocked: number }>([
      'features',
      'blocked',
      '--limit',
      '2',
      '--project',
      dir,
    ]);
    expectExit(blocked, 0);
    expect(blocked.json.features).toHaveLength(2);
    expect(blocked.json.total_blocked).toBeGreaterThan(2);
    for (const f of blocked.json.features) expect(f.blocked_by.length).toBeGreaterThan(0);

    const graph = forgedbJson<{ nodes: { id: number }[]; edges: { source: number; target: number }[] }>([
      'features',
      'graph',
      '--project',
      dir,
    ]);
    expectExit(graph, 0);
    expect(graph.json.nodes).toHaveLength(counts.total);

    const text = forgedb(['features', 'stats', '--project', dir]);
    expectExit(text, 0);
    expect(text.stdout).toContain(`${counts.passing} of ${counts.total} features passing`);
    // Queue commands only need features.db: the project's assistant.db is not created.
    expect(existsSync(path.join(dir, '.autoforge', 'assistant.db'))).toBe(false);
  });

  it('--limit outside the store range is refused by the store (exit 1), not silently clamped', () => {
    const { dir } = fixtureProject();
    const r = forgedbJson<ErrorDocument>(['features', 'ready', '--limit', '0', '--project', dir]);
    expectExit(r, 1);
    expect(r.json.error.code).toBe('VALIDATION');
  });

  it('get prints one feature; an unknown id is NOT_FOUND with exit 1', () => {
    const { dir } = fixtureProject();
    const r = forgedbJson<Feature>(['features', 'get', '3', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.id).toBe(3);
    expect(forgedb(['features', 'get', '3', '--project', dir]).stdout).toMatch(/^Feature 3: /);

    const missing = forgedbJson<ErrorDocument>(['features', 'get', '9999', '--project', dir]);
    expectExit(missing, 1);
    expect(missing.json.error.code).toBe('NOT_FOUND');
  });
});

describe('forgedb features: changing the queue', () => {
  it('claim, pass, then a refused pass exits 1 with the reason and changes nothing', () => {
    const { dir, db } = freshProject(3);
    const claim = forgedbJson<{ feature: Feature; lease: Lease }>([
      'features',
      'claim',
      '1',
      '--project',
      dir,
    ]);
    expectExit(claim, 0);
    expect(claim.json.feature).toMatchObject({ id: 1, in_progress: true });
    // No --agent: the CLI claims anonymously.
    expect(claim.json.lease).toMatchObject({ feature_id: 1, agent: null, generation: 1 });
    expect(row(db, 1)).toMatchObject({ in_progress: 1, claimed_by: null });

    const again = forgedbJson<ErrorDocument>(['features', 'claim', '1', '--project', dir]);
    expectExit(again, 1);
    expect(again.json.error).toMatchObject({ code: 'CONFLICT', reason: 'already_in_progress' });

    const pass = forgedbJson<Feature>(['features', 'pass', '1', '--project', dir]);
    expectExit(pass, 0);
    expect(pass.json).toMatchObject({ id: 1, passes: true, in_progress: false });

    const before = dump(db);
    const refused = forgedb(['features', 'pass', '1', '--project', dir]);
    expectExit(refused, 1);
    expect(refused.stderr).toMatch(/already passing/);
    expect(refused.stdout).toBe('');
    expect(dump(db)).toBe(before);
  });

  it('claim --agent records the holder and --lease its expiry', () => {
    const { dir, db } = freshProject(2);
    const r = forgedbJson<{ lease: Lease }>([
      'features',
      'claim',
      '2',
      '--agent',
      'cli-1',
      '--lease',
      '60',
      '--project',
      dir,
    ]);
    expectExit(r, 0);
    expect(r.json.lease).toMatchObject({ agent: 'cli-1' });
    expect(r.json.lease.lease_expires_at).not.toBeNull();
    expect(row(db, 2)).toMatchObject({ in_progress: 1, claimed_by: 'cli-1' });
  });

  it('fail, skip and clear change the row as the store defines', () => {
    const { dir, db } = freshProject(3);
    expectExit(forgedb(['features', 'claim', '1', '--project', dir]), 0);
    expectExit(forgedb(['features', 'clear', '1', '--project', dir]), 0);
    expect(row(db, 1)).toMatchObject({ in_progress: 0, passes: 0 });

    expectExit(forgedb(['features', 'pass', '2', '--project', dir]), 0);
    const fail = forgedbJson<Feature>(['features', 'fail', '2', '--project', dir]);
    expectExit(fail, 0);
    expect(row(db, 2)).toMatchObject({ passes: 0, in_progress: 0 });

    const skip = forgedbJson<Feature>(['features', 'skip', '1', '--project', dir]);
    expectExit(skip, 0);
    expect(skip.json.priority).toBe(4);
    expect(row(db, 1)!.priority).toBe(4);
  });

  it('claim-next claims each ready feature once, in ready order, then prints no feature', () => {
    const { dir, db } = freshProject(4);
    const first = forgedbJson<{ features: Feature[] }>(['features', 'ready', '--project', dir]);
    const order = first.json.features.map((f) => f.id);
    expect(order).toHaveLength(4);

    const claimed: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = forgedbJson<{ feature: Feature; lease: Lease }>([
        'features',
        'claim-next',
        '--agent',
        `agent-${i}`,
        '--project',
        dir,
      ]);
      expectExit(r, 0);
      expect(r.json.lease.agent).toBe(`agent-${i}`);
      claimed.push(r.json.feature.id);
    }
    expect(claimed).toEqual(order);
    const holders = new Map(
      query<{ id: number; claimed_by: string }>(db, 'SELECT id, claimed_by FROM features').map((r) => [
        r.id,
        r.claimed_by,
      ]),
    );
    claimed.forEach((id, i) => expect(holders.get(id)).toBe(`agent-${i}`));

    const none = forgedb(['features', 'claim-next', '--agent', 'late', '--project', dir, '--json']);
    expectExit(none, 0);
    expect(JSON.parse(none.stdout)).toEqual({ ok: true, feature: null, lease: null });
    const text = forgedb(['features', 'claim-next', '--agent', 'late', '--project', dir]);
    expectExit(text, 0);
    expect(text.stdout).toMatch(/Nothing is ready/);
  });

  it('claim-next from concurrent processes never hands one feature to two agents', async () => {
    const { dir, db } = freshProject(8);
    const claimOnce = (agent: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [
          BIN,
          'features',
          'claim-next',
          '--agent',
          agent,
          '--project',
          dir,
          '--json',
        ]);
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => {
          if (code !== 0) reject(new Error(`claim-next by ${agent} exited ${code}: ${err}`));
          else resolve((JSON.parse(out) as { feature: Feature | null }).feature?.id ?? null);
        });
      });
    // Ten agents race for eight features: every feature is claimed exactly once, two agents get null.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claimOnce(`agent-${i}`)));
    const ids = results.filter((id): id is number => id !== null);
    expect(ids.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.filter((id) => id === null)).toHaveLength(2);
    const holders = query<{ claimed_by: string }>(
      db,
      'SELECT claimed_by FROM features WHERE in_progress = 1',
    );
    expect(new Set(holders.map((h) => h.claimed_by)).size).toBe(8);
  });

  it('create-bulk adds a batch with depends_on_indices resolved to ids; a bad batch creates nothing', () => {
    const { dir, db } = freshProject(2);
    const file = path.join(tempDir(), 'batch.json');
    writeFileSync(
      file,
      JSON.stringify([
        { category: 'api', name: 'Schema', description: 'd', steps: ['a'] },
        { category: 'api', name: 'Endpoints', description: 'd', steps: ['a', 'b'], depends_on_indices: [0] },
      ]),
    );
    const r = forgedbJson<{ created: number; features: Feature[] }>([
      'features',
      'create-bulk',
      '--file',
      file,
      '--project',
      dir,
    ]);
    expectExit(r, 0);
    expect(r.json.created).toBe(2);
    const [schema, endpoints] = r.json.features;
    expect(endpoints!.dependencies).toEqual([schema!.id]);
    expect(query(db, 'SELECT count(*) AS n FROM features')[0]).toEqual({ n: 4 });

    const before = dump(db);
    const bad = path.join(tempDir(), 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([{ category: 'x', name: 'y', description: 'd', steps: ['s'], depends_on_indices: [1] }]),
    );
    const refused = forgedbJson<ErrorDocument>(['features', 'create-bulk', '--file', bad, '--project', dir]);
    expectExit(refused, 1);
    expect(refused.json.error.code).toBe('VALIDATION');

    for (const content of ['{ not json', '{"category": "not an array"}']) {
      writeFileSync(bad, content);
      const r2 = forgedb(['features', 'create-bulk', '--file', bad, '--project', dir]);
      expectExit(r2, 1);
      expect(r2.stderr).toMatch(/nothing was created/);
    }
    expectExit(
      forgedb(['features', 'create-bulk', '--file', path.join(dir, 'missing.json'), '--project', dir]),
      1,
    );
    expect(dump(db)).toBe(before);
  });

  it('works on the oldest legacy shape: the file is upgraded (with a backup) on first use', () => {
    const dir = tempDir('forgedb-features-');
    const db = copyFixture('features-v1-oldest.db', dir, '.autocoder/features.db');
    const r = forgedbJson<{ total: number }>(['features', 'stats', '--project', dir]);
    expectExit(r, 0);
    expect(r.json.total).toBe(query<{ n: number }>(db, 'SELECT count(*) AS n FROM features')[0]!.n);
    expect(readdirSync(path.dirname(db)).some((n) => n.startsWith('features.db.backup-'))).toBe(true);
  });

  it('says on stderr, in one line, which file a read upgraded, how and where the backup is', () => {
    for (const sub of [['stats'], ['ready'], ['blocked'], ['graph'], ['get', '1']]) {
      const dir = tempDir('forgedb-features-');
      const db = copyFixture('features-v1-oldest.db', dir, '.autocoder/features.db');
      // Run from the project, so the line shows paths relative to it, as human output does.
      const r = forgedbJson(['features', ...sub, '--project', dir], { cwd: dir });
      expectExit(r, 0);
      expect(r.json.ok, sub.join(' ')).toBe(true);
      const backups = readdirSync(path.dirname(db)).filter((n) => n.startsWith('features.db.backup-'));
      expect(backups, sub.join(' ')).toHaveLength(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, sub.join(' ')).toHaveLength(1);
      expect(lines[0]).toContain('forgedb: upgraded .autocoder/features.db from its legacy shape');
      expect(lines[0]).toContain('applied 0001_claim_leases');
      expect(lines[0]).toContain(`backup: .autocoder/${backups[0]!}`);

      // Once current, the file is only read: no notice, no new backup.
      const again = forgedbJson(['features', ...sub, '--project', dir]);
      expectExit(again, 0);
      expect(again.stderr).toBe('');
      expect(readdirSync(path.dirname(db)).filter((n) => n.startsWith('features.db.backup-'))).toEqual(
        backups,
      );
    }
  });
});
