import path from 'node:path';
import { inspectDatabase, verifyDatabase } from '@forgedb/migrate/sqlite';
import type { StatusReport, UpgradeResult, VerifyReport } from '@forgedb/migrate';
import type { DatabaseKind } from '@forgedb/schema';
import type { Io } from '../io.js';
import { importProjectFeatureList } from '../project-import.js';
import { openForReading } from '../targets.js';
import { upgradeFile } from '../upgrade-file.js';
import { prepareDemoDir } from './demo-dir.js';
import { createJsonProject, createLegacyProject, type LegacyProjectSummary } from './legacy-files.js';
import { workTheQueue, type QueueStepResult } from './queue-step.js';

export const DEMO_AGENT = 'demo-agent';
export const DEMO_KINDS = ['features', 'assistant'] as const;

export interface FeatureCounts {
  total: number;
  passing: number;
  nullPasses: number;
}

/** Everything the demo did and found, in the order it did it; the reports only present it. */
export interface DemoRun {
  root: string;
  legacy: LegacyProjectSummary;
  jsonProject: ReturnType<typeof createJsonProject>;
  detected: Record<DatabaseKind, StatusReport>;
  countsBefore: FeatureCounts;
  upgrades: Record<DatabaseKind, UpgradeResult>;
  verified: Record<DatabaseKind, VerifyReport>;
  countsAfter: FeatureCounts;
  imported: ReturnType<typeof importProjectFeatureList>;
  queue: QueueStepResult;
  countsFinal: FeatureCounts;
  final: { legacy: StatusReport; legacyAssistant: StatusReport; json: StatusReport };
  jsonCounts: FeatureCounts;
  /** Every step checked out: verify passed, no row lost, every entry imported, one feature claimed and passed. */
  ok: boolean;
}

function readOnly<T>(file: string, fn: (db: ReturnType<typeof openForReading>) => T): T {
  const db = openForReading(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const featureCounts = (file: string): FeatureCounts =>
  readOnly(
    file,
    (db) =>
      db
        .prepare(
          'SELECT count(*) AS total, coalesce(sum(passes = 1), 0) AS passing, coalesce(sum(passes IS NULL), 0) AS nullPasses FROM features',
        )
        .get() as FeatureCounts,
  );

/**
 * Builds the sample projects in `root`, then does what `status`, `migrate`, `verify`,
 * `import-json` and `features claim-next` do, in that order.
 */
export async function runDemo(root: string, io: Io): Promise<DemoRun> {
  prepareDemoDir(root);
  const legacy = createLegacyProject(path.join(root, 'legacy-app'));
  const jsonProject = createJsonProject(path.join(root, 'json-app'));
  const files = { features: legacy.featuresDb, assistant: legacy.assistantDb } as const;

  const detected = Object.fromEntries(
    DEMO_KINDS.map((k) => [k, readOnly(files[k], (db) => inspectDatabase(db, k))]),
  ) as Record<DatabaseKind, StatusReport>;
  const countsBefore = featureCounts(files.features);
  const upgrades = Object.fromEntries(
    DEMO_KINDS.map((k) => [k, upgradeFile({ file: files[k], kind: k }, io)]),
  ) as Record<DatabaseKind, UpgradeResult>;
  const verified = Object.fromEntries(
    DEMO_KINDS.map((k) => [k, readOnly(files[k], (db) => verifyDatabase(db, k))]),
  ) as Record<DatabaseKind, VerifyReport>;
  const countsAfter = featureCounts(files.features);
  const imported = importProjectFeatureList(jsonProject.dir, io);
  const queue = await workTheQueue(legacy.dir, DEMO_AGENT);
  const countsFinal = featureCounts(files.features);
  const final = {
    legacy: readOnly(files.features, (db) => inspectDatabase(db, 'features')),
    legacyAssistant: readOnly(files.assistant, (db) => inspectDatabase(db, 'assistant')),
    json: readOnly(imported.database, (db) => inspectDatabase(db, 'features')),
  };
  const jsonCounts = featureCounts(imported.database);
  const ok =
    DEMO_KINDS.every((k) => verified[k].ok) &&
    countsAfter.total === countsBefore.total &&
    imported.result.imported === jsonProject.entries &&
    queue.claimed !== null &&
    countsFinal.passing === countsAfter.passing + 1;
  return {
    root,
    legacy,
    jsonProject,
    detected,
    countsBefore,
    upgrades,
    verified,
    countsAfter,
    imported,
    queue,
    countsFinal,
    final,
    jsonCounts,
    ok,
  };
}
