import { closeSync, openSync, writeSync } from 'node:fs';
import { createPrng, randomInt } from './prng.js';

/**
 * The parts of the serialization contract (FeatureDict in @forgedb/schema) a generated backlog
 * fills in. Spelled out rather than picked from FeatureDict, so that every package, schema
 * included, can use these helpers without a dependency cycle.
 */
export interface GeneratedFeature {
  id: number;
  priority: number;
  category: string;
  name: string;
  description: string;
  steps: string[];
  passes: boolean;
  dependencies: number[];
}

const CATEGORIES = ['api', 'ui', 'auth', 'db', 'infra', 'docs', 'billing', 'search'];

function steps(next: () => number, id: number): string[] {
  return Array.from(
    { length: randomInt(next, 1, 4) },
    (_, s) => `Step ${s + 1} of feature ${id}: verify the behaviour`,
  );
}

/**
 * A backlog with a random dependency DAG: every feature depends on 0-3 earlier features from a
 * nearby window (so chains get deep, as real backlogs do), roughly the oldest third passes, and
 * priorities are the ids (as creation gives them).
 */
export function* backlog(count: number, seed: number): Generator<GeneratedFeature> {
  const next = createPrng(seed);
  for (let id = 1; id <= count; id++) {
    const deps = new Set<number>();
    if (id > 1) {
      const n = randomInt(next, 0, 3);
      for (let k = 0; k < n; k++) deps.add(randomInt(next, Math.max(1, id - 200), id - 1));
    }
    yield {
      id,
      priority: id,
      category: CATEGORIES[id % CATEGORIES.length]!,
      name: `Feature ${id}: ${CATEGORIES[randomInt(next, 0, CATEGORIES.length - 1)]} behaviour`,
      description: `Description of feature ${id}. `.repeat(randomInt(next, 1, 6)),
      steps: steps(next, id),
      passes: id < count / 3 && next() < 0.9,
      dependencies: [...deps].sort((a, b) => a - b),
    };
  }
}

export interface BulkItem {
  category: string;
  name: string;
  description: string;
  steps: string[];
  depends_on_indices?: number[];
}

/** createBulk input: each item may point at up to 3 earlier items of the same batch. */
export function bulkItems(count: number, seed: number): BulkItem[] {
  const next = createPrng(seed);
  const items: BulkItem[] = [];
  for (let i = 0; i < count; i++) {
    const deps = new Set<number>();
    if (i > 0) {
      const n = randomInt(next, 0, 3);
      for (let k = 0; k < n; k++) deps.add(randomInt(next, Math.max(0, i - 100), i - 1));
    }
    const item: BulkItem = {
      category: CATEGORIES[i % CATEGORIES.length]!,
      name: `Bulk feature ${i}`,
      description: `Created in bulk, item ${i}.`,
      steps: steps(next, i),
    };
    if (deps.size > 0) item.depends_on_indices = [...deps].sort((a, b) => a - b);
    items.push(item);
  }
  return items;
}

/** Writes a feature_list.json of `count` entries without holding it in memory. */
export function writeFeatureListJson(file: string, count: number, seed: number): void {
  const fd = openSync(file, 'w');
  try {
    let chunk = '[';
    let first = true;
    for (const f of backlog(count, seed)) {
      const entry = {
        id: f.id,
        priority: f.priority,
        category: f.category,
        name: f.name,
        description: f.description,
        steps: f.steps,
        passes: f.passes,
        dependencies: f.dependencies.length > 0 ? f.dependencies : undefined,
      };
      chunk += `${first ? '\n  ' : ',\n  '}${JSON.stringify(entry)}`;
      first = false;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, `${chunk}\n]\n`);
  } finally {
    closeSync(fd);
  }
}

/** Message bodies of 40-400 characters, deterministic per index. */
export function messageContent(i: number): string {
  const next = createPrng(i + 1);
  return `Message ${i}: ${'the agent reports progress on the task. '.repeat(randomInt(next, 1, 10))}`;
}
