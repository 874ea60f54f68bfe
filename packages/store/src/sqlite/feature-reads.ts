import { readTransaction } from '@forgedb/db-core/sqlite';
import { serializeFeature, textCell } from '@forgedb/schema';
import type { FeaturesAdapter } from '../adapter.js';
import { encodeCursor } from '../features/cursor.js';
import { blockedRows, graphStatus, readyRows } from '../features/queue-views.js';
import type { FeatureContext } from './feature-context.js';
import { listStatement } from './list-statement.js';

type FeatureReads = Pick<FeaturesAdapter, 'stats' | 'get' | 'list' | 'ready' | 'blocked' | 'graph'>;

/** Reads: single statements, or one read transaction where the queue snapshot and rows must agree. */
export function featureReads({ db, st, snapshots, mustGet }: FeatureContext): FeatureReads {
  return {
    stats() {
      return st.stats.get() as {
        total: number;
        passing: number;
        in_progress: number;
        needs_human_input: number;
      };
    },

    get(id) {
      return serializeFeature(mustGet(id));
    },

    list(query) {
      const stmt = listStatement(db, {
        status: query.status,
        category: query.category !== undefined,
        after: query.after !== null,
      });
      const rows = stmt.all({
        category: query.category ?? null,
        priority: query.after?.priority ?? null,
        id: query.after?.id ?? null,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(serializeFeature),
        next_cursor: rows.length > query.limit && last ? encodeCursor(last.priority, last.id) : null,
      };
    },

    ready(limit) {
      return readTransaction(db, () => {
        const ready = readyRows(snapshots.get(), limit);
        return { features: ready.rows.map((r) => serializeFeature(mustGet(r.id))), total_ready: ready.total };
      });
    },

    blocked(limit) {
      return readTransaction(db, () => {
        const blocked = blockedRows(snapshots.get());
        return {
          features: blocked
            .slice(0, limit)
            .map(({ row: r, blockedBy }) => ({ ...serializeFeature(mustGet(r.id)), blocked_by: blockedBy })),
          total_blocked: blocked.length,
        };
      });
    },

    graph() {
      return readTransaction(db, () => {
        const snapshot = snapshots.get();
        const names = new Map(
          (st.names.all() as { id: number; name: unknown; category: unknown }[]).map((r) => [r.id, r]),
        );
        return {
          nodes: snapshot.rows.map((r) => ({
            id: r.id,
            name: textCell(names.get(r.id)?.name),
            category: textCell(names.get(r.id)?.category),
            priority: r.priority,
            status: graphStatus(r, snapshot),
            dependencies: r.dependencies,
          })),
          edges: snapshot.rows.flatMap((r) => r.dependencies.map((d) => ({ source: d, target: r.id }))),
        };
      });
    },
  };
}
