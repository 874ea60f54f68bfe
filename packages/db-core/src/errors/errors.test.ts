import { describe, expect, it } from 'vitest';
import {
  BusyError,
  ConflictError,
  ForgeDbError,
  LeaseLostError,
  NotFoundError,
  NotInitializedError,
  ReadOnlyError,
  TimeoutError,
  UnavailableError,
  ValidationError,
  mapFsWriteError,
} from './index.js';

const FILE = '/p/.autoforge/features.db';

describe('mapFsWriteError', () => {
  it('file-system write errors name the file', () => {
    const errno = (code: string) =>
      Object.assign(new Error(`${code}: failed, write`), { code, syscall: 'write' });
    expect(mapFsWriteError(errno('ENOSPC'), FILE)).toMatchObject({ code: 'DISK_FULL', file: FILE });
    expect((mapFsWriteError(errno('EFBIG'), FILE) as Error).message).toMatch(/file-size limit \(EFBIG\)/);
    expect(mapFsWriteError(errno('EROFS'), FILE)).toBeInstanceOf(ReadOnlyError);
    expect(mapFsWriteError(errno('EIO'), FILE)).toMatchObject({ code: 'IO', file: FILE });
    // An error that already names its path (a failed open) is left to say it itself.
    const open = Object.assign(new Error('ENOENT: no such file'), {
      code: 'ENOENT',
      syscall: 'open',
      path: '/x.tmp',
    });
    expect(mapFsWriteError(open, FILE)).toBe(open);
    const plain = new TypeError('nope');
    expect(mapFsWriteError(plain, FILE)).toBe(plain);
  });
});

describe('typed errors', () => {
  it('carry a stable code and their class name', () => {
    const cases: [ForgeDbError, string, string][] = [
      [new NotFoundError('feature', 7), 'NOT_FOUND', 'feature 7 not found'],
      [
        new ConflictError('already_passing', 'Feature 7 already passes'),
        'CONFLICT',
        'Feature 7 already passes',
      ],
      [
        new NotInitializedError('The default database', 'call initDefaultDatabase() first'),
        'NOT_INITIALIZED',
        'initDefaultDatabase()',
      ],
      [
        new ValidationError('input', 'name too long', [{ path: 'name', message: 'max 255' }]),
        'VALIDATION',
        'name too long',
      ],
    ];
    for (const [error, code, text] of cases) {
      expect(error).toBeInstanceOf(ForgeDbError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(error.message).toContain(text);
    }
    expect(new ConflictError('already_passing', 'x').reason).toBe('already_passing');
    expect(new ValidationError('input', 'x', [{ path: 'name', message: 'max 255' }]).issues).toEqual([
      { path: 'name', message: 'max 255' },
    ]);
  });
});

describe('reasons', () => {
  it('NotFoundError names what was not found, in its reason and its message', () => {
    const project = new NotFoundError('project_directory', '/work/p');
    expect(project).toMatchObject({ code: 'NOT_FOUND', reason: 'project_directory', id: '/work/p' });
    expect(project.message).toBe('project directory /work/p not found');
    const edge = new NotFoundError('dependency', 5, { entity: 'dependency of feature 3 on feature' });
    expect(edge).toMatchObject({ reason: 'dependency', entity: 'dependency of feature 3 on feature', id: 5 });
    expect(edge.message).toBe('dependency of feature 3 on feature 5 not found');
  });

  it('NotFoundError can say what to do instead (a PostgreSQL project, say)', () => {
    const project = new NotFoundError('project', '"web"', { hint: 'projects: "api", "app"' });
    expect(project).toMatchObject({ code: 'NOT_FOUND', reason: 'project', id: '"web"', entity: 'project' });
    expect(project.message).toBe('project "web" not found: projects: "api", "app"');
  });

  it('ValidationError says which kind of input was refused', () => {
    const error = new ValidationError('feature_list', 'entry 2 is not an object', [
      { path: '[2]', message: 'expected an object' },
    ]);
    expect(error).toMatchObject({ code: 'VALIDATION', reason: 'feature_list' });
    expect(new ValidationError('configuration', 'bad mode').issues).toEqual([]);
  });

  it('LeaseLostError is a ConflictError with reason lease_lost, naming the feature and the claim', () => {
    const error = new LeaseLostError(7, 3);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toBeInstanceOf(ForgeDbError);
    expect(error).toMatchObject({
      name: 'LeaseLostError',
      code: 'CONFLICT',
      reason: 'lease_lost',
      featureId: 7,
      generation: 3,
    });
    expect(error.message).toContain('Feature 7');
    expect(error.message).toContain('generation 3');
    expect(error.message).toContain('Nothing was changed');
  });
});

describe('neutral errors for every dialect', () => {
  it('BusyError names its target (and, deprecated, the same as file)', () => {
    const cause = new Error('database is locked');
    const error = new BusyError(FILE, { cause });
    expect(error).toMatchObject({ code: 'BUSY', target: FILE, cause });
    // The alias sibling apps may still read for one release.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    expect(error.file).toBe(FILE);
    expect(error.message).toContain(FILE);
    expect(error.message).toContain('nothing was changed');
  });

  it('TimeoutError names the target, the limit and what to do, and keeps the cause', () => {
    const cause = new Error('canceling statement due to statement timeout');
    const error = new TimeoutError('db.example:5432/forgedb', {
      operation: 'claimNext',
      timeoutMs: 5000,
      cause,
    });
    expect(error).toBeInstanceOf(ForgeDbError);
    expect(error).toMatchObject({
      name: 'TimeoutError',
      code: 'TIMEOUT',
      target: 'db.example:5432/forgedb',
      timeoutMs: 5000,
      cause,
    });
    expect(error.message).toBe(
      'claimNext on db.example:5432/forgedb did not finish within 5000 ms and was cancelled; nothing was changed. ' +
        'Retry it; if it keeps timing out, look for long-running transactions or locks on that database, or raise the timeout.',
    );
    const unknownLimit = new TimeoutError('db.example:5432/forgedb');
    expect(unknownLimit.timeoutMs).toBeUndefined();
    expect(unknownLimit.message).toMatch(
      /^The operation on db\.example:5432\/forgedb did not finish within its time limit/,
    );
  });

  it('UnavailableError names the target and why, and says what to check', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const error = new UnavailableError('127.0.0.1:5432/forgedb', 'connection refused', { cause });
    expect(error).toBeInstanceOf(ForgeDbError);
    expect(error).toMatchObject({
      name: 'UnavailableError',
      code: 'UNAVAILABLE',
      target: '127.0.0.1:5432/forgedb',
      detail: 'connection refused',
      cause,
    });
    expect(error.message).toBe(
      'Database 127.0.0.1:5432/forgedb is unavailable (connection refused); nothing was changed. ' +
        'Check that the server is running, reachable from this machine and accepting connections, then retry.',
    );
  });
});
