import { LeaseLostError } from '@forgedb/db-core';
import type { Store } from '@forgedb/store';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { StoreFactory, StoreFixture } from './types.js';

const item = (name: string) => ({ category: 'core', name, description: `${name} works`, steps: ['check'] });

/** Two stores on one database, as two agent processes: each sees the other's commits and never shares a claim. */
export function multiConnectionSuite(factory: StoreFactory): void {
  let fx: StoreFixture;
  let other: Store;
  beforeEach(async () => {
    fx = await factory();
    if (!fx.openAnother)
      throw new Error('The multiConnection capability needs a factory whose fixtures have openAnother().');
    other = await fx.openAnother();
  });
  afterEach(async () => {
    await other.close();
    await fx.cleanup();
  });

  it('hands each feature to one store only, whichever store asks', async () => {
    await fx.store.features.createBulk(Array.from({ length: 6 }, (_, i) => item(`F${i + 1}`)));
    const claimed: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = await (i % 2 === 0 ? fx.store : other).features.claimNext({ agent: `agent-${i % 2}` });
      claimed.push(next!.feature.id);
    }
    expect([...claimed].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await other.features.claimNext({ agent: 'agent-1' })).toBeNull();
  });

  it("sees the other store's writes at once, and fences a lease the other store took over", async () => {
    await fx.store.features.create(item('A'));
    const first = await fx.store.features.claimNext({ agent: 'a', leaseSeconds: 60 });
    expect((await other.features.get(1)).in_progress).toBe(true);

    fx.clock.advance(61);
    const taken = await other.features.claimNext({ agent: 'b', leaseSeconds: 60 });
    expect(taken?.feature.id).toBe(1);
    await expect(fx.store.features.markPassing(1, { lease: first!.lease })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    await other.features.markPassing(1, { lease: taken!.lease });
    expect(await fx.store.features.stats()).toMatchObject({ total: 1, passing: 1, in_progress: 0 });
  });
}
