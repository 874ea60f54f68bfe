/**
 * The `@forgedb/schema/columns` subpath, deprecated for one release: the SQLite column types moved
 * to '@forgedb/schema/sqlite'; the value helpers it also exported are at the root.
 */
export {
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  boolean,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  sqlaDateTime,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  dependencyList,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  json,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  int,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  integerPrimaryKey,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  text,
  /** @deprecated Import it from '@forgedb/schema/sqlite'. */
  varchar,
} from '../deprecated.js';
export * from '../encoding/index.js';
