import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ForgeDbError } from '@forgedb/db-core';
import { openStore, type Store } from '@forgedb/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '@forgedb/test-utils';
import { runCli } from './helpers/processes.js';
import { databaseDigest } from './helpers/invariants.js';
import { makeProject } from './helpers/legacy.js';
import { apiCases, item, LONE, many, SQLISH } from './helpers/api-cases.js';

afterAll(removeTempDirs);

/**
 * The project every case runs against: features 1..30, where 2 depends on 1, 3 on 2, and 1 is
 * passing; one conversation. Each case is refused and must leave every table exactly as it was.
 */
let project: string;
let file: string;
let store: Store;
let conversationId: number;

beforeAll(async () => {
  ({ project, file } = makeProject(tempDir()));
  store = await openStore({ file, backup: false });
  await store.features.createBulk(
    Array.from({ length: 30 }, (_, i) =>
      item({ name: `feature ${i + 1}`, ...(i > 0 && i < 3 ? { depends_on_indices: [i - 1] } : {}) }),
    ),
  );
  const { lease } = await store.features.claim(1, { agent: 'setup' });
  await store.features.markPassing(1, { lease });
  conversationId = (await store.conversations.create({ project_name: 'p' })).id;
  await store.conversations.addMessage(conversationId, { role: 'user', content: 'hello' });
  return () => store.close();
});

describe('store API bad input: typed error, clear message, every table unchanged', () => {
  it.each(apiCases(() => conversationId))('$name', async (c) => {
    const before = databaseDigest(file);
    const error = await c.call(store).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForgeDbError);
    expect((error as ForgeDbError).code).toBe(c.code);
    expect((error as Error).message).toMatch(c.message);
    expect(databaseDigest(file)).toBe(before);
  });

  it('an unknown conversation gets null for a message, not an error, and nothing is written', async () => {
    const before = databaseDigest(path.join(path.dirname(file), 'assistant.db'));
    expect(await store.conversations.addMessage(999_999, { role: 'user', content: 'x' })).toBeNull();
    expect(databaseDigest(path.join(path.dirname(file), 'assistant.db'))).toBe(before);
  });

  it('strings that look like SQL are stored and read back verbatim', async () => {
    const created = await store.features.create(
      item({
        name: SQLISH,
        category: `'; DELETE FROM features; --`,
        description: `"); DROP TABLE features; --`,
        steps: [SQLISH, '%', '_', '\\'],
      }),
    );
    const read = await store.features.get(created.id);
    expect(read).toMatchObject({
      name: SQLISH,
      category: `'; DELETE FROM features; --`,
      description: `"); DROP TABLE features; --`,
      steps: [SQLISH, '%', '_', '\\'],
    });
    expect((await store.features.stats()).total).toBe(31);
    const m = await store.conversations.addMessage(conversationId, { role: 'user', content: SQLISH });
    expect((await store.conversations.messages(conversationId, { after: m!.id - 1 })).items[0]!.content).toBe(
      SQLISH,
    );
  });
});

interface CliCase {
  name: string;
  args: (bulkFile: string) => string[];
  /** The JSON written to --file for create-bulk. */
  bulk?: unknown;
  exit: 1 | 2;
  message: RegExp;
}

const cliCases: CliCase[] = [
  { name: 'get an unknown id', args: () => ['get', '999999'], exit: 1, message: /999999 not found/ },
  { name: 'pass an unknown id', args: () => ['pass', '999999'], exit: 1, message: /999999/ },
  // The argument parser sees an option here; the message names it, though not as an id.
  { name: 'get a negative id', args: () => ['get', '-3'], exit: 2, message: /'-3'/ },
  { name: 'get a non-integer id', args: () => ['get', '1.5'], exit: 2, message: /ID|integer/ },
  { name: 'get a word as id', args: () => ['get', 'abc'], exit: 2, message: /ID|integer/ },
  { name: 'claim a passing feature', args: () => ['claim', '1'], exit: 1, message: /already passing/ },
  { name: 'ready --limit 51', args: () => ['ready', '--limit', '51'], exit: 1, message: /limit/ },
  { name: 'an unknown subcommand', args: () => ['explode'], exit: 2, message: /explode|subcommand/ },
  {
    name: 'create-bulk of a file that is not JSON',
    args: (f) => ['create-bulk', '--file', f],
    bulk: '{not json',
    exit: 1,
    message: /JSON/,
  },
  {
    name: 'create-bulk of a non-array',
    args: (f) => ['create-bulk', '--file', f],
    bulk: { name: 'x' },
    exit: 1,
    message: /array/,
  },
  {
    name: 'create-bulk with steps not a string array',
    args: (f) => ['create-bulk', '--file', f],
    bulk: [item({ steps: 'x' })],
    exit: 1,
    message: /steps/,
  },
  {
    name: 'create-bulk with a 256-character name',
    args: (f) => ['create-bulk', '--file', f],
    bulk: [item({ name: 'n'.repeat(256) })],
    exit: 1,
    message: /name/,
  },
  {
    name: 'create-bulk with 21 dependencies on one item',
    args: (f) => ['create-bulk', '--file', f],
    bulk: [...Array.from({ length: 21 }, () => item()), item({ depends_on_indices: many(21, 0) })],
    exit: 1,
    message: /depends_on_indices|20/,
  },
  {
    name: 'get an id beyond 2^53',
    args: () => ['get', '9007199254740993'],
    exit: 2,
    message: /9007199254740993 is beyond 9007199254740991/,
  },
  {
    name: 'create-bulk with a step nested 5000 levels deep',
    args: (f) => ['create-bulk', '--file', f],
    bulk: `[{"category": "c", "name": "n", "description": "d", "steps": [${'['.repeat(5000)}${']'.repeat(5000)}]}]`,
    exit: 1,
    message: /steps/,
  },
  {
    name: 'create-bulk with a lone surrogate in a name ("x \\udc00 y" in the JSON)',
    args: (f) => ['create-bulk', '--file', f],
    bulk: [item(), item({ name: LONE })],
    exit: 1,
    message: /1\.name: contains a lone UTF-16 surrogate/,
  },
  {
    name: 'create-bulk of a missing file',
    args: (f) => ['create-bulk', '--file', `${f}.missing`],
    exit: 1,
    message: /missing|not found|no such/i,
  },
];

describe('forgedb features bad input: exit 1 (refused) or 2 (usage), a clear message, every table unchanged', () => {
  it.each(cliCases)('$name -> exit $exit', async (c) => {
    const bulkFile = path.join(tempDir(), 'bulk.json');
    if (c.bulk !== undefined)
      writeFileSync(bulkFile, typeof c.bulk === 'string' ? c.bulk : JSON.stringify(c.bulk));
    const before = databaseDigest(file);
    const run = await runCli(['features', ...c.args(bulkFile), '--project', project]);
    expect(run.code, run.stdout + run.stderr).toBe(c.exit);
    expect(run.stderr).toMatch(c.message);
    expect(databaseDigest(file)).toBe(before);
  });

  it('create-bulk stores SQL-looking strings verbatim', async () => {
    const bulkFile = path.join(tempDir(), 'bulk.json');
    writeFileSync(bulkFile, JSON.stringify([item({ name: `cli ${SQLISH}`, steps: [SQLISH] })]));
    const run = await runCli(['features', 'create-bulk', '--file', bulkFile, '--project', project, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const { features } = JSON.parse(run.stdout) as { features: { id: number }[] };
    expect(await store.features.get(features[0]!.id)).toMatchObject({
      name: `cli ${SQLISH}`,
      steps: [SQLISH],
    });
  });
});
