export { boolean } from './boolean.js';
export { dependencyList, normalizeDependencies } from './dependencies.js';
export {
  formatSqlaDateTime,
  isSqlaDateTime,
  parseSqlaDateTime,
  sqlaDateTime,
  sqlaToIso,
  type SqlaDateTime,
} from './datetime.js';
export { json, parseJsonLenient, stringifyPythonStyle } from './json.js';
export { int, integerPrimaryKey, text, varchar } from './sql-types.js';
