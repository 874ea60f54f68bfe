/**
 * A comparable form of a DDL statement: what SQLite stores in sqlite_master differs from what a
 * migration ran only in ways that do not change meaning. SQLite drops `IF NOT EXISTS` and the text
 * before CREATE; people and tools differ in quoting, keyword case, spacing and comments. String
 * literals are kept as they are, since their case and spacing do matter.
 */
export function normaliseSql(sql: string): string {
  return sql
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : normaliseCode(part)))
    .join('')
    .trim()
    .replace(/;$/, '');
}

function normaliseCode(code: string): string {
  return code
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/[`"[\]]/g, '')
    .toLowerCase()
    .replace(/\bif\s+not\s+exists\b/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),;=<>!+\-*/.|])\s*/g, '$1');
}
