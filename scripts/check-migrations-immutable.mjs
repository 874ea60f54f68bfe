#!/usr/bin/env node
// Shipped migrations are immutable: every file ever committed under packages/schema/drizzle (both
// dialects: drizzle/<kind> for SQLite, drizzle/pg/<kind> for PostgreSQL, down files included)
// must still exist and be byte-identical to the commit that first added it, and each journal may
// only grow by appending entries. Every PostgreSQL migration must also have its reviewed
// <tag>.down.sql beside it. Git history is the reference, so editing a migration together with
// anything that "locks" it in the same commit still fails here.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const ROOT = 'packages/schema/drizzle';
const git = (...args) => execFileSync('git', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
const text = (...args) => git(...args).toString('utf8');

if (text('rev-parse', '--is-shallow-repository').trim() === 'true') {
  console.error(
    'check-migrations-immutable: this clone is shallow; the check needs the full history (git fetch --unshallow).',
  );
  process.exit(1);
}

const problems = [];
// Oldest first, so the first commit that added a path is the first seen.
const log = text('log', '--reverse', '--diff-filter=A', '--name-only', '--format=commit %H', '--', ROOT);
const firstAdded = new Map();
let commit = null;
for (const line of log.split('\n')) {
  if (line.startsWith('commit ')) commit = line.slice(7);
  else if (line.trim() && !firstAdded.has(line)) firstAdded.set(line, commit);
}

for (const [file, added] of firstAdded) {
  if (file.endsWith('/_journal.json')) continue;
  if (!existsSync(file)) {
    problems.push(`${file} was shipped in ${added.slice(0, 12)} and has been deleted`);
    continue;
  }
  if (!git('show', `${added}:${file}`).equals(readFileSync(file))) {
    problems.push(`${file} differs from the version shipped in ${added.slice(0, 12)}`);
  }
}

const entryKey = (e) => JSON.stringify([e.idx, e.tag, e.when, e.breakpoints]);
for (const journal of [...firstAdded.keys()].filter((f) => f.endsWith('/_journal.json'))) {
  if (!existsSync(journal)) {
    problems.push(`${journal} has been deleted`);
    continue;
  }
  const current = JSON.parse(readFileSync(journal, 'utf8')).entries.map(entryKey);
  const commits = text('log', '--format=%H', '--', journal).split('\n').filter(Boolean);
  for (const c of commits) {
    const before = JSON.parse(text('show', `${c}:${journal}`)).entries.map(entryKey);
    const kept = before.every((entry, i) => current[i] === entry);
    if (!kept) {
      problems.push(
        `${journal}: entries committed in ${c.slice(0, 12)} were changed, removed or reordered (the journal is append-only)`,
      );
      break;
    }
  }
}

const PG_ROOT = `${ROOT}/pg`;
for (const kind of existsSync(PG_ROOT) ? readdirSync(PG_ROOT) : []) {
  const journal = `${PG_ROOT}/${kind}/meta/_journal.json`;
  if (!existsSync(journal)) continue;
  for (const { tag } of JSON.parse(readFileSync(journal, 'utf8')).entries) {
    if (!existsSync(`${PG_ROOT}/${kind}/${tag}.down.sql`)) {
      problems.push(`${PG_ROOT}/${kind}/${tag}.sql has no reviewed ${tag}.down.sql beside it`);
    }
  }
}

if (problems.length > 0) {
  console.error('Shipped migrations changed or incomplete:');
  for (const p of problems) console.error(`  - ${p}`);
  console.error(
    'Shipped migrations are immutable: restore them (git checkout <commit> -- <file>) and add a new migration instead; ' +
      'write a missing down file by generating from the empty schema and reviewing it (docs/migrations.md).',
  );
  process.exit(1);
}
console.log(`Migration immutability: ${firstAdded.size} shipped file(s) unchanged, journals append-only.`);
