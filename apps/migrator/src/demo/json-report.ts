import type { JsonDocument } from '../io.js';
import type { DemoRun } from './steps.js';

/** The `--json` document: every step's result in one document (docs/cli.md, "forgedb demo"). */
export function demoJson(run: DemoRun): JsonDocument {
  return {
    ok: run.ok,
    // A failed demo says why in the same shape as every other failed command (docs/cli.md#output).
    ...(run.ok
      ? {}
      : {
          error: {
            code: 'DEMO_FAILED',
            message:
              'The demo finished but a check failed: the verify reports, feature counts, import or queue step below show which.',
          },
        }),
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
