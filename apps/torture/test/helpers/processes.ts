import path from 'node:path';
import {
  killAfter,
  runNode,
  startNode,
  type Exit,
  type Running,
  type SpawnOptions,
} from '@forgedb/test-utils';

const WORKERS = path.resolve(import.meta.dirname, '../workers');
export const CLI = path.resolve(import.meta.dirname, '../../../migrator/dist/bin.js');

/**
 * Starts test/workers/<name> with its arguments as one JSON string. Workers are plain ESM over the
 * built packages: tsx would add about a second of start-up to each of the hundreds of processes
 * the suite starts and kills. They print `ready` before the work that gets killed.
 */
export function startWorker(name: string, args: unknown): Running {
  return startNode(path.join(WORKERS, name), [JSON.stringify(args)]);
}

/** Resolves when the worker printed `ready`, or exited without it. */
export function ready(run: Running): Promise<boolean> {
  return run.waitFor('ready');
}

export function killAfterReady(run: Running, delayMs: number): Promise<Exit> {
  return killAfter(run, 'ready', delayMs);
}

/** The built forgedb CLI as a real process, the way a user or a script runs it. */
export function runCli(args: string[], options: SpawnOptions = {}): Promise<Exit> {
  return runNode(CLI, args, options);
}
