import type { PgMigrateResult, PgStatus, PgVerifyReport } from '@forgedb/migrate/pg';
import { indent } from './format.js';

/** Human renderings of the PostgreSQL schema commands; --json prints the results themselves. */

export function describePgMigrate(r: PgMigrateResult): string {
  const head = `PostgreSQL ${r.target} (schema ${r.schema})`;
  if (r.steps.length === 0) return `${head}\n  already current; nothing to do`;
  const lines = [r.dryRun ? `Dry run: nothing was changed.\n\n${head}\n  would run:` : head];
  for (const step of r.steps) {
    const ran = r.dryRun || r.ran.some((x) => x.kind === step.kind && x.tag === step.tag);
    const verb = step.direction === 'up' ? 'apply' : 'revert';
    lines.push(`  ${verb} ${step.kind}/${step.tag}${ran ? '' : ' (done by a concurrent migrator)'}`);
    for (const loss of step.dropsData) lines.push(`      DROPS DATA: ${loss}`);
    if (r.dryRun) for (const statement of step.statements) lines.push(indent(statement.trim(), '      '));
  }
  return lines.join('\n');
}

export function describePgStatus(s: PgStatus): string {
  const lines = [`PostgreSQL ${s.database} (schema ${s.schema})`];
  for (const stream of s.streams) {
    lines.push(
      `  ${stream.kind} migrations`,
      `    applied   ${stream.applied.length ? stream.applied.map((a) => `${a.tag} (${a.appliedAt} by ${a.appliedBy})`).join(', ') : 'none'}`,
      `    pending   ${stream.pending.length ? stream.pending.join(', ') : 'none'}`,
    );
    if (stream.unknownApplied.length) lines.push(`    newer     ${stream.unknownApplied.join(', ')}`);
    if (stream.changedFiles.length) lines.push(`    CHANGED   ${stream.changedFiles.join(', ')}`);
  }
  if (s.projects === null) lines.push('  projects  none (the schema has no forgedb tables)');
  else if (s.projects.length === 0) lines.push('  projects  none yet');
  else {
    lines.push('  projects');
    for (const p of s.projects)
      lines.push(
        `    ${p.name}: ${p.features} feature(s), ${p.passing} passing, ${p.inProgress} in progress`,
      );
  }
  if (s.streams.some((x) => x.pending.length))
    lines.push('  -> run `forgedb migrate --database-url …` to upgrade');
  return lines.join('\n');
}

export function describePgVerify(r: PgVerifyReport): string {
  const lines = [`PostgreSQL ${r.database} (schema ${r.schema}): ${r.ok ? 'OK' : 'PROBLEMS FOUND'}`];
  for (const c of r.checks) {
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}`);
    for (const p of c.problems) lines.push(`          - ${p}`);
    for (const n of c.notes) lines.push(`          note: ${n}`);
  }
  return lines.join('\n');
}
