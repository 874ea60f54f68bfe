import { describe, expect, it } from 'vitest';
import { appendToColumnDefinitions, columnDefinitions } from './column-definitions.js';

const names = (sql: string) => columnDefinitions(sql).map((s) => s.name);

describe('columnDefinitions', () => {
  it("reads SQLAlchemy's layout, leaving out table constraints", () => {
    const sql = `CREATE TABLE features (
	id INTEGER NOT NULL, 
	steps JSON NOT NULL, 
	testing_in_progress BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_x CHECK (id >= 1 AND id <= 5), 
	FOREIGN KEY(id) REFERENCES other (id) ON DELETE CASCADE
)`;
    expect(names(sql)).toEqual(['id', 'steps', 'testing_in_progress']);
    const span = columnDefinitions(sql)[2]!;
    expect(sql.slice(span.start, span.end)).toBe('testing_in_progress BOOLEAN NOT NULL');
  });

  it('sees through quotes, nested parentheses and comments', () => {
    const sql = `CREATE TABLE "odd (table)" ("a,b" VARCHAR(10, 2) DEFAULT 'x, y)' /* c, ) */, [check] INT -- ,)
, \`primary\` TEXT CHECK (length(\`primary\`) > (1)), "say ""hi""" BOOLEAN NOT NULL, UNIQUE ("a,b"))`;
    expect(names(sql)).toEqual(['a,b', 'check', 'primary', 'say "hi"']);
    const spans = columnDefinitions(sql);
    expect(sql.slice(spans[0]!.start, spans[0]!.end)).toBe(`"a,b" VARCHAR(10, 2) DEFAULT 'x, y)'`);
    expect(sql.slice(spans[1]!.start, spans[1]!.end)).toBe('[check] INT');
  });

  it('refuses what is not a CREATE TABLE with a column list', () => {
    expect(() => columnDefinitions('CREATE TABLE t AS SELECT 1')).toThrow(/column list/);
    expect(() => columnDefinitions('CREATE TABLE t (a INT')).toThrow(/unterminated/);
    expect(() => columnDefinitions(`CREATE TABLE t (a INT DEFAULT 'x)`)).toThrow(/unterminated/);
  });
});

describe('appendToColumnDefinitions', () => {
  it('appends after the last token of each named definition and keeps every other byte', () => {
    const sql = 'CREATE TABLE t (\n\ta BOOLEAN NOT NULL, \n\tB bool NOT NULL -- note\n, c INT\n)';
    const out = appendToColumnDefinitions(
      sql,
      new Map([
        ['a', 'DEFAULT 0'],
        ['b', 'DEFAULT 1'],
      ]),
    );
    expect(out).toBe(
      'CREATE TABLE t (\n\ta BOOLEAN NOT NULL DEFAULT 0, \n\tB bool NOT NULL DEFAULT 1 -- note\n, c INT\n)',
    );
  });

  it('refuses a column the statement does not define', () => {
    expect(() => appendToColumnDefinitions('CREATE TABLE t (a INT)', new Map([['z', 'DEFAULT 0']]))).toThrow(
      /no definition of column\(s\) z/,
    );
  });
});
