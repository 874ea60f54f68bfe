export { checksum, sha256, treeChecksum } from './checksums.js';
export { makeReadOnly, removeTempDirs, tempDir } from './files.js';
export {
  backlog,
  bulkItems,
  messageContent,
  writeFeatureListJson,
  type BulkItem,
  type GeneratedFeature,
} from './generators.js';
export { LEGACY_ASSISTANT_DDL, OLDEST_FEATURES_DDL } from './legacy-shapes.js';
export { createPrng, randomInt, runSeed, seededRandom } from './prng.js';
export {
  jsonLines,
  killAfter,
  nodeCommand,
  runNode,
  startNode,
  workerScripts,
  type Exit,
  type NodeOptions,
  type Running,
  type SpawnOptions,
} from './spawn.js';
