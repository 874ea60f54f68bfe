export { boolean } from './boolean.js';
export { dependencyList, normalizeDependencies, readDependencyEntries } from './dependencies.js';
export {
  formatSqlaDateTime,
  isSqlaDateTime,
  parseSqlaDateTime,
  sqlaDateTime,
  sqlaToIso,
  type SqlaDateTime,
} from './datetime.js';
export {
  JSON_MAX_DEPTH,
  json,
  jsonText,
  jsonTextTooDeep,
  jsonValueTooDeep,
  parseJsonLenient,
  stringifyPythonStyle,
} from './json.js';
export { int, integerPrimaryKey, text, varchar } from './sql-types.js';
export { decodeUtf8, textCell } from './text-cell.js';
