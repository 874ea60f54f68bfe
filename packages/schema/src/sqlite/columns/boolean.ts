import { customType } from 'drizzle-orm/sqlite-core';

/**
 * SQLAlchemy `Boolean` on SQLite: INTEGER 0/1 under a `BOOLEAN` declared type.
 * Legacy rows may hold NULL; drizzle hands NULL back without calling `fromDriver`,
 * so readers normalise with `?? false` (see `serializeFeature`) and upgrades repair NULLs to 0.
 * Any non-zero value reads as true, matching Python's `bool(int)`.
 */
export const boolean = customType<{ data: boolean; driverData: number }>({
  dataType: () => 'BOOLEAN',
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => Number(value) !== 0,
});
