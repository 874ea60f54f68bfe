import { hostname } from 'node:os';
import { SchemaError, ValidationError } from '@forgedb/db-core';
import {
  advisoryLockKey,
  openPool,
  withTransaction,
  type ForgePgPool,
  type PgClient,
} from '@forgedb/db-core/pg';
import { loadMigrations, type DatabaseKind, type MigrationFile } from '@forgedb/schema';
import { DEFAULT_PG_SCHEMA, isPgSchemaName } from '@forgedb/schema/pg';
import { migrationMembership } from '../plan/membership.js';
import { refuseUnsafeHistory } from '../plan/refusals.js';
import { dataLoss } from './data-loss.js';
import {
  ensureHistory,
  forgetPgMigration,
  readPgHistory,
  recordPgMigration,
  type PgAppliedMigration,
} from './history.js';
import { inSchema } from './in-schema.js';

/** Up in this order; down in the reverse: the assistant stream's tables reference `projects`. */
export const PG_KINDS: readonly DatabaseKind[] = ['features', 'assistant'];

/** `to` meaning "every down migration": no forgedb table left but the history. */
export const BASE = 'base';

export interface PgMigrateOptions {
  /** A `postgres://` URL, or a pool opened with @forgedb/db-core/pg. */
  database: string | ForgePgPool;
  /** Default `forgedb`. */
  schema?: string;
  /**
   * Up to the newest shipped migration when omitted; `'base'` runs every down; a tag moves each
   * stream that ships it to it (up or down) and the other streams to their newest.
   */
  to?: string;
  /** Plan only: nothing is changed, the statements come back in `steps`. */
  dryRun?: boolean;
  /** Shipped migrations per stream (tests); default the package's own. */
  migrations?: Partial<Record<DatabaseKind, MigrationFile[]>>;
}

export interface PgPlannedStep {
  kind: DatabaseKind;
  tag: string;
  direction: 'up' | 'down';
  /** The statements, for the chosen schema, in order. */
  statements: string[];
  /** What the step destroys, in words; empty when it keeps every row and value. */
  dropsData: string[];
}

export interface PgMigrateResult {
  /** `host:port/database`, never credentials. */
  target: string;
  schema: string;
  dryRun: boolean;
  /** What was (or, in a dry run, would be) done, in order. */
  steps: PgPlannedStep[];
  /** Steps this process ran; a concurrent migrator may have run the others. */
  ran: PgPlannedStep[];
  /** The history afterwards. */
  history: PgAppliedMigration[];
}

/** The advisory lock every migrator of a schema takes first in each transaction. */
export const migrationLockKey = (schema: string) => advisoryLockKey(`forgedb:migrate:${schema}`);

function targetIndex(shipped: MigrationFile[], to: string | undefined): number {
  if (to === undefined) return shipped.length;
  if (to === BASE) return 0;
  const at = shipped.findIndex((m) => m.tag === to);
  return at < 0 ? shipped.length : at + 1;
}

const migrationTargets = (shipped: Record<DatabaseKind, MigrationFile[]>): string[] => [
  BASE,
  ...new Set(PG_KINDS.flatMap((k) => shipped[k].map((m) => m.tag))),
];

/** Every value `migratePg`'s `to` accepts: `base` and each shipped tag, so a tool can refuse a typo before it connects. */
export const pgMigrationTargets = (): string[] => migrationTargets(shippedMigrations(undefined));

/** The steps from `history` to `to`, one stream after the other. Pure. */
export function planPgMigration(
  history: readonly PgAppliedMigration[],
  shipped: Record<DatabaseKind, MigrationFile[]>,
  options: { schema: string; to?: string; target: string },
): PgPlannedStep[] {
  const { schema, to, target } = options;
  const known = migrationTargets(shipped);
  if (to !== undefined && !known.includes(to)) {
    throw new ValidationError(
      'input',
      `No shipped PostgreSQL migration is tagged "${to}": use ${known.map((t) => `"${t}"`).join(', ')}. ` +
        'Nothing was changed.',
    );
  }
  const step = (kind: DatabaseKind, m: MigrationFile, direction: 'up' | 'down'): PgPlannedStep => {
    const source = direction === 'up' ? m.statements : m.down!.statements;
    const statements = source.map((s) => inSchema(s, schema));
    return {
      kind,
      tag: m.tag,
      direction,
      statements,
      dropsData: statements.map(dataLoss).filter((d): d is string => d !== null),
    };
  };
  const ups: PgPlannedStep[] = [];
  const downs: PgPlannedStep[] = [];
  for (const kind of PG_KINDS) {
    const applied = history.filter((h) => h.kind === kind);
    const membership = migrationMembership(applied, shipped[kind]);
    refuseUnsafeHistory(membership, `${target} (schema ${schema}, ${kind} migrations)`);
    const keep = targetIndex(shipped[kind], to);
    const wanted = shipped[kind].slice(0, keep);
    const unwanted = shipped[kind].slice(keep).filter((m) => membership.appliedTags.has(m.tag));
    if (unwanted.length > 0 && membership.unknownApplied.length > 0) {
      throw new SchemaError(
        `${target} (schema ${schema}): a newer forgedb applied ${membership.unknownApplied.join(', ')}, which this ` +
          'version cannot reverse; downgrade with that version first. Nothing was changed.',
      );
    }
    for (const m of wanted) if (!membership.appliedTags.has(m.tag)) ups.push(step(kind, m, 'up'));
    for (const m of unwanted.reverse()) {
      if (m.down === null) {
        throw new SchemaError(
          `${kind} migration ${m.tag} has no down file, so it cannot be reversed. Nothing was changed.`,
        );
      }
      downs.push(step(kind, m, 'down'));
    }
  }
  // Streams are reversed in the opposite order they are built.
  const downOrder = [...PG_KINDS].reverse();
  downs.sort((a, b) => downOrder.indexOf(a.kind) - downOrder.indexOf(b.kind));
  return [...downs, ...ups];
}

function shippedMigrations(given: PgMigrateOptions['migrations']): Record<DatabaseKind, MigrationFile[]> {
  const all = {} as Record<DatabaseKind, MigrationFile[]>;
  for (const kind of PG_KINDS) all[kind] = given?.[kind] ?? loadMigrations(kind, 'postgresql');
  return all;
}

/**
 * Upgrades (or, with `to`, downgrades) forgedb's schema on a PostgreSQL database with our own
 * runner (docs/decisions/0009-postgresql-migrations.md): membership by tag and hash, each
 * migration in its own transaction whose first statement takes the schema's advisory lock and
 * which re-reads the history under it, so concurrent migrators wait, then find the work done.
 */
export async function migratePg(options: PgMigrateOptions): Promise<PgMigrateResult> {
  const schema = options.schema ?? DEFAULT_PG_SCHEMA;
  if (!isPgSchemaName(schema)) {
    throw new ValidationError(
      'configuration',
      `PostgreSQL schema name ${JSON.stringify(schema)} is not usable: use a lowercase identifier (letters, digits, ` +
        'underscore; at most 63 characters; not starting with pg_).',
    );
  }
  const shipped = shippedMigrations(options.migrations);
  const db =
    typeof options.database === 'string' ? await openPool(options.database, { max: 1 }) : options.database;
  const host = `${hostname()}:${process.pid}`;
  // READ COMMITTED: each statement after the lock sees what the previous lock holder committed.
  // No statement timeout: a migration may take long, and a waiter waits for the lock.
  const tx = {
    isolation: 'read committed' as const,
    statementTimeoutMs: 0,
    advisoryLock: migrationLockKey(schema),
  };
  try {
    const read = (c: PgClient) => readPgHistory(c, schema);
    const plan = await withTransaction(db, { ...tx, readOnly: true, advisoryLock: undefined }, async (c) =>
      planPgMigration(await read(c), shipped, { schema, to: options.to, target: db.target }),
    );
    if (options.dryRun) {
      const history = await withTransaction(db, { readOnly: true }, read);
      return { target: db.target, schema, dryRun: true, steps: plan, ran: [], history };
    }
    const ran: PgPlannedStep[] = [];
    for (;;) {
      const done = await withTransaction(db, tx, async (c) => {
        await ensureHistory(c, schema);
        const next = planPgMigration(await read(c), shipped, {
          schema,
          to: options.to,
          target: db.target,
        })[0];
        if (next === undefined) return null;
        for (const statement of next.statements) await c.query(statement);
        const file = shipped[next.kind].find((m) => m.tag === next.tag)!;
        if (next.direction === 'up') {
          await recordPgMigration(c, schema, {
            kind: next.kind,
            tag: next.tag,
            hash: file.hash,
            compatibility: file.compatibility,
            host,
          });
        } else {
          await forgetPgMigration(c, schema, next.kind, next.tag);
        }
        return next;
      });
      if (done === null) break;
      ran.push(done);
    }
    const history = await withTransaction(db, { readOnly: true }, read);
    return { target: db.target, schema, dryRun: false, steps: plan, ran, history };
  } finally {
    if (typeof options.database === 'string') await db.close();
  }
}
