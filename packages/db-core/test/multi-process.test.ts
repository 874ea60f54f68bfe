import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { counterFile } from './counter-file.js';

const fixture = counterFile();
const { start, counter } = fixture;

describe('concurrent writers in separate processes', () => {
  it('two processes doing 500 read-increment-write transactions each end at exactly 1000', async () => {
    const a = start('counter.ts', [fixture.file(), '500']);
    const b = start('counter.ts', [fixture.file(), '500']);
    expect(await a.nextJson()).toEqual({ ready: true });
    expect(await b.nextJson()).toEqual({ ready: true });
    a.send('go');
    b.send('go');
    expect(await a.nextJson()).toEqual({ done: true });
    expect(await b.nextJson()).toEqual({ done: true });
    expect((await a.exit).code).toBe(0);
    expect((await b.exit).code).toBe(0);
    expect(counter()).toBe(1000);
  });
});

describe('a writer holding the lock', () => {
  it('makes a second writer with a short busy timeout fail with BusyError naming the file, changing nothing', async () => {
    const holder = start('lock-holder.ts', [fixture.file(), '100']);
    expect(await holder.nextJson()).toEqual({ locked: true });

    const writer = start('writer.ts', [fixture.file(), '300']);
    expect(await writer.nextJson()).toEqual({ attempting: true });
    const result = await writer.nextJson();
    expect(result).toMatchObject({ ok: false, code: 'BUSY', name: 'BusyError', target: fixture.file() });
    expect(result.message).toContain(fixture.file());
    expect((await writer.exit).code).toBe(0);

    holder.send('commit');
    expect(await holder.nextJson()).toEqual({ committed: true });
    expect(counter()).toBe(100);
  });

  it('makes a second writer with a long busy timeout wait, then succeed on top of the holder’s commit', async () => {
    const holder = start('lock-holder.ts', [fixture.file(), '100']);
    expect(await holder.nextJson()).toEqual({ locked: true });

    const writer = start('writer.ts', [fixture.file(), '30000']);
    expect(await writer.nextJson()).toEqual({ attempting: true });
    // Give the writer time to reach the lock; it must be waiting, not failing, when the holder commits.
    await new Promise((r) => setTimeout(r, 300));
    expect(writer.child.exitCode).toBeNull();

    holder.send('commit');
    expect(await holder.nextJson()).toEqual({ committed: true });
    // Its read came after the holder's commit: BEGIN IMMEDIATE took the lock before reading.
    expect(await writer.nextJson()).toEqual({ ok: true, seen: 100 });
    expect((await writer.exit).code).toBe(0);
    expect(counter()).toBe(101);
  });
});

/** Leaving WAL needs exclusive access, so this only succeeds when no other process has the file open. */
const canLeaveWal = () => {
  const probe = new Database(fixture.file(), { timeout: 0 });
  try {
    return probe.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    probe.close();
  }
};

describe('dispose in another process', () => {
  it('releases the file, which can then be renamed and deleted, and reopened fresh', async () => {
    const holder = start('cache-holder.ts', [fixture.file()]);
    expect(await holder.nextJson()).toEqual({ open: true, tables: ['counter', 'held'] });
    expect(existsSync(`${fixture.file()}-shm`)).toBe(true);
    expect(canLeaveWal()).toBe(false);

    holder.send('dispose');
    expect(await holder.nextJson()).toEqual({ disposed: true, handleOpen: false });
    // The last connection has gone: SQLite checkpointed and removed the WAL side files.
    expect(existsSync(`${fixture.file()}-wal`)).toBe(false);
    expect(existsSync(`${fixture.file()}-shm`)).toBe(false);
    expect(canLeaveWal()).toBe(true);

    renameSync(fixture.file(), `${fixture.file()}.old`);
    rmSync(`${fixture.file()}.old`);
    holder.send('reopen');
    expect(await holder.nextJson()).toEqual({ reopened: true, tables: [] });
    expect((await holder.exit).code).toBe(0);
    expect(existsSync(fixture.file())).toBe(true);
  });
});
