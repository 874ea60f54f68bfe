import { describe, expect, it } from 'vitest';
import { tempDir } from '@forgedb/test-utils';
import { counterFile } from './counter-file.js';

const fixture = counterFile();
const { start, counter } = fixture;

/**
 * A sampling profiler sends SIGPROF every 100 µs: each of SQLite's busy-handler sleeps ends early,
 * while SQLite counts the time it asked for, not the time that passed.
 */
const profiled = () => ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', tempDir()];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  ok: boolean;
  seen?: number;
  code?: string;
  busyTimeout: number;
  waitedMs: number;
}

describe('the busy timeout is wall-clock time, even when signals cut SQLite’s sleeps short', () => {
  it('a profiled writer with a 5 s timeout waits out a 1.5 s lock, then succeeds on top of the commit', async () => {
    const holder = start('lock-holder.ts', [fixture.file(), '100']);
    expect(await holder.nextJson()).toEqual({ locked: true });

    const writer = start('timed-writer.ts', [fixture.file(), '5000'], profiled());
    expect(await writer.nextJson()).toEqual({ attempting: true });
    await sleep(1500);
    holder.send('commit');
    expect(await holder.nextJson()).toEqual({ committed: true });

    const outcome = await writer.nextJson<Outcome>();
    expect(outcome).toMatchObject({ ok: true, seen: 100, busyTimeout: 5000 });
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(1400);
    expect((await writer.exit).code).toBe(0);
    expect(counter()).toBe(101);
  });

  it('a profiled writer facing a lock held past its 1 s timeout fails with BUSY after the timeout, changing nothing', async () => {
    const holder = start('lock-holder.ts', [fixture.file(), '100']);
    expect(await holder.nextJson()).toEqual({ locked: true });

    const writer = start('timed-writer.ts', [fixture.file(), '1000'], profiled());
    expect(await writer.nextJson()).toEqual({ attempting: true });
    const outcome = await writer.nextJson<Outcome>();
    expect(outcome).toMatchObject({ ok: false, code: 'BUSY', busyTimeout: 1000 });
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(950);
    expect((await writer.exit).code).toBe(0);

    // The hold lasts about 3 s in all, well past the writer's timeout.
    await sleep(Math.max(0, 3000 - outcome.waitedMs));
    holder.send('commit');
    expect(await holder.nextJson()).toEqual({ committed: true });
    expect(counter()).toBe(100);
  });
});
