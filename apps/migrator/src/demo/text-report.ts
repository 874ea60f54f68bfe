import path from 'node:path';
import type { StatusReport } from '@forgedb/migrate';
import { displayPath as p } from '../format.js';
import { DEMO_AGENT, DEMO_KINDS, type DemoRun } from './steps.js';

/** The demo's steps as a person reads them, each with the command that does it on a real project. */
export function demoText(run: DemoRun): string {
  const { legacy, jsonProject, detected, countsBefore, upgrades, verified, countsAfter } = run;
  const { imported, queue, countsFinal, final, jsonCounts } = run;
  const legacyDir = p(legacy.dir);
  const jsonDir = p(jsonProject.dir);
  const out: string[] = [];
  out.push(`forgedb demo in ${p(run.root)}`, '');
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
  for (const k of DEMO_KINDS) {
    const s = detected[k];
    out.push(
      `   ${k}.db: shape ${s.shape}, journal ${s.journalMode}, no migration history; ${s.guardsNeeded.length} guard(s) needed, pending ${s.pending.join(', ') || 'none'}`,
    );
  }
  out.push('');

  out.push(`3. Upgraded    (forgedb migrate --project ${legacyDir})`);
  for (const k of DEMO_KINDS) {
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
  for (const k of DEMO_KINDS) {
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
      final.legacy,
      `; ${countsFinal.total} features, ${countsFinal.passing} passing`,
    ),
  );
  out.push(row('legacy-app assistant.db', final.legacyAssistant, ''));
  out.push(
    row('json-app features.db', final.json, `; ${jsonCounts.total} features, ${jsonCounts.passing} passing`),
  );
  out.push('');
  out.push('Try next:');
  out.push(`   forgedb status      --project ${legacyDir}`);
  out.push(`   forgedb features ready --project ${legacyDir}`);
  out.push(`   forgedb export-json --project ${jsonDir}`);
  if (upgrades.features.backup)
    out.push(`   forgedb restore     --db ${p(legacy.featuresDb)} --from ${p(upgrades.features.backup)}`);
  if (!run.ok) out.push('', 'Something did not check out; see above.');
  return `${out.join('\n')}\n`;
}
