import type Database from 'better-sqlite3';
import type { BulkItem } from '@forgedb/test-utils';
import { immediate } from './connection.js';
import { schedulingScores, type ScoringRow } from './scoring.js';

interface QueueRow {
  id: number;
  priority: number;
  passes: number | null;
  in_progress: number | null;
  needs_human_input: number | null;
  dependencies: string | null;
}

function parseDeps(text: string | null): number[] {
  if (text === null) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

/** The work queue written directly against better-sqlite3 prepared statements: the baseline. */
export class RawQueue {
  private readonly all;
  private readonly statsStmt;
  private readonly getStmt;
  private readonly claimStmt;
  private readonly passStmt;
  private readonly maxPriority;
  private readonly insert;
  private readonly generationStmt;

  constructor(private readonly db: Database.Database) {
    // In id order, as the scheduling score needs them.
    this.all = db.prepare(
      'SELECT id, priority, passes, in_progress, needs_human_input, dependencies FROM features ORDER BY id',
    );
    this.statsStmt = db.prepare(
      `SELECT count(*) AS total, coalesce(sum(passes = 1), 0) AS passing, coalesce(sum(in_progress = 1), 0) AS in_progress,
              coalesce(sum(needs_human_input = 1), 0) AS needs_human_input FROM features`,
    );
    this.getStmt = db.prepare('SELECT * FROM features WHERE id = ?');
    this.claimStmt = db.prepare(
      `UPDATE features SET in_progress = 1, claimed_by = ?, claimed_at = strftime('%Y-%m-%d %H:%M:%f000', 'now'),
              lease_expires_at = strftime('%Y-%m-%d %H:%M:%f000', 'now', '+' || ? || ' seconds'),
              claim_generation = claim_generation + 1
        WHERE id = ? AND passes = 0 AND in_progress = 0 AND needs_human_input = 0`,
    );
    this.passStmt = db.prepare(
      `UPDATE features SET passes = 1, in_progress = 0, claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL
        WHERE id = ? AND passes = 0 AND claim_generation = ?`,
    );
    this.generationStmt = db.prepare('SELECT claim_generation FROM features WHERE id = ?').pluck();
    this.maxPriority = db.prepare('SELECT coalesce(max(priority), 0) FROM features').pluck();
    this.insert = db.prepare(
      `INSERT INTO features (priority, category, name, description, steps, passes, in_progress, dependencies, needs_human_input)
       VALUES (?, ?, ?, ?, ?, 0, 0, ?, 0)`,
    );
  }

  stats() {
    const s = this.statsStmt.get() as {
      total: number;
      passing: number;
      in_progress: number;
      needs_human_input: number;
    };
    return { ...s, percentage: s.total === 0 ? 0 : Math.round((s.passing / s.total) * 1000) / 10 };
  }

  get(id: number): unknown {
    return this.getStmt.get(id);
  }

  /** Ready features in scheduling order (score desc, priority asc, id asc) and how many are ready. */
  ready(limit: number): { features: QueueRow[]; total: number } {
    const rows = this.all.all() as QueueRow[];
    const byId = new Map<number, QueueRow>();
    const scoring: ScoringRow[] = [];
    for (const r of rows) {
      byId.set(r.id, r);
      scoring.push({ id: r.id, priority: r.priority, deps: parseDeps(r.dependencies) });
    }
    const scores = schedulingScores(scoring);
    const ready: QueueRow[] = [];
    scoring.forEach((s, i) => {
      const r = rows[i]!;
      if (r.passes || r.in_progress || r.needs_human_input) return;
      if (s.deps.every((d) => byId.get(d)?.passes === 1)) ready.push(r);
    });
    ready.sort((a, b) => scores.get(b.id)! - scores.get(a.id)! || a.priority - b.priority || a.id - b.id);
    return { features: ready.slice(0, limit), total: ready.length };
  }

  claimNext(agent: string, leaseSeconds: number): { id: number; generation: number } | null {
    return immediate(this.db, () => {
      const first = this.ready(1).features[0];
      if (!first) return null;
      this.claimStmt.run(agent, leaseSeconds, first.id);
      const generation = this.generationStmt.get(first.id) as number;
      return { id: first.id, generation };
    });
  }

  /**
   * The claim and the pass of a feature the caller chose, each UPDATE in its own write
   * transaction, with no ready computation: what the write lock alone allows, as a floor for the
   * multi-process figures. False when the feature could not be claimed.
   */
  claimAndPassBare(id: number, agent: string, leaseSeconds: number): boolean {
    const generation = immediate(this.db, () =>
      this.claimStmt.run(agent, leaseSeconds, id).changes === 1 ? this.generationStmt.get(id) : undefined,
    ) as number | undefined;
    return generation !== undefined && this.markPassing(id, generation);
  }

  markPassing(id: number, generation: number): boolean {
    return this.passStmt.run(id, generation).changes === 1;
  }

  createBulk(items: readonly BulkItem[]): number[] {
    return immediate(this.db, () => {
      let priority = (this.maxPriority.get() as number) + 1;
      const ids: number[] = [];
      for (const item of items) {
        const deps = item.depends_on_indices?.map((i) => ids[i]!).sort((a, b) => a - b);
        const info = this.insert.run(
          priority++,
          item.category,
          item.name,
          item.description,
          JSON.stringify(item.steps),
          deps && deps.length > 0 ? JSON.stringify(deps) : null,
        );
        ids.push(Number(info.lastInsertRowid));
      }
      return ids;
    });
  }
}
