import type { CopyReader } from './stream-tables.js';

/** A project's lease fencing state as both dialects keep it: generation as decimal text. */
export interface CopyLeaseState {
  generation: string;
  epoch: string;
}

/** One side of a copy opened for reading, whichever dialect holds it. */
export interface CopySource {
  reader: CopyReader;
  /** The side's lease state, or null when it has none (a file forgedb never upgraded). */
  leaseState: CopyLeaseState | null;
  /** Where it is, for messages: a directory, or the server (no password) and project. */
  label: string;
  /** Ends the side's read snapshot and closes what it opened. */
  close(): Promise<void> | void;
}
