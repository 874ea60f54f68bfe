import type Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { immediate } from './connection.js';

interface ExportRow {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string;
  passes: number | null;
  in_progress: number | null;
  dependencies: string | null;
  needs_human_input: number | null;
  human_input_request: string | null;
  human_input_response: string | null;
}

const parse = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Export as one would write it by hand: iterate rows, serialize, write in 1 MB chunks. */
export function rawExport(db: Database.Database, file: string): number {
  const select = db.prepare('SELECT * FROM features ORDER BY priority ASC, id ASC');
  const fd = openSync(file, 'w');
  let count = 0;
  try {
    let pending = '[';
    for (const r of select.iterate() as IterableIterator<ExportRow>) {
      const deps = parse(r.dependencies);
      const steps = parse(r.steps);
      const dict = {
        id: r.id,
        priority: r.priority,
        category: r.category,
        name: r.name,
        description: r.description,
        steps: Array.isArray(steps) ? steps : [],
        passes: Boolean(r.passes),
        in_progress: Boolean(r.in_progress),
        dependencies: Array.isArray(deps) ? deps.filter((d) => Number.isInteger(d)) : [],
        needs_human_input: Boolean(r.needs_human_input),
        human_input_request: parse(r.human_input_request),
        human_input_response: parse(r.human_input_response),
      };
      pending += `${count === 0 ? '\n  ' : ',\n  '}${JSON.stringify(dict, null, 2).replace(/\n/g, '\n  ')}`;
      count++;
      if (pending.length >= 1 << 20) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    writeSync(fd, `${pending}${count === 0 ? ']' : '\n]'}`);
  } finally {
    closeSync(fd);
  }
  return count;
}

interface Entry {
  id?: number;
  priority?: number;
  category?: string;
  name?: string;
  description?: string;
  steps?: unknown[];
  passes?: boolean;
  in_progress?: boolean;
  dependencies?: unknown;
}

/** Import as one would write it by hand: read and JSON.parse the whole file, insert in one transaction. */
export function rawImport(db: Database.Database, file: string): number {
  const entries = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Entry[];
  const insert = db.prepare(
    `INSERT INTO features (id, priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  return immediate(db, () => {
    entries.forEach((e, i) => {
      insert.run(
        e.id ?? i + 1,
        e.priority ?? i + 1,
        e.category ?? 'uncategorized',
        e.name ?? `Feature ${i + 1}`,
        e.description ?? '',
        JSON.stringify(e.steps ?? []),
        e.passes ? 1 : 0,
        e.in_progress ? 1 : 0,
        e.dependencies === undefined ? null : JSON.stringify(e.dependencies),
      );
    });
    return entries.length;
  });
}
