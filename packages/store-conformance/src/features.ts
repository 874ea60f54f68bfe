import { ConflictError, LeaseLostError, NotFoundError, ValidationError } from '@forgedb/db-core';
import { FEATURE_KEYS } from '@forgedb/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeatureBulkItem, FeaturesApi } from '@forgedb/store';
import type { StoreCapabilities, StoreFactory, StoreFixture } from './types.js';

const item = (name: string, extra: Partial<FeatureBulkItem> = {}): FeatureBulkItem => ({
  category: 'core',
  name,
  description: `${name} works`,
  steps: [`check ${name}`],
  ...extra,
});

/** Creates features 1..n in a fresh store: `deps[i]` lists the 0-based indices item i depends on. */
async function seed(features: FeaturesApi, n: number, deps: Record<number, number[]> = {}) {
  const items = Array.from({ length: n }, (_, i) =>
    item(`F${i + 1}`, deps[i] ? { depends_on_indices: deps[i] } : {}),
  );
  return (await features.createBulk(items)).features.map((f) => f.id);
}

/** The work queue's behaviour through the public API only, so every dialect can run it. */
export function featuresSuite(factory: StoreFactory, capabilities: StoreCapabilities = {}): void {
  /** A fresh store's first generation: 1 where the store counts its own, else any positive one. */
  const expectFirstGeneration = (generation: number | undefined) =>
    capabilities.sharedGenerations
      ? expect(generation).toBeGreaterThanOrEqual(1)
      : expect(generation).toBe(1);
  /** The generation after `previous`: exactly the next where the store counts its own, else above it. */
  const expectNextGeneration = (generation: number | undefined, previous: number) =>
    capabilities.sharedGenerations
      ? expect(generation).toBeGreaterThan(previous)
      : expect(generation).toBe(previous + 1);
  let fx: StoreFixture;
  let features: FeaturesApi;
  beforeEach(async () => {
    fx = await factory();
    features = fx.store.features;
  });
  afterEach(async () => {
    await fx.cleanup();
  });

  describe('create, get, stats', () => {
    it('creates features with priority max+1 and returns the serialization contract', async () => {
      const first = await features.create(item('Login'));
      const second = await features.create(item('Logout'));
      expect(Object.keys(first).sort()).toEqual([...FEATURE_KEYS].sort());
      expect(first).toMatchObject({
        id: 1,
        priority: 1,
        passes: false,
        in_progress: false,
        dependencies: [],
        needs_human_input: false,
      });
      expect(second.priority).toBe(2);
      expect(await features.get(second.id)).toEqual(second);
      expect(await features.summary(second.id)).toEqual({
        id: 2,
        priority: 2,
        category: 'core',
        name: 'Logout',
        passes: false,
        in_progress: false,
        needs_human_input: false,
        dependencies: [],
      });
    });

    it.each([
      ['an empty name', { name: '' }],
      ['a 256-character name', { name: 'x'.repeat(256) }],
      ['a 101-character category', { category: 'c'.repeat(101) }],
      ['an empty description', { description: '' }],
      ['empty steps', { steps: [] }],
      ['steps that are not strings', { steps: [1, 2] }],
      ['steps that are not an array', { steps: 'do it' }],
    ])('refuses %s with a ValidationError and creates nothing', async (_, bad) => {
      await expect(features.create({ ...item('X'), ...bad } as never)).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect((await features.stats()).total).toBe(0);
    });

    it('stores SQL-looking strings verbatim', async () => {
      const name = "x'); DROP TABLE features; --";
      const created = await features.create(item(name));
      expect((await features.get(created.id)).name).toBe(name);
      expect((await features.stats()).total).toBe(1);
    });

    it('counts in one aggregate, with a one-decimal percentage', async () => {
      expect(await features.stats()).toEqual({
        total: 0,
        passing: 0,
        in_progress: 0,
        needs_human_input: 0,
        percentage: 0,
      });
      await seed(features, 3);
      await features.markPassing(1);
      await features.claim(2);
      expect(await features.stats()).toEqual({
        total: 3,
        passing: 1,
        in_progress: 1,
        needs_human_input: 0,
        percentage: 33.3,
      });
    });

    it.each([[0], [-1], [1.5], ['1'], [Number.NaN]])(
      'rejects the id %s with a ValidationError',
      async (id) => {
        await expect(features.get(id as number)).rejects.toBeInstanceOf(ValidationError);
        await expect(features.claim(id as number)).rejects.toBeInstanceOf(ValidationError);
      },
    );

    it('reports unknown ids as NotFoundError', async () => {
      await expect(features.get(42)).rejects.toBeInstanceOf(NotFoundError);
      await expect(features.markPassing(42)).rejects.toBeInstanceOf(NotFoundError);
      await expect(features.skip(42)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('createBulk', () => {
    it('gives contiguous priorities from max+1 and maps depends_on_indices to sorted created ids', async () => {
      await features.create(item('Existing'));
      const { created, features: made } = await features.createBulk([
        item('A'),
        item('B'),
        item('C', { depends_on_indices: [1, 0] }),
      ]);
      expect(created).toBe(3);
      expect(made.map((f) => f.priority)).toEqual([2, 3, 4]);
      expect(made[2]!.dependencies).toEqual([made[0]!.id, made[1]!.id]);
    });

    it.each([
      ['a forward reference', [item('A', { depends_on_indices: [1] }), item('B')]],
      ['a self reference', [item('A'), item('B', { depends_on_indices: [1] })]],
      ['a duplicate index', [item('A'), item('B', { depends_on_indices: [0, 0] })]],
      [
        '21 dependencies',
        [
          ...Array.from({ length: 21 }, (_, i) => item(`D${i}`)),
          item('Z', { depends_on_indices: [...Array(21).keys()] }),
        ],
      ],
      ['one invalid item', [item('A'), item('')]],
      ['an empty batch', []],
    ])('refuses %s and creates nothing', async (_, items) => {
      await expect(features.createBulk(items)).rejects.toBeInstanceOf(ValidationError);
      expect((await features.stats()).total).toBe(0);
    });
  });

  describe('guarded state changes', () => {
    it('claims only an idle, unfinished feature that is not waiting for a person, and says why not', async () => {
      await seed(features, 3);
      const { feature, lease } = await features.claim(1, { agent: 'a1' });
      expect(feature.in_progress).toBe(true);
      expect(lease).toMatchObject({ feature_id: 1, agent: 'a1' });
      expectFirstGeneration(lease.generation);
      await expect(features.claim(1)).rejects.toMatchObject({ reason: 'already_in_progress' });
      await features.markPassing(2);
      await expect(features.claim(2)).rejects.toMatchObject({ reason: 'already_passing' });
      await features.claim(3);
      await features.requestHumanInput(3, { prompt: 'Which DB?', fields: [{ id: 'db', label: 'Database' }] });
      await expect(features.claim(3)).rejects.toMatchObject({ reason: 'waiting_for_human' });
      await expect(features.claim(9)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('claimAndGet returns a feature already in progress with already_claimed', async () => {
      await seed(features, 1);
      expect(await features.claimAndGet(1)).toMatchObject({
        already_claimed: false,
        feature: { in_progress: true },
      });
      expect(await features.claimAndGet(1)).toMatchObject({
        already_claimed: true,
        lease: null,
        feature: { id: 1 },
      });
      await features.markPassing(1);
      await expect(features.claimAndGet(1)).rejects.toMatchObject({ reason: 'already_passing' });
    });

    it('marks passing once, clearing in_progress; marking failing reopens', async () => {
      await seed(features, 1);
      await features.claim(1);
      expect(await features.markPassing(1)).toMatchObject({ passes: true, in_progress: false });
      await expect(features.markPassing(1)).rejects.toBeInstanceOf(ConflictError);
      expect(await features.markFailing(1)).toMatchObject({ passes: false, in_progress: false });
    });

    it('skip moves a feature to the end of the queue and refuses a passing one', async () => {
      await seed(features, 3);
      await features.claim(1);
      expect(await features.skip(1)).toMatchObject({ priority: 4, in_progress: false });
      expect(await features.skip(2)).toMatchObject({ priority: 5 });
      await features.markPassing(3);
      await expect(features.skip(3)).rejects.toMatchObject({ reason: 'already_passing' });
      expect((await features.get(3)).priority).toBe(3);
    });

    it('clearInProgress is idempotent', async () => {
      await seed(features, 1);
      const first = await features.claim(1);
      expectFirstGeneration(first.lease.generation);
      expect((await features.clearInProgress(1)).in_progress).toBe(false);
      expect((await features.clearInProgress(1)).in_progress).toBe(false);
      expectNextGeneration((await features.claim(1)).lease.generation, first.lease.generation);
    });
  });

  describe('dependencies', () => {
    it('adds, removes and sets, keeping lists sorted', async () => {
      await seed(features, 4);
      await features.addDependency(4, 3);
      expect((await features.addDependency(4, 1)).dependencies).toEqual([1, 3]);
      expect((await features.removeDependency(4, 3)).dependencies).toEqual([1]);
      expect((await features.setDependencies(4, [3, 2])).dependencies).toEqual([2, 3]);
      expect((await features.setDependencies(4, [])).dependencies).toEqual([]);
    });

    it.each([
      ['self-dependency', (f: FeaturesApi) => f.addDependency(2, 2), ValidationError],
      ['a missing feature', (f: FeaturesApi) => f.addDependency(2, 99), NotFoundError],
      ['a missing dependent', (f: FeaturesApi) => f.addDependency(99, 1), NotFoundError],
      ['a duplicate', (f: FeaturesApi) => f.addDependency(2, 1), ValidationError],
      ['a direct cycle', (f: FeaturesApi) => f.addDependency(1, 2), ConflictError],
      ['an indirect cycle', (f: FeaturesApi) => f.setDependencies(1, [3]), ConflictError],
      ['removing an absent dependency', (f: FeaturesApi) => f.removeDependency(3, 1), NotFoundError],
      ['non-integer ids', (f: FeaturesApi) => f.setDependencies(3, [1.5]), ValidationError],
    ])('refuses %s and changes nothing', async (_, op, type) => {
      await seed(features, 3, { 1: [0], 2: [1] });
      const before = (await features.list()).items;
      await expect(op(features)).rejects.toBeInstanceOf(type);
      expect((await features.list()).items).toEqual(before);
    });

    it('refuses a 21st dependency', async () => {
      const ids = await seed(features, 22);
      await features.setDependencies(22, ids.slice(0, 20));
      await expect(features.addDependency(22, 21)).rejects.toBeInstanceOf(ValidationError);
      await expect(features.setDependencies(22, ids.slice(0, 21))).rejects.toBeInstanceOf(ValidationError);
      expect((await features.get(22)).dependencies).toHaveLength(20);
    });
  });

  describe('ready, blocked, graph', () => {
    it('orders ready features by scheduling score, then priority, then id', async () => {
      // 1 <- 2 <- 3 chain; 4 and 5 independent; 5 unblocks 6 and 7.
      await seed(features, 7, { 1: [0], 2: [1], 5: [4], 6: [4] });
      const ready = await features.ready();
      // 1: 1000*(2/2)+100+9 = 1109; 5: 1000*(2/2)+100+5 = 1105; 4: 0+100+6 = 106.
      expect(ready.features.map((f) => f.id)).toEqual([1, 5, 4]);
      expect(ready.total_ready).toBe(3);
      expect((await features.ready({ limit: 1 })).features.map((f) => f.id)).toEqual([1]);
      await features.markPassing(1);
      expect((await features.ready()).features.map((f) => f.id)).toEqual([5, 2, 4]);
    });

    it('offers a feature once its dependencies pass, and lists it as blocked otherwise', async () => {
      await seed(features, 2);
      await features.setDependencies(2, [1]);
      await features.markPassing(1);
      expect((await features.ready()).features.map((f) => f.id)).toEqual([2]);
      await features.markFailing(1);
      const blocked = await features.blocked();
      expect(blocked.total_blocked).toBe(1);
      expect(blocked.features[0]).toMatchObject({ id: 2, blocked_by: [1] });
    });

    it('leaves in-progress, passing and waiting features out of ready', async () => {
      await seed(features, 4);
      await features.claim(1);
      await features.markPassing(2);
      await features.claim(3);
      await features.requestHumanInput(3, { prompt: 'p', fields: [{ id: 'a', label: 'A' }] });
      expect((await features.ready()).features.map((f) => f.id)).toEqual([4]);
    });

    it.each([[0], [51], [2.5]])('refuses ready limit %s', async (limit) => {
      await expect(features.ready({ limit })).rejects.toBeInstanceOf(ValidationError);
    });

    it.each([[0], [101]])('refuses blocked limit %s', async (limit) => {
      await expect(features.blocked({ limit })).rejects.toBeInstanceOf(ValidationError);
    });

    it('graphs every feature with its status and one edge per dependency', async () => {
      await seed(features, 5, { 1: [0], 2: [0, 1] });
      await features.markPassing(1);
      await features.claim(2);
      await features.claim(4);
      await features.requestHumanInput(4, { prompt: 'p', fields: [{ id: 'a', label: 'A' }] });
      const graph = await features.graph();
      expect(Object.fromEntries(graph.nodes.map((n) => [n.id, n.status]))).toEqual({
        1: 'done',
        2: 'in_progress',
        3: 'blocked',
        4: 'needs_human_input',
        5: 'pending',
      });
      expect(graph.edges).toEqual([
        { source: 1, target: 2 },
        { source: 1, target: 3 },
        { source: 2, target: 3 },
      ]);
    });
  });

  describe('human input', () => {
    const request = {
      prompt: 'Pick a database',
      fields: [
        {
          id: 'db',
          label: 'Database',
          type: 'select' as const,
          options: [{ value: 'pg', label: 'Postgres' }],
        },
      ],
    };

    it('is requested by the claim holder and answered back into the queue', async () => {
      await seed(features, 1);
      await expect(features.requestHumanInput(1, request)).rejects.toMatchObject({
        reason: 'not_in_progress',
      });
      await features.claim(1);
      const waiting = await features.requestHumanInput(1, request);
      expect(waiting).toMatchObject({
        needs_human_input: true,
        in_progress: false,
        human_input_response: null,
      });
      expect(waiting.human_input_request).toMatchObject({ prompt: 'Pick a database' });
      expect((await features.ready()).total_ready).toBe(0);
      const answered = await features.respondHumanInput(1, { db: 'pg' });
      expect(answered).toMatchObject({ needs_human_input: false, human_input_response: { db: 'pg' } });
      expect((await features.ready()).features.map((f) => f.id)).toEqual([1]);
      await expect(features.respondHumanInput(1, { db: 'pg' })).rejects.toMatchObject({
        reason: 'not_waiting_for_human',
      });
    });

    it.each([
      ['a select without options', { prompt: 'p', fields: [{ id: 'a', label: 'A', type: 'select' }] }],
      [
        'options on a text field',
        { prompt: 'p', fields: [{ id: 'a', label: 'A', options: [{ value: 'v', label: 'l' }] }] },
      ],
      [
        'duplicate field ids',
        {
          prompt: 'p',
          fields: [
            { id: 'a', label: 'A' },
            { id: 'a', label: 'B' },
          ],
        },
      ],
      ['an unknown field type', { prompt: 'p', fields: [{ id: 'a', label: 'A', type: 'date' }] }],
      ['no fields', { prompt: 'p', fields: [] }],
    ])('refuses %s', async (_, bad) => {
      await seed(features, 1);
      await features.claim(1);
      await expect(features.requestHumanInput(1, bad as never)).rejects.toBeInstanceOf(ValidationError);
      expect((await features.get(1)).in_progress).toBe(true);
    });
  });

  describe('text that cannot be stored as UTF-8', () => {
    const LONE = 'x \udc00 y';

    it('refuses a lone surrogate in any field, naming it, and writes nothing', async () => {
      await seed(features, 2);
      const refusals: [Promise<unknown>, RegExp][] = [
        [features.create(item(LONE)), /Invalid feature: name: contains a lone UTF-16 surrogate/],
        [features.create(item('a', { category: LONE })), /category: contains a lone/],
        [features.create(item('a', { description: LONE })), /description: contains a lone/],
        [features.create(item('a', { steps: ['ok', LONE] })), /steps\.1: contains a lone/],
        [features.createBulk([item('a'), item('b', { steps: [LONE] })]), /feature batch: 1\.steps\.0: /],
        [features.claim(1, { agent: LONE }), /Invalid agent name: agent contains a lone/],
        [features.claimNext({ agent: `agent \ud800` }), /agent contains a lone/],
      ];
      for (const [call, message] of refusals) {
        const error = await call.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as Error).message).toMatch(message);
      }
      expect((await features.stats()).total).toBe(2);
      expect((await features.get(1)).in_progress).toBe(false);
    });

    it('refuses one nested anywhere in a human input request or response', async () => {
      await seed(features, 1);
      await features.claim(1);
      const request = {
        prompt: 'p',
        fields: [{ id: 'a', label: 'A', type: 'select' as const, options: [{ value: 'v', label: LONE }] }],
      };
      await expect(features.requestHumanInput(1, request)).rejects.toThrow(
        /human input request: fields\.0\.options\.0\.label: contains a lone/,
      );
      await features.requestHumanInput(1, { prompt: 'p', fields: [{ id: 'a', label: 'A' }] });
      await expect(features.respondHumanInput(1, { a: { deep: [LONE] } })).rejects.toThrow(
        /human input response: a\.deep\.0: contains a lone/,
      );
      expect((await features.get(1)).needs_human_input).toBe(true);
    });

    it('stores surrogate pairs (emoji) and reads them back', async () => {
      const created = await features.create(item('ship 🚀', { steps: ['✓ done'] }));
      expect(await features.get(created.id)).toMatchObject({ name: 'ship 🚀', steps: ['✓ done'] });
    });
  });

  describe('list', () => {
    it('pages by keyset in priority order, each feature exactly once', async () => {
      await seed(features, 250);
      await features.skip(1);
      const seen: number[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page = await features.list({ limit: 100, after });
        seen.push(...page.items.map((f) => f.id));
        after = page.next_cursor;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      expect(seen).toEqual([...Array.from({ length: 249 }, (_, i) => i + 2), 1]);
    });

    it('filters by status and category', async () => {
      await features.createBulk([
        item('A'),
        item('B', { category: 'ui' }),
        item('C', { category: 'ui' }),
        item('D'),
      ]);
      await features.markPassing(2);
      await features.claim(4);
      const ids = async (o: Parameters<FeaturesApi['list']>[0]) =>
        (await features.list(o)).items.map((f) => f.id);
      expect(await ids({ status: 'passing' })).toEqual([2]);
      expect(await ids({ status: 'in_progress' })).toEqual([4]);
      expect(await ids({ status: 'pending' })).toEqual([1, 3]);
      expect(await ids({ category: 'ui' })).toEqual([2, 3]);
      expect(await ids({ category: 'ui', status: 'pending' })).toEqual([3]);
    });

    it('rejects a bad cursor, limit or status', async () => {
      await expect(features.list({ after: 'nope' })).rejects.toBeInstanceOf(ValidationError);
      await expect(features.list({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(features.list({ status: 'done' as never })).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('claimNext and leases', () => {
    it('claims in ready order and returns null when nothing is ready', async () => {
      await seed(features, 3, { 2: [0] });
      const first = await features.claimNext({ agent: 'a' });
      expect(first?.feature.id).toBe(1);
      expect(first?.lease).toMatchObject({ feature_id: 1, agent: 'a' });
      expectFirstGeneration(first?.lease.generation);
      expect((await features.claimNext({ agent: 'b' }))?.feature.id).toBe(2);
      expect(await features.claimNext({ agent: 'c' })).toBeNull();
      await features.markPassing(1, { lease: first!.lease });
      expect((await features.claimNext({ agent: 'c' }))?.feature.id).toBe(3);
    });

    it('needs an agent name and a positive lease', async () => {
      await seed(features, 1);
      await expect(features.claimNext({} as never)).rejects.toBeInstanceOf(ValidationError);
      await expect(features.claimNext({ agent: 'a', leaseSeconds: 0 })).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect((await features.get(1)).in_progress).toBe(false);
    });

    it('takes over an expired lease, and refuses the superseded holder', async () => {
      await seed(features, 1);
      const old = (await features.claimNext({ agent: 'a', leaseSeconds: 60 }))!;
      fx.clock.advance(30);
      expect(await features.claimNext({ agent: 'b' })).toBeNull();
      const renewed = await features.renew(old.lease, { leaseSeconds: 60 });
      expect(renewed.lease_expires_at! > old.lease.lease_expires_at!).toBe(true);
      fx.clock.advance(61);
      const taken = (await features.claimNext({ agent: 'b', leaseSeconds: 60 }))!;
      expect(taken.feature.id).toBe(1);
      expect(taken.lease).toMatchObject({ agent: 'b' });
      expectNextGeneration(taken.lease.generation, old.lease.generation);

      await expect(features.markPassing(1, { lease: old.lease })).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.renew(old.lease)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.release(old.lease)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.skip(1, { lease: old.lease })).rejects.toBeInstanceOf(LeaseLostError);
      expect(await features.get(1)).toMatchObject({ passes: false, in_progress: true, priority: 1 });

      expect(await features.markPassing(1, { lease: taken.lease })).toMatchObject({
        passes: true,
        in_progress: false,
      });
    });

    it('a released or finished claim no longer accepts the old lease', async () => {
      await seed(features, 1);
      const { lease } = (await features.claimNext({ agent: 'a' }))!;
      expect((await features.release(lease)).in_progress).toBe(false);
      await expect(features.markPassing(1, { lease })).rejects.toBeInstanceOf(LeaseLostError);
      expect((await features.get(1)).passes).toBe(false);
    });

    it('refuses a lease for another feature', async () => {
      await seed(features, 2);
      const { lease } = await features.claim(1);
      await expect(features.markPassing(2, { lease })).rejects.toBeInstanceOf(ValidationError);
    });

    it('never takes over a claim without expiry; reclaimStale returns old ones to the queue', async () => {
      await seed(features, 1);
      const held = await features.claim(1, { leaseSeconds: null });
      expect(held.lease.lease_expires_at).toBeNull();
      fx.clock.advance(3600);
      expect(await features.claimNext({ agent: 'b' })).toBeNull();
      expect(await features.reclaimStale({ olderThanSeconds: 7200 })).toEqual({
        reclaimed: [],
        first_seen: [],
      });
      expect(await features.reclaimStale({ olderThanSeconds: 1800 })).toEqual({
        reclaimed: [1],
        first_seen: [],
      });
      expect((await features.get(1)).in_progress).toBe(false);
      await expect(features.markPassing(1, { lease: held.lease })).rejects.toBeInstanceOf(LeaseLostError);
      expect((await features.claimNext({ agent: 'b' }))?.lease.generation).toBeGreaterThan(
        held.lease.generation,
      );
    });

    it('a lease matches only its own claim: after a lease-less end and a new claim, the old lease is refused', async () => {
      await seed(features, 1);
      const a = (await features.claimNext({ agent: 'a' }))!;
      await features.clearInProgress(1);
      const b = await features.claim(1, { agent: 'b' });
      expect(b.lease.generation).toBeGreaterThan(a.lease.generation);
      await expect(features.renew(a.lease)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.markPassing(1, { lease: a.lease })).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.markFailing(1, { lease: a.lease })).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.skip(1, { lease: a.lease })).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.clearInProgress(1, { lease: a.lease })).rejects.toBeInstanceOf(LeaseLostError);
      await expect(features.release(a.lease)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(
        features.requestHumanInput(
          1,
          { prompt: 'Which?', fields: [{ id: 'x', label: 'X' }] },
          { lease: a.lease },
        ),
      ).rejects.toBeInstanceOf(LeaseLostError);
      expect(await features.get(1)).toMatchObject({
        passes: false,
        in_progress: true,
        needs_human_input: false,
      });
      expect((await features.renew(b.lease)).generation).toBe(b.lease.generation);
      expect(await features.markPassing(1, { lease: b.lease })).toMatchObject({ passes: true });
    });

    it('never issues a generation twice in a store, whichever way claims end', async () => {
      await seed(features, 3);
      const issued: number[] = [];
      const claim = async (id: number) => {
        const { lease } = await features.claim(id, { agent: 'a' });
        issued.push(lease.generation);
        return lease;
      };
      await features.release(await claim(1));
      await features.clearInProgress((await claim(1)).feature_id);
      await features.markFailing(1, { lease: await claim(1) });
      await features.skip(2, { lease: await claim(2) });
      await features.requestHumanInput(
        2,
        { prompt: 'Which?', fields: [{ id: 'x', label: 'X' }] },
        { lease: await claim(2) },
      );
      await features.respondHumanInput(2, { x: 'y' });
      await features.markPassing(2, { lease: await claim(2) });
      await features.markPassing(3, { lease: await claim(3) });
      const held = await claim(1);
      fx.clock.advance(301);
      issued.push((await features.claimNext({ agent: 'b' }))!.lease.generation);
      expect(new Set(issued).size).toBe(issued.length);
      expect(issued).toEqual([...issued].sort((x, y) => x - y));
      await expect(features.renew(held)).rejects.toBeInstanceOf(LeaseLostError);
    });

    it('refuses a lease that is not the one issued: hand-made, another agent, time or epoch', async () => {
      await seed(features, 1);
      const { lease } = await features.claim(1, { agent: 'a', leaseSeconds: null });
      const forged = [
        { feature_id: 1, generation: lease.generation },
        { feature_id: 1, generation: 0 },
        { ...lease, agent: 'b' },
        { ...lease, agent: null },
        { ...lease, claimed_at: '2000-01-01 00:00:00.000000' },
        { ...lease, epoch: '0'.repeat(32) },
      ];
      for (const l of forged) {
        await expect(features.renew(l as never), JSON.stringify(l)).rejects.toBeInstanceOf(LeaseLostError);
        await expect(features.markPassing(1, { lease: l as never })).rejects.toBeInstanceOf(LeaseLostError);
      }
      expect(await features.get(1)).toMatchObject({ passes: false, in_progress: true });
      expect((await features.renew(lease, { leaseSeconds: 60 })).lease_expires_at).not.toBeNull();
      await expect(features.renew({ ...lease, epoch: 7 } as never)).rejects.toBeInstanceOf(ValidationError);
    });

    it('reclaimStale leaves live leases alone', async () => {
      await seed(features, 1);
      await features.claimNext({ agent: 'a', leaseSeconds: 600 });
      fx.clock.advance(300);
      expect(await features.reclaimStale({ olderThanSeconds: 60 })).toEqual({
        reclaimed: [],
        first_seen: [],
      });
      await expect(features.reclaimStale({ olderThanSeconds: -1 })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
