import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StoreFactory } from '@forgedb/store-conformance';
import { manualClock } from '../src/clock.js';
import { openStore } from '../src/open-store.js';

const START = '2026-01-01 00:00:00.000000';

/** A fresh project directory on disk, as agents use it; a second store on it is a second connection. */
export const projectStoreFactory: StoreFactory = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'forgedb-store-'));
  const clock = manualClock(START);
  const store = await openStore({ projectDir: dir, clock });
  return {
    store,
    clock,
    openAnother: () => openStore({ projectDir: dir, clock }),
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const memoryStoreFactory: StoreFactory = async () => {
  const clock = manualClock(START);
  const store = await openStore({ memory: true, clock });
  return { store, clock, cleanup: () => store.close() };
};
