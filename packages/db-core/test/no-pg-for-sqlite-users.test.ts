import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every bare package a built entry point loads, following its relative imports (static and dynamic). */
function packagesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(path.join(DIST, entry));
  return packages;
}

describe('SQLite users never load a PostgreSQL driver', () => {
  it.each(['index.js', 'sqlite/index.js', 'deprecated/errors.js', 'deprecated/paths.js'])(
    '%s loads neither pg nor a pg-* package',
    (entry) => {
      const loaded = [...packagesLoadedBy(entry)];
      expect(loaded.filter((p) => p === 'pg' || p.startsWith('pg-'))).toEqual([]);
    },
  );

  it('./pg does load pg (the walk sees imports)', () => {
    expect(packagesLoadedBy('pg/index.js').has('pg')).toBe(true);
  });
});
