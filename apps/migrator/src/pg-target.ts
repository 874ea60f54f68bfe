import { UsageError } from './errors.js';

/** Where the server URL comes from when no --database-url is given. */
export const DATABASE_URL_VARIABLE = 'FORGEDB_DATABASE_URL';
export const DEFAULT_SCHEMA = 'forgedb';

/** The command-line flags of a PostgreSQL target; spelled once so every command accepts the same ones. */
export const pgOptions = {
  'database-url': { type: 'string' },
  'project-name': { type: 'string' },
  schema: { type: 'string' },
} as const;

export interface PgTargetValues {
  project?: string;
  db?: string;
  'database-url'?: string;
  'project-name'?: string;
  schema?: string;
}

/** A PostgreSQL target: one database (and schema), optionally narrowed to one project. */
export interface PgTarget {
  dialect: 'pg';
  url: string;
  schema: string;
  project: string | undefined;
}

/**
 * The URL a command works on: --database-url wins over FORGEDB_DATABASE_URL. The variable is a
 * default only: a command given a SQLite target (--project or --db) keeps it, so a shell that
 * exports the variable can still work on files.
 */
export function databaseUrlOf(
  values: PgTargetValues,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (values['database-url'] !== undefined) return values['database-url'];
  if (values.project !== undefined || values.db !== undefined) return undefined;
  const fromEnv = env[DATABASE_URL_VARIABLE];
  return fromEnv ? fromEnv : undefined;
}

/**
 * The PostgreSQL target of a command line, or null when it names SQLite files. Contradictions
 * are usage errors (exit 2), found before anything connects.
 */
export function resolvePgTarget(
  values: PgTargetValues,
  command: string,
  options: { projectRequired?: boolean } = {},
): PgTarget | null {
  const url = databaseUrlOf(values);
  if (url === undefined) {
    if (values['project-name'] !== undefined || values.schema !== undefined) {
      throw new UsageError(
        `--project-name and --schema name a PostgreSQL project: give --database-url URL (or set ${DATABASE_URL_VARIABLE}) too.`,
        command,
      );
    }
    return null;
  }
  if (values.db !== undefined)
    throw new UsageError('Give either --db FILE or --database-url URL, not both.', command);
  if (values.project !== undefined) {
    throw new UsageError(
      'Give either --project DIR (SQLite files) or --database-url URL (PostgreSQL), not both; ' +
        'on PostgreSQL the project is --project-name NAME.',
      command,
    );
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new UsageError(
      // The value is not echoed: whatever was typed may hold a password.
      'The database URL (--database-url or FORGEDB_DATABASE_URL) must start with postgres:// or postgresql://.',
      command,
    );
  }
  const project = values['project-name'];
  if (project === '') throw new UsageError('--project-name must not be empty.', command);
  if (options.projectRequired && project === undefined)
    throw new UsageError(`${command} on PostgreSQL needs --project-name NAME.`, command);
  return {
    dialect: 'pg',
    url,
    schema: values.schema ?? DEFAULT_SCHEMA,
    project,
  };
}

/** backup, restore and demo work on files: refused on a server before anything happens. */
export function refuseOnPg(values: PgTargetValues, command: string): void {
  if (values['database-url'] === undefined && values['project-name'] === undefined) return;
  throw new UsageError(
    `${command} is SQLite-only; use pg_dump for server backups (docs/postgres.md).`,
    command,
  );
}
