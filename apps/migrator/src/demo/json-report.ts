import type { DemoRun } from './steps.js';

/** The `--json` document: every step's result in one document (docs/cli.md, "forgedb demo"). */
export function demoJson(run: DemoRun): Record<string, unknown> {
  return {
    ok: run.ok,
    dir: run.root,
    created: { legacy: run.legacy, json: run.jsonProject },
    detected: run.detected,
    featuresBefore: run.countsBefore,
    upgraded: run.upgrades,
    verified: run.verified,
    featuresAfter: run.countsAfter,
    imported: { database: run.imported.database, ...run.imported.result },
    queue: run.queue,
    final: run.final,
    importedFeatures: run.jsonCounts,
  };
}
