import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspectDatabase, verifyDatabase } from '@forgedb/migrate/sqlite';
import type { StatusReport, UpgradeResult, VerifyReport } from '@forgedb/migrate';
import type { DatabaseKind } from '@forgedb/schema';
import { defineCommand, jsonOption } from '../command.js';
import { CommandError, EXIT_FAILED, EXIT_OK } from '../errors.js';
import { displayPath } from '../format.js';
import { createJsonProject, createLegacyProject } from '../demo/legacy-files.js';
import { workTheQueue } from '../demo/queue-step.js';
import { printJson } from '../io.js';
import { importProjectFeatureList } from '../project-import.js';
import { upgradeFile } from '../upgrade-file.js';
import { openForReading } from '../targets.js';

const DEMO_AGENT = 'demo-agent';

/** Marks a directory this command made, so a second run may replace it and nothing else. */
const MARKER = '.forgedb-demo';

function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new CommandError(`${dir} exists and is not a directory; nothing was written.`, 'VALIDATION');
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new CommandError(
        `${dir} already exists and was not made by \`forgedb demo\`; refusing to write into it. Pass --dir with a new or empty directory.`,
        'VALIDATION',
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), 'Made by `forgedb demo`; the next run replaces this directory.\n');
}

function readOnly<T>(file: string, fn: (db: ReturnType<typeof openForReading>) => T): T {
  const db = openForReading(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

interface FeatureCounts {
  total: number;
  passing: number;
  nullPasses: number;
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

export default defineCommand({
  name: 'demo',
  summary:
    'create sample legacy projects, then detect, back up, upgrade, import, claim from the queue and report',
  help: `Usage: forgedb demo [--dir DIR] [--json]

Shows the migrator's main job end to end on generated sample data. In DIR (default
./sample-project) it creates:
  legacy-app/.autocoder/features.db    the Python app's OLDEST shape (no in_progress,
                                       dependencies or human-input columns; NULL passes)
  legacy-app/.autocoder/assistant.db   a conversation history
  json-app/feature_list.json           a backlog from before features.db existed
then runs what \`forgedb status\`, \`migrate\`, \`verify\`, \`import-json\` and
\`features claim-next\` do and prints each step: the detected legacy shape, the backup, the
guards, the adoption of the baseline, the migrations, the import, an agent claiming the best
ready feature with a lease and marking it passing, and the final status.

DIR must be new, empty, or a directory made by an earlier \`forgedb demo\` (it is replaced).

  --dir DIR   where to create the sample projects (default ./sample-project)
  --json      one JSON document with every step's result

Exit codes: 0 done, 1 failed (e.g. DIR is not empty), 2 usage error.`,
  options: { ...jsonOption, dir: { type: 'string' } },
  async run({ values, io }) {
    const root = path.resolve(values.dir ?? 'sample-project');
    prepareDir(root);
    const legacy = createLegacyProject(path.join(root, 'legacy-app'));
    const jsonProject = createJsonProject(path.join(root, 'json-app'));
    const files = { features: legacy.featuresDb, assistant: legacy.assistantDb } as const;
    const kinds = ['features', 'assistant'] as const;

    const before = Object.fromEntries(
      kinds.map((k) => [k, readOnly(files[k], (db) => inspectDatabase(db, k))]),
    ) as Record<DatabaseKind, StatusReport>;
    const countsBefore = featureCounts(files.features);
    const upgrades = Object.fromEntries(
      kinds.map((k) => [k, upgradeFile({ file: files[k], kind: k }, io)]),
    ) as Record<DatabaseKind, UpgradeResult>;
    const verified = Object.fromEntries(
      kinds.map((k) => [k, readOnly(files[k], (db) => verifyDatabase(db, k))]),
    ) as Record<DatabaseKind, VerifyReport>;
    const countsAfter = featureCounts(files.features);
    const imported = importProjectFeatureList(jsonProject.dir, io);
    const queue = await workTheQueue(legacy.dir, DEMO_AGENT);
    const countsFinal = featureCounts(files.features);
    const after = {
      legacy: readOnly(files.features, (db) => inspectDatabase(db, 'features')),
      legacyAssistant: readOnly(files.assistant, (db) => inspectDatabase(db, 'assistant')),
      json: readOnly(imported.database, (db) => inspectDatabase(db, 'features')),
    };
    const jsonCounts = featureCounts(imported.database);
    const ok =
      kinds.every((k) => verified[k].ok) &&
      countsAfter.total === countsBefore.total &&
      imported.result.imported === jsonProject.entries &&
      queue.claimed !== null &&
      countsFinal.passing === countsAfter.passing + 1;

    if (values.json) {
      printJson(io, {
        ok,
        dir: root,
        created: { legacy, json: jsonProject },
        detected: before,
        featuresBefore: countsBefore,
        upgraded: upgrades,
        verified,
        featuresAfter: countsAfter,
        imported: { database: imported.database, ...imported.result },
        queue,
        final: after,
        importedFeatures: jsonCounts,
      });
      return ok ? EXIT_OK : EXIT_FAILED;
    }

    const p = displayPath;
    const legacyDir = p(legacy.dir);
    const jsonDir = p(jsonProject.dir);
    const out: string[] = [];
    out.push(`forgedb demo in ${p(root)}`, '');
    out.push('1. Created two projects the way old versions of the AutoForge Python app left them');
    out.push(`   ${p(legacy.featuresDb)}`);
    out.push(
      `      oldest shape: ${legacy.features} features, ${legacy.nullPasses} with passes = NULL; no in_progress, dependencies or human-input columns`,
    );
    out.push(`   ${p(legacy.assistantDb)}`);
    out.push(`      ${legacy.conversations} conversation, ${legacy.messages} messages`);
    out.push(`   ${p(jsonProject.file)}`);
    out.push(`      ${jsonProject.entries} features in the JSON backlog that predates features.db`, '');

    out.push(`2. Detected    (forgedb status --project ${legacyDir})`);
    for (const k of kinds) {
      const s = before[k];
      out.push(
        `   ${k}.db: shape ${s.shape}, journal ${s.journalMode}, no migration history; ${s.guardsNeeded.length} guard(s) needed, pending ${s.pending.join(', ') || 'none'}`,
      );
    }
    out.push('');

    out.push(`3. Upgraded    (forgedb migrate --project ${legacyDir})`);
    for (const k of kinds) {
      const r = upgrades[k];
      out.push(`   ${k}.db`);
      out.push(`      backup    ${r.backup ? p(r.backup) : 'none'}`);
      out.push(`      guards    ${r.guardsApplied.length} applied`);
      for (const g of r.plan.guards) out.push(`                - ${g.description}`);
      out.push(
        `      adopted   ${r.adopted ?? 'nothing'} (the legacy file already had that shape once the guards ran; recorded, not re-run)`,
      );
      out.push(`      applied   ${r.applied.join(', ') || 'nothing'}`);
    }
    out.push('');

    out.push(`4. Verified    (forgedb verify --project ${legacyDir})`);
    for (const k of kinds) {
      const v = verified[k];
      out.push(
        `   ${k}.db: ${
          v.ok
            ? 'all checks passed'
            : `PROBLEMS: ${v.checks
                .filter((c) => !c.ok)
                .map((c) => c.name)
                .join(', ')}`
        } (${v.checks.map((c) => c.name).join(', ')})`,
      );
    }
    out.push(
      `   features: ${countsAfter.total} of ${countsBefore.total} rows kept, ${countsAfter.passing} passing; ${countsBefore.nullPasses} NULL passes repaired to 0 (they always read as false)`,
      '',
    );

    out.push(`5. Imported    (forgedb import-json --project ${jsonDir})`);
    out.push(
      `   created ${p(imported.database)} at the current schema (${imported.upgrade.applied.join(', ')})`,
    );
    out.push(
      `   imported ${imported.result.imported} features in one transaction; missing fields took the defaults ("Feature 6", "uncategorized")`,
    );
    if (imported.result.backupFile)
      out.push(`   renamed feature_list.json to ${path.basename(imported.result.backupFile)}`);
    if (imported.result.warning) out.push(`   warning: ${imported.result.warning}`);
    out.push('');

    out.push(
      `6. Worked the queue    (forgedb features claim-next --agent ${DEMO_AGENT} --project ${legacyDir})`,
    );
    out.push(
      `   ready, best first: ${queue.readyBefore.features.map((f) => `#${f.id} ${f.name}`).join(', ')} (${queue.readyBefore.total_ready} ready in all)`,
    );
    if (queue.claimed) {
      const { feature, lease } = queue.claimed;
      out.push(
        `   claimed #${feature.id} "${feature.name}" for ${DEMO_AGENT}: lease generation ${lease.generation}, expires ${lease.lease_expires_at} UTC`,
      );
      out.push(
        `   marked #${feature.id} passing under that lease; ${queue.stats.passing} of ${queue.stats.total} passing (${queue.stats.percentage}%)`,
      );
    }
    out.push('');

    out.push('7. Final status');
    const row = (label: string, s: StatusReport, extra: string) =>
      `   ${label.padEnd(24)} ${s.shape.padEnd(8)} journal ${s.journalMode.padEnd(6)} applied ${s.applied.map((a) => a.tag).join(', ')}${extra}`;
    out.push(
      row(
        'legacy-app features.db',
        after.legacy,
        `; ${countsFinal.total} features, ${countsFinal.passing} passing`,
      ),
    );
    out.push(row('legacy-app assistant.db', after.legacyAssistant, ''));
    out.push(
      row(
        'json-app features.db',
        after.json,
        `; ${jsonCounts.total} features, ${jsonCounts.passing} passing`,
      ),
    );
    out.push('');
    out.push('Try next:');
    out.push(`   forgedb status      --project ${legacyDir}`);
    out.push(`   forgedb features ready --project ${legacyDir}`);
    out.push(`   forgedb export-json --project ${jsonDir}`);
    if (upgrades.features.backup)
      out.push(`   forgedb restore     --db ${p(legacy.featuresDb)} --from ${p(upgrades.features.backup)}`);
    if (!ok) out.push('', 'Something did not check out; see above.');
    io.out(`${out.join('\n')}\n`);
    return ok ? EXIT_OK : EXIT_FAILED;
  },
});
