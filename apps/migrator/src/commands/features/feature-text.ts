import type { FeatureDict } from '@forgedb/schema';
import type { ClaimResult } from '@forgedb/store';
import { idList, renderTable, truncate } from './table.js';

/** One word for where a feature stands, most decisive state first. */
export function featureStatus(f: Pick<FeatureDict, 'passes' | 'in_progress' | 'needs_human_input'>): string {
  if (f.passes) return 'passing';
  if (f.needs_human_input) return 'needs human input';
  if (f.in_progress) return 'in progress';
  return 'pending';
}

export function featureTable(features: readonly FeatureDict[]): string {
  return renderTable(
    ['ID', 'PRIORITY', 'STATUS', 'CATEGORY', 'DEPENDS ON', 'NAME'],
    features.map((f) => [
      String(f.id),
      String(f.priority),
      featureStatus(f),
      truncate(f.category, 24),
      idList(f.dependencies),
      truncate(f.name),
    ]),
  );
}

const json = (value: unknown) => JSON.stringify(value);

export function featureDetail(f: FeatureDict): string {
  const lines = [
    `Feature ${f.id}: ${f.name}`,
    `  category     ${f.category}`,
    `  priority     ${f.priority}`,
    `  status       ${featureStatus(f)}`,
    `  depends on   ${idList(f.dependencies)}`,
    `  description  ${f.description.replace(/\n/g, '\n               ')}`,
    '  steps',
    ...(f.steps.length ? f.steps.map((s, i) => `    ${i + 1}. ${s}`) : ['    (none)']),
  ];
  if (f.needs_human_input || f.human_input_request != null)
    lines.push(`  human input request   ${json(f.human_input_request)}`);
  if (f.human_input_response != null) lines.push(`  human input response  ${json(f.human_input_response)}`);
  return lines.join('\n');
}

export function claimText({ feature, lease }: ClaimResult): string {
  const who = lease.agent ? ` by ${lease.agent}` : '';
  const until = lease.lease_expires_at ? `lease until ${lease.lease_expires_at} UTC` : 'no lease expiry';
  return `Claimed feature ${feature.id} "${truncate(feature.name)}"${who} (claim generation ${lease.generation}, ${until}).`;
}
