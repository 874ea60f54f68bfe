import { createTestDatabase, pgSkipped, type TestDatabase } from '@forgedb/pg-test-server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParameters, SqlFragment, sqlLiteral } from './sql-literal.js';

/** Text no literal may change: quotes, backslashes (alone, doubled, before a quote), unicode, controls. */
const AWKWARD = [
  '',
  'plain agent-1',
  "it's",
  "''",
  "'; DROP TABLE t; --",
  '\\',
  "\\'",
  "\\''; SELECT 1; --",
  'C:\\temp\\new',
  '$1 $$ $tag$',
  '"quoted"',
  'é ü ß — 漢字 🚀',
  '\u00ff\u0100',
  'tab\there\nnewline\r\n',
  '\u007f\u0080\u009f',
  'a'.repeat(300),
];

describe('sqlLiteral', () => {
  it('quotes plain printable ASCII as a standard string constant', () => {
    expect(sqlLiteral('agent-1 (a@b)')).toBe("'agent-1 (a@b)'");
    expect(sqlLiteral('2026-01-01 00:00:00.000000+00')).toBe("'2026-01-01 00:00:00.000000+00'");
  });

  it('sends other text as hex, so no quote or backslash of the value is ever in the SQL text', () => {
    expect(sqlLiteral("it's")).toBe("convert_from(decode('69742773', 'hex'), 'UTF8')");
    for (const text of AWKWARD.filter((t) => !/^[\x20-\x7e]*$/.test(t) || /['\\]/.test(t))) {
      const literal = sqlLiteral(text);
      expect(literal).toMatch(/^convert_from\(decode\('[0-9a-f]*', 'hex'\), 'UTF8'\)$/);
    }
  });

  it('formats numbers, booleans, bigints and integer arrays as node-pg sends them, NULL for null', () => {
    expect(sqlLiteral(42)).toBe("'42'");
    expect(sqlLiteral(-7)).toBe("'-7'");
    expect(sqlLiteral(1.5)).toBe("'1.5'");
    expect(sqlLiteral(Number.NaN)).toBe("'NaN'");
    expect(sqlLiteral(2n ** 63n - 1n)).toBe("'9223372036854775807'");
    expect(sqlLiteral(true)).toBe("'true'");
    expect(sqlLiteral([3, 1, 2])).toBe("'{3,1,2}'");
    expect(sqlLiteral([])).toBe("'{}'");
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral(new SqlFragment('now()'))).toBe('(now())');
  });

  it('refuses values it cannot write as text', () => {
    expect(() => sqlLiteral({} as never)).toThrow(TypeError);
    expect(() => sqlLiteral(new Date() as never)).toThrow(TypeError);
    expect(() => sqlLiteral([1.5] as never)).toThrow(TypeError);
    expect(() => sqlLiteral(['a'] as never)).toThrow(TypeError);
  });
});

describe('inlineParameters', () => {
  it('replaces each $n, and leaves quoted identifiers and string constants alone', () => {
    expect(
      inlineParameters(`SELECT "a$1""x", '$2 it''s', $2::int, $10, x$1 FROM "s"."t" WHERE id = $1`, [
        5,
        6,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        'ten',
      ]),
    ).toBe(`SELECT "a$1""x", '$2 it''s', '6'::int, 'ten', x$1 FROM "s"."t" WHERE id = '5'`);
  });

  it('refuses text it would have to guess about: no value, $ quoting, comments, backslashes, open quotes', () => {
    expect(() => inlineParameters('SELECT $2', [1])).toThrow(/\$2 has no value/);
    expect(() => inlineParameters('SELECT $0', [1])).toThrow(TypeError);
    expect(() => inlineParameters('SELECT $$x$$', [])).toThrow(TypeError);
    expect(() => inlineParameters('SELECT $1 -- x', [1])).toThrow(TypeError);
    expect(() => inlineParameters('SELECT /* $1 */ 1', [1])).toThrow(TypeError);
    expect(() => inlineParameters("SELECT E'\\n'", [])).toThrow(TypeError);
    expect(() => inlineParameters("SELECT 'open", [])).toThrow(TypeError);
    expect(() => inlineParameters('SELECT "open', [])).toThrow(TypeError);
  });
});

describe.skipIf(pgSkipped())('literals on a real server', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it.each(['on', 'off'])(
    'reads every value back as the same value bound as a parameter (standard_conforming_strings %s)',
    async (setting) => {
      await client.query(`SET standard_conforming_strings = ${setting}`);
      for (const text of AWKWARD) {
        const inlined = inlineParameters('SELECT $1::text AS v, $1::text = $2::text AS same', [text, text]);
        const { rows } = await client.query<{ v: string; same: boolean }>(inlined);
        expect(rows).toEqual([{ v: text, same: true }]);
        const bound = await client.query<{ v: string }>('SELECT $1::text AS v', [text]);
        expect(bound.rows[0]!.v).toBe(rows[0]!.v);
      }
      const typed = await client.query(
        inlineParameters(
          'SELECT $1::bigint AS n, $2::boolean AS b, $3::bigint[] AS a, $4::int IS NULL AS z',
          [-42, false, [1, 2], null],
        ),
      );
      expect(typed.rows).toEqual([{ n: '-42', b: false, a: ['1', '2'], z: true }]);
      await client.query('RESET standard_conforming_strings');
    },
  );

  it('a NUL in text is refused by the server with the error a bound parameter gets, and nothing runs after it', async () => {
    const bound = await client.query('SELECT $1::text', ['a\u0000b']).catch((e: unknown) => e);
    const inlined = await client
      .query(`${inlineParameters('SELECT $1::text', ['a\u0000b'])}; CREATE TABLE after_nul (x int)`)
      .catch((e: unknown) => e);
    expect(inlined).toBeInstanceOf(Error);
    expect((inlined as { code?: string }).code).toBe('22021');
    expect((inlined as { code?: string }).code).toBe((bound as { code?: string }).code);
    const { rows } = await client.query("SELECT to_regclass('after_nul') IS NULL AS absent");
    expect(rows).toEqual([{ absent: true }]);
  });
});
