import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrng, jsonLines, removeTempDirs, runSeed, tempDir } from '@forgedb/test-utils';
import { killAfterReady, runCli, startWorker } from './helpers/processes.js';
import { assertQueueInvariants, databaseDigest, integrity } from './helpers/invariants.js';
import { makeCurrentFile } from './helpers/legacy.js';

afterAll(removeTempDirs);

const ROWS = 4000;
const KILLS = 15;
/** Each read command must meet a real hot journal at least this often. */
const MIN_HOT_PER_COMMAND = 2;
const MAX_KILLS = 40;

const READ_COMMANDS: [string, (project: string, file: string) => string[]][] = [
  ['status', (p) => ['status', '--project', p, '--json']],
  ['verify', (p) => ['verify', '--project', p, '--json']],
  ['backup', (p) => ['backup', '--project', p, '--out', path.join(p, 'backups'), '--json']],
  ['export-json', (p) => ['export-json', '--project', p, '--json']],
  ['migrate --dry-run', (_p, f) => ['migrate', '--db', f, '--dry-run', '--json']],
];

/** What SQLite's own recovery (a plain write-capable open) makes of a crashed file: the content a read must see. */
function recoveredDigest(file: string, journal: string, scratch: string): string {
  mkdirSync(scratch, { recursive: true });
  const copy = path.join(scratch, 'features.db');
  copyFileSync(file, copy);
  copyFileSync(journal, `${copy}-journal`);
  const db = new Database(copy);
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  db.close();
  return databaseDigest(copy);
}

const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);

function startsWithJournalHeader(journal: string): boolean {
  return existsSync(journal) && readFileSync(journal).subarray(0, 8).equals(JOURNAL_MAGIC);
}

/** The distinct rewrites (`rewrite <n>`, or the original text) the descriptions come from. */
function rewritesIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const descriptions = db.prepare('SELECT description FROM features').pluck().all() as string[];
    return [...new Set(descriptions.map((d) => /^rewrite \d+ /.exec(d)?.[0] ?? 'original'))];
  } finally {
    db.close();
  }
}

describe('SIGKILL of a rollback-journal writer, then the read commands', () => {
  it(
    `every read command rolls the hot journal back and reads the last committed content, over ${KILLS} kills`,
    { timeout: 240_000 },
    async () => {
      const seed = runSeed();
      const random = createPrng(seed);
      const root = tempDir();
      const project = path.join(root, 'project');
      const file = makeCurrentFile(path.join(project, '.autoforge', 'features.db'), ROWS);
      const db = new Database(file);
      db.pragma('journal_mode = DELETE');
      db.close();
      const hot = Object.fromEntries(READ_COMMANDS.map(([name]) => [name, 0]));
      let kills = 0;
      for (
        let i = 0;
        i < KILLS || (Object.values(hot).some((n) => n < MIN_HOT_PER_COMMAND) && i < MAX_KILLS);
        i++
      ) {
        const exit = await killAfterReady(
          startWorker('rewrite-loop.mjs', { file }),
          Math.floor(random() * 1500),
        );
        kills++;
        const committed = jsonLines<{ committed: number }>(exit.stdout).at(-1)?.committed ?? 0;
        const journal = `${file}-journal`;
        const [name, args] = READ_COMMANDS[i % READ_COMMANDS.length]!;
        const context = `seed ${seed}, kill ${i}, ${committed} committed, command ${name}`;
        // A journal whose header was not written yet (killed before the transaction's first
        // sync) starts with zeros: SQLite ignores it, and it holds nothing to roll back.
        if (!startsWithJournalHeader(journal)) {
          expect(integrity(file), context).toBe('ok');
          continue;
        }
        hot[name]!++;
        // The command runs on a copy of the crashed state, so every kill leaves the next run a fresh file.
        const target = path.join(root, `kill-${i}`);
        mkdirSync(path.join(target, '.autoforge'), { recursive: true });
        const copy = path.join(target, '.autoforge', 'features.db');
        copyFileSync(file, copy);
        copyFileSync(journal, `${copy}-journal`);
        const expected = recoveredDigest(file, journal, path.join(root, `expected-${i}`));

        const r = await runCli(args(target, copy));
        expect(r.code, `${context}: ${r.stderr}`).toBe(0);
        expect(r.stderr, context).not.toMatch(/read-only/);
        expect(existsSync(`${copy}-journal`), context).toBe(false);
        expect(databaseDigest(copy), context).toBe(expected);
        assertQueueInvariants(copy);
        // Whatever transaction was cut off left no trace: every description comes from the same rewrite.
        expect(rewritesIn(copy), context).toHaveLength(1);
        if (name === 'export-json') {
          const exported = JSON.parse(
            readFileSync(path.join(target, 'feature_list_export.json'), 'utf8'),
          ) as unknown[];
          expect(exported, context).toHaveLength(ROWS);
        }
      }
      console.log(`${JSON.stringify(hot)} over ${kills} kills, seed ${seed}`);
      for (const [name, n] of Object.entries(hot))
        expect(n, `seed ${seed}: ${name} met a hot journal ${n} times`).toBeGreaterThanOrEqual(
          MIN_HOT_PER_COMMAND,
        );
    },
  );
});
