/** One column definition inside a CREATE TABLE statement, as offsets into the statement's text. */
export interface ColumnDefinitionSpan {
  /** The column's name, unquoted. */
  name: string;
  /** Offset of the definition's first character (the name). */
  start: number;
  /** Offset just after the definition's last token: trailing blanks and comments are not part of it. */
  end: number;
}

/** Words that open a table constraint when they come first, unquoted, in a list element. */
const TABLE_CONSTRAINT_WORDS = new Set(['constraint', 'primary', 'unique', 'check', 'foreign']);

interface Token {
  start: number;
  end: number;
  text: string;
}

/**
 * Splits SQL into tokens, skipping blanks and comments. Quoted identifiers ("", ``, []) and string
 * literals ('') are single tokens, so a comma, parenthesis or keyword inside them is never seen.
 */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (c === '"' || c === '`' || c === "'" || c === '[') {
      const closer = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(closer, j);
        if (k === -1) throw new Error(`unterminated ${c} in table definition`);
        // Doubling the quote escapes it (not inside brackets, which have no escape).
        if (closer !== ']' && sql[k + 1] === closer) j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      tokens.push({ start: i, end: j, text: sql.slice(i, j) });
      i = j;
    } else if (/[\w$]/.test(c) || c.charCodeAt(0) > 127) {
      let j = i + 1;
      while (j < sql.length && (/[\w$]/.test(sql[j]!) || sql.charCodeAt(j) > 127)) j++;
      tokens.push({ start: i, end: j, text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ start: i, end: i + 1, text: c });
      i++;
    }
  }
  return tokens;
}

function unquote(token: string): { name: string; quoted: boolean } {
  const first = token[0];
  if (first === '"' || first === '`' || first === "'")
    return { name: token.slice(1, -1).replaceAll(first + first, first), quoted: true };
  if (first === '[') return { name: token.slice(1, -1), quoted: true };
  return { name: token, quoted: false };
}

/**
 * Finds every column definition of a `CREATE TABLE name (...)` statement as SQLite stores it in
 * sqlite_master: the elements of the outer parenthesised list that are not table constraints.
 * Throws for text it cannot read as such a statement (e.g. `CREATE TABLE ... AS SELECT`).
 */
export function columnDefinitions(createTableSql: string): ColumnDefinitionSpan[] {
  const tokens = tokenize(createTableSql);
  const open = tokens.findIndex((t) => t.text === '(');
  if (open === -1 || !/^create$/i.test(tokens[0]?.text ?? ''))
    throw new Error('not a CREATE TABLE statement with a column list');
  const spans: ColumnDefinitionSpan[] = [];
  let depth = 0;
  let element: Token[] = [];
  const finish = () => {
    const head = element[0];
    const last = element.at(-1);
    element = [];
    if (!head || !last) throw new Error('empty element in the column list');
    const { name, quoted } = unquote(head.text);
    if (!quoted && TABLE_CONSTRAINT_WORDS.has(name.toLowerCase())) return;
    spans.push({ name, start: head.start, end: last.end });
  };
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (depth === 0 && (t.text === ',' || t.text === ')')) {
      finish();
      if (t.text === ')') return spans;
      continue;
    }
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    element.push(t);
  }
  throw new Error('unterminated column list');
}

/**
 * The statement with `clause` appended to the named columns' definitions (column constraints may
 * come in any order, so appending keeps every other byte of the statement as it was).
 */
export function appendToColumnDefinitions(createTableSql: string, additions: Map<string, string>): string {
  const spans = columnDefinitions(createTableSql);
  const wanted = new Map([...additions].map(([name, clause]) => [name.toLowerCase(), clause]));
  const targets = spans.filter((s) => wanted.has(s.name.toLowerCase()));
  const missing = [...wanted.keys()].filter((n) => !targets.some((s) => s.name.toLowerCase() === n));
  if (missing.length > 0) throw new Error(`no definition of column(s) ${missing.join(', ')}`);
  let sql = createTableSql;
  // From the end, so earlier offsets stay valid.
  for (const span of [...targets].sort((a, b) => b.end - a.end))
    sql = `${sql.slice(0, span.end)} ${wanted.get(span.name.toLowerCase())!}${sql.slice(span.end)}`;
  return sql;
}
