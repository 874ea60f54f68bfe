import type { QueueGraph } from './queue-graph.js';

/** What a candidate's own flags say; the dependency part is counted here. */
export interface CandidateFlags {
  passes: boolean;
  needsHumanInput: boolean;
}

/**
 * The queued rows that the ready views could return, in ready order: not passing, not waiting for
 * a person, and every dependency passing (idle or held: a lease may have expired). Kept as one bit
 * per place in the order, so `claimNext` finds the first ready row by skipping whole words of
 * rows that cannot be, instead of testing every passing or blocked row ahead of it, and a status
 * change costs its own row and the rows that depend on it, not the backlog.
 *
 * It holds for one graph (its order) and one array of row objects; the snapshot drops it when
 * either is replaced and reports each status change in place through `statusChanged`.
 */
export class ReadyCandidates {
  /** Per position: its place in the order, or -1 for a row left out of the queue. */
  readonly #rank: Int32Array;
  /** Per position: how many entries of its dependency list do not pass. */
  readonly #unmet: Int32Array;
  /** The positions whose lists name position i: `dependents[dependentStart[i]]` up to `[i + 1]`, once per entry. */
  readonly #dependentStart: Int32Array;
  readonly #dependents: Int32Array;
  readonly #bits: Uint32Array;

  constructor(
    readonly graph: QueueGraph,
    /** The row of each position (none for rows left out of the queue), whose flags change in place. */
    readonly rows: readonly (CandidateFlags | undefined)[],
    /** The ids of the passing rows, queued or not, kept current by the caller. */
    private readonly passing: ReadonlySet<number>,
  ) {
    const { size, order, ids } = graph;
    this.#rank = new Int32Array(size).fill(-1);
    for (let k = 0; k < order.length; k++) this.#rank[order[k]!] = k;
    this.#bits = new Uint32Array((order.length + 31) >>> 5);

    // The parents are the entries that name a queued row; only a row whose list names something
    // else (a missing id, a row left out of the queue) has its entries looked up one by one.
    // Two passes over the same entries, counting then filling, so nothing is allocated per row.
    const entriesOf = (j: number, visit: (p: number) => void): number => {
      const list = graph.lists[j]!;
      const from = graph.parentStart[j]!;
      const to = graph.parentStart[j + 1]!;
      if (to - from === list.length) {
        for (let e = from; e < to; e++) visit(graph.parents[e]!);
        return list.length;
      }
      let resolved = 0;
      for (const d of list) {
        const p = graph.positionOf(d);
        if (p >= 0) {
          visit(p);
          resolved++;
        }
      }
      return resolved;
    };
    const next = new Int32Array(size + 1);
    for (let j = 0; j < size; j++) if (this.#rank[j]! >= 0) entriesOf(j, (p) => next[p + 1]!++);
    for (let i = 0; i < size; i++) next[i + 1]! += next[i]!;
    this.#dependentStart = next.slice();
    this.#dependents = new Int32Array(next[size]!);
    this.#unmet = new Int32Array(size);
    for (let j = 0; j < size; j++) {
      if (this.#rank[j]! < 0) continue;
      let notPassing = 0;
      const resolved = entriesOf(j, (p) => {
        this.#dependents[next[p]!++] = j;
        if (!passing.has(ids[p]!)) notPassing++;
      });
      // An entry naming no row never passes (passing holds ids of rows only).
      this.#unmet[j] = graph.lists[j]!.length - resolved + notPassing;
      this.#refresh(j);
    }
  }

  /**
   * After the row at `position` (queued or not) changed its flags in place and the passing set
   * with them: keeps it and, when it started or stopped passing, the rows depending on it.
   */
  statusChanged(position: number, passedBefore: boolean): void {
    const passesNow = this.passing.has(this.graph.ids[position]!);
    if (passesNow !== passedBefore) {
      const step = passesNow ? -1 : 1;
      const end = this.#dependentStart[position + 1]!;
      for (let e = this.#dependentStart[position]!; e < end; e++) {
        const j = this.#dependents[e]!;
        this.#unmet[j]! += step;
        this.#refresh(j);
      }
    }
    this.#refresh(position);
  }

  /**
   * Walks the candidates in ready order: `visit` gets each one's position and returns false to
   * stop.
   */
  forEach(visit: (position: number) => boolean): void {
    const bits = this.#bits;
    const order = this.graph.order;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w]!;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        if (!visit(order[(w << 5) + 31 - Math.clz32(low)]!)) return;
      }
    }
  }

  #refresh(position: number): void {
    const k = this.#rank[position]!;
    if (k < 0) return;
    const row = this.rows[position];
    const on = row !== undefined && !row.passes && !row.needsHumanInput && this.#unmet[position] === 0;
    if (on) this.#bits[k >>> 5]! |= 1 << (k & 31);
    else this.#bits[k >>> 5]! &= ~(1 << (k & 31));
  }
}
