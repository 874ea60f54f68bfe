import { customType } from 'drizzle-orm/pg-core';
import { normalizeDependencies } from '../../encoding/dependencies.js';
import { stringifyPythonStyle } from '../../encoding/json-text.js';

/**
 * `features.dependencies` on PostgreSQL: the SQLite cell's JSON text itself, kept as text
 * (docs/postgres.md#lossless-per-column): order, duplicates, dangling ids, `1.0` (which Python
 * drops but jsonb would hand back as `1`) and malformed text all survive, and reading applies
 * the Python app's normalisation exactly as SQLite's column does.
 */
export const dependencyText = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => stringifyPythonStyle(value),
  fromDriver: (value) => normalizeDependencies(value),
});
