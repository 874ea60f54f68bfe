import { DEFAULT_PG_SCHEMA } from '@forgedb/schema/pg';
import type pg from 'pg';
import { schedulingScores, type ScoringRow } from '../raw/scoring.js';

const T = {
  features: `${DEFAULT_PG_SCHEMA}.features`,
  projects: `${DEFAULT_PG_SCHEMA}.projects`,
  claimGenerations: `${DEFAULT_PG_SCHEMA}.claim_generations`,
};

interface QueueRow {
  id: string;
  priority: string;
  passes: boolean;
  in_progress: boolean;
  needs_human_input: boolean;
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

/** Claimable now: the same guard forgedb's claim states, written out. */
const IDLE = 'NOT passes AND NOT in_progress AND NOT needs_human_input';

/**
 * The work queue written directly as `pg` statements on one connection: the PostgreSQL
 * baseline. Like the SQLite baseline it recomputes the whole graph on every ready and claimNext,
 * and a claim takes its generation from the claim generations sequence (above the row's own) in
 * the same statement, as a fenced claim must.
 */
export class RawPgQueue {
  private constructor(
    private readonly client: pg.Client,
    private readonly projectId: string,
  ) {}

  static async open(client: pg.Client, project: string): Promise<RawPgQueue> {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${T.projects} WHERE name = $1`, [
      project,
    ]);
    if (!rows[0]) throw new Error(`no project ${project}`);
    return new RawPgQueue(client, rows[0].id);
  }

  async get(id: number): Promise<unknown> {
    const { rows } = await this.client.query(
      `SELECT * FROM ${T.features} WHERE project_id = $1 AND id = $2`,
      [this.projectId, id],
    );
    return rows[0];
  }

  /** Ready features in scheduling order (score desc, priority asc, id asc) and how many are ready. */
  async ready(limit: number): Promise<{ ids: number[]; total: number }> {
    const { rows } = await this.client.query<QueueRow>(
      `SELECT id, priority, passes, in_progress, needs_human_input, dependencies FROM ${T.features}
        WHERE project_id = $1 ORDER BY id`,
      [this.projectId],
    );
    const passing = new Set<number>();
    const scoring: ScoringRow[] = rows.map((r) => {
      const id = Number(r.id);
      if (r.passes) passing.add(id);
      return { id, priority: Number(r.priority), deps: parseDeps(r.dependencies) };
    });
    const scores = schedulingScores(scoring);
    const ready: ScoringRow[] = [];
    scoring.forEach((s, i) => {
      const r = rows[i]!;
      if (r.passes || r.in_progress || r.needs_human_input) return;
      if (s.deps.every((d) => passing.has(d))) ready.push(s);
    });
    ready.sort((a, b) => scores.get(b.id)! - scores.get(a.id)! || a.priority - b.priority || a.id - b.id);
    return { ids: ready.slice(0, limit).map((r) => r.id), total: ready.length };
  }

  /** Claims `id` if it is idle; its generation, or undefined. One statement, so atomic without BEGIN. */
  async claim(id: number, agent: string, leaseSeconds: number): Promise<string | undefined> {
    const { rows } = await this.client.query<{ claim_generation: string }>(
      `UPDATE ${T.features} SET in_progress = true, claimed_by = $3, claimed_at = clock_timestamp(),
              lease_expires_at = clock_timestamp() + make_interval(secs => $4),
              claim_generation = GREATEST(nextval('${T.claimGenerations}'), claim_generation + 1),
              updated_at = clock_timestamp()
        WHERE project_id = $1 AND id = $2 AND ${IDLE}
       RETURNING claim_generation`,
      [this.projectId, id, agent, leaseSeconds],
    );
    return rows[0]?.claim_generation;
  }

  async release(id: number, generation: string): Promise<boolean> {
    const { rowCount } = await this.client.query(
      `UPDATE ${T.features} SET in_progress = false, claimed_by = NULL, claimed_at = NULL, lease_expires_at = NULL,
              updated_at = clock_timestamp()
        WHERE project_id = $1 AND id = $2 AND in_progress AND claim_generation = $3`,
      [this.projectId, id, generation],
    );
    return rowCount === 1;
  }

  /** The first ready feature no other claimer holds, locked with SKIP LOCKED and claimed, in one transaction. */
  async claimNext(agent: string, leaseSeconds: number): Promise<{ id: number; generation: string } | null> {
    await this.client.query('BEGIN');
    try {
      const { ids } = await this.ready(Number.MAX_SAFE_INTEGER);
      let claimed: { id: number; generation: string } | null = null;
      if (ids.length > 0) {
        const { rows } = await this.client.query<{ id: string }>(
          `SELECT id FROM ${T.features} WHERE project_id = $1 AND id = ANY($2::bigint[]) AND ${IDLE}
            ORDER BY array_position($2::bigint[], id) LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.projectId, ids],
        );
        if (rows[0]) {
          const id = Number(rows[0].id);
          const generation = await this.claim(id, agent, leaseSeconds);
          if (generation === undefined) throw new Error(`raw claim of locked feature ${id} failed`);
          claimed = { id, generation };
        }
      }
      await this.client.query('COMMIT');
      return claimed;
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }

  async markPassing(id: number, generation: string): Promise<boolean> {
    const { rowCount } = await this.client.query(
      `UPDATE ${T.features} SET passes = true, in_progress = false, claimed_by = NULL, claimed_at = NULL,
              lease_expires_at = NULL, updated_at = clock_timestamp()
        WHERE project_id = $1 AND id = $2 AND NOT passes AND claim_generation = $3`,
      [this.projectId, id, generation],
    );
    return rowCount === 1;
  }

  async counts(): Promise<{ passing: number; inProgress: number }> {
    const { rows } = await this.client.query<{ passing: string; in_progress: string }>(
      `SELECT count(*) FILTER (WHERE passes) AS passing, count(*) FILTER (WHERE in_progress) AS in_progress
         FROM ${T.features} WHERE project_id = $1`,
      [this.projectId],
    );
    return { passing: Number(rows[0]!.passing), inProgress: Number(rows[0]!.in_progress) };
  }
}
