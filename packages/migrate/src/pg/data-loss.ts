/**
 * What a statement would destroy, in words, or null: dropped tables, columns and sequences,
 * truncations and deletions. A plan shows it beside the statement, so `--dry-run` of a down says it drops
 * data before anyone runs it.
 */
export function dataLoss(statement: string): string | null {
  const s = statement.replace(/\s+/g, ' ').trim();
  let m = /^DROP TABLE (?:IF EXISTS )?([^\s;]+)/i.exec(s);
  if (m) return `drops table ${m[1]} and every row in it`;
  m = /^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?([^\s;]+) .*\bDROP (?:COLUMN )?(?:IF EXISTS )?("?[\w]+"?)/i.exec(
    s,
  );
  if (m && !/\bDROP (?:CONSTRAINT|DEFAULT|NOT NULL|IDENTITY|EXPRESSION)\b/i.test(s)) {
    return `drops column ${m[2]} of ${m[1]} and its values`;
  }
  // A sequence holds no rows, but its value is state (e.g. the claim generations issued so far).
  m = /^DROP SEQUENCE (?:IF EXISTS )?([^\s;]+)/i.exec(s);
  if (m) return `drops sequence ${m[1]} and its current value`;
  m = /^TRUNCATE (?:TABLE )?([^\s;]+)/i.exec(s);
  if (m) return `removes every row of ${m[1]}`;
  m = /^DELETE FROM ([^\s;]+)/i.exec(s);
  if (m) return `deletes rows of ${m[1]}`;
  return null;
}
