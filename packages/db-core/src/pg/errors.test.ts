import { describe, expect, it } from 'vitest';
import {
  BusyError,
  ConflictError,
  ConstraintError,
  SchemaError,
  TimeoutError,
  UnavailableError,
} from '../errors/index.js';
import { isRetryablePgError, mapPgError } from './errors.js';

const context = {
  target: 'db.example:5432/teams',
  url: 'postgres://agent:s3cret@db.example/teams',
  statementTimeoutMs: 500,
};
const pgError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`server said ${code} for postgres://agent:s3cret@db.example/teams`), {
    code,
    ...extra,
  });

describe('mapPgError', () => {
  it.each([
    ['23505', ConflictError],
    ['23503', ConstraintError],
    ['23514', ConstraintError],
    ['57014', TimeoutError],
    ['40001', BusyError],
    ['40P01', BusyError],
    ['55P03', BusyError],
    ['42P01', SchemaError],
    ['53300', UnavailableError],
    ['57P01', UnavailableError],
    ['08006', UnavailableError],
    ['28P01', UnavailableError],
    ['ECONNREFUSED', UnavailableError],
  ])('maps %s to %s, naming the database and never the password', (code, type) => {
    const mapped = mapPgError(pgError(code, { constraint: 'ux_x', table: 't' }), context) as Error;
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.message).toContain('db.example:5432/teams');
    expect(mapped.message).not.toContain('s3cret');
  });

  it('names host and port of a refused connection', () => {
    const mapped = mapPgError(pgError('ECONNREFUSED', { address: '10.0.0.5', port: 6543 }), context) as Error;
    expect(mapped.message).toContain('ECONNREFUSED connecting to 10.0.0.5:6543');
  });

  it('says which constraint a unique violation hit, as reason duplicate', () => {
    const mapped = mapPgError(
      pgError('23505', { constraint: 'ux_projects_name', table: 'projects' }),
      context,
    );
    expect(mapped).toMatchObject({ reason: 'duplicate' });
    expect((mapped as Error).message).toContain('(ux_projects_name)');
  });

  it('returns what it does not know unchanged', () => {
    const unknown = pgError('XX000');
    expect(mapPgError(unknown, context)).toBe(unknown);
  });

  it('retries only serialization failures and deadlocks', () => {
    expect(isRetryablePgError(pgError('40001'))).toBe(true);
    expect(isRetryablePgError(pgError('40P01'))).toBe(true);
    expect(isRetryablePgError(pgError('23505'))).toBe(false);
  });
});
