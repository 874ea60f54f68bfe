export {
  formatSqlaDateTime,
  isSqlaDateTime,
  parseSqlaDateTime,
  sqlaToIso,
  type SqlaDateTime,
} from './datetime.js';
export { normalizeDependencies, readDependencyEntries } from './dependencies.js';
export {
  JSON_MAX_DEPTH,
  jsonText,
  jsonTextTooDeep,
  jsonValueTooDeep,
  parseJsonLenient,
  stringifyPythonStyle,
} from './json-text.js';
export { decodeUtf8, textCell } from './text-cell.js';
