export { boolean } from './boolean.js';
export { sqlaDateTime } from './datetime.js';
export { dependencyList } from './dependencies.js';
export { json } from './json.js';
export { int, integerPrimaryKey, text, varchar } from './sql-types.js';
