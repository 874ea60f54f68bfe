export { dependencyText } from './dependency-text.js';
export { pgTimestamptzToSqla, sqlaTimestamptz, sqlaToPgTimestamptz } from './sqla-timestamptz.js';
export { xid8 } from './xid8.js';
