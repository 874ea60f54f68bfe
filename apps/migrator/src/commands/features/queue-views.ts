import { featureTable } from './feature-text.js';
import type { SubcommandRunner } from './outcome.js';
import { idList, renderTable, truncate } from './table.js';

export const stats: SubcommandRunner = async (store) => {
  const s = await store.features.stats();
  const text = [
    `${s.passing} of ${s.total} features passing (${s.percentage.toFixed(1)}%)`,
    `  in progress        ${s.in_progress}`,
    `  needs human input  ${s.needs_human_input}`,
  ].join('\n');
  return { result: s, text };
};

export const ready: SubcommandRunner = async (store, args) => {
  const r = await store.features.ready({ limit: args.limit });
  const text = r.features.length
    ? `${featureTable(r.features)}\n\n${r.features.length} of ${r.total_ready} ready feature(s) shown, in claim order.`
    : 'No feature is ready: everything is passing, claimed, waiting for human input or blocked.';
  return { result: r, text };
};

export const blocked: SubcommandRunner = async (store, args) => {
  const r = await store.features.blocked({ limit: args.limit });
  const text = r.features.length
    ? `${renderTable(
        ['ID', 'PRIORITY', 'BLOCKED BY', 'NAME'],
        r.features.map((f) => [String(f.id), String(f.priority), idList(f.blocked_by), truncate(f.name)]),
      )}\n\n${r.features.length} of ${r.total_blocked} blocked feature(s) shown.`
    : 'No feature is blocked.';
  return { result: r, text };
};

export const graph: SubcommandRunner = async (store) => {
  const g = await store.features.graph();
  const table = renderTable(
    ['ID', 'STATUS', 'PRIORITY', 'DEPENDS ON', 'NAME'],
    g.nodes.map((n) => [
      String(n.id),
      n.status,
      String(n.priority),
      idList(n.dependencies),
      truncate(n.name),
    ]),
  );
  const text = `${g.nodes.length ? `${table}\n\n` : ''}${g.nodes.length} node(s), ${g.edges.length} dependency edge(s).`;
  return { result: g, text };
};
