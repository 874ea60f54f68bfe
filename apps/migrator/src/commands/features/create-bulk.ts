import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureBulkItem } from '@forgedb/store';
import { CommandError } from '../../errors.js';
import { featureTable } from './feature-text.js';
import type { SubcommandRunner } from './outcome.js';

/**
 * Reads the batch before the project is opened, so an unreadable or malformed file fails
 * without touching the database. `-` reads standard input, so a generator can pipe a batch in.
 */
export function loadBatch(file: string): FeatureBulkItem[] {
  const source = file === '-' ? 'standard input' : path.resolve(file);
  const text = readFileSync(file === '-' ? 0 : source, 'utf8');
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch (error) {
    throw new CommandError(
      `${source} is not valid JSON (${(error as Error).message}); nothing was created.`,
      'VALIDATION',
    );
  }
  if (!Array.isArray(items))
    throw new CommandError(
      `${source} must hold a JSON array of { category, name, description, steps, depends_on_indices? }; nothing was created.`,
      'VALIDATION',
    );
  // Only the outer shape is checked here: the store validates every item and index before writing.
  return items as FeatureBulkItem[];
}

export const createBulk: SubcommandRunner = async (store, args) => {
  const r = await store.features.createBulk(args.batch ?? []);
  return { result: r, text: `Created ${r.created} feature(s):\n\n${featureTable(r.features)}` };
};
