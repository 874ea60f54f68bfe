import type { FeatureDict, HumanInputRequestInput } from '@forgedb/schema';
import type { ExportOptions, ExportResult, ImportOptions, ImportResult } from './feature-list/types.js';

/**
 * The store's public contract, the same for every dialect: every method returns a Promise. The
 * services behind it validate input and make one call to a dialect adapter (src/adapter.ts); the
 * SQLite one does its work synchronously inside BEGIN IMMEDIATE transactions.
 */

/** Feature ids in the database start at 1; every id argument is validated before any query. */
export type FeatureId = number;

export interface FeatureStats {
  total: number;
  passing: number;
  in_progress: number;
  needs_human_input: number;
  /** passing / total * 100, one decimal; 0 when there are no features. */
  percentage: number;
}

export type FeatureStatusFilter = 'pending' | 'in_progress' | 'passing' | 'needs_human_input';

export interface ListFeaturesOptions {
  status?: FeatureStatusFilter;
  category?: string;
  /** 1..500, default 100. */
  limit?: number;
  /** The `next_cursor` of the previous page (keyset pagination on priority, id). */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` to get the next page; null on the last page. */
  next_cursor: string | null;
}

/** A feature without its description, steps and human-input payloads: what an agent needs to decide. */
export type FeatureSummary = Pick<
  FeatureDict,
  'id' | 'priority' | 'category' | 'name' | 'passes' | 'in_progress' | 'needs_human_input' | 'dependencies'
>;

export interface FeatureCreateItem {
  category: string;
  name: string;
  description: string;
  steps: string[];
}

export interface FeatureBulkItem extends FeatureCreateItem {
  /** 0-based indices of earlier items in the same batch this item depends on. */
  depends_on_indices?: number[];
}

export interface CreateBulkResult {
  created: number;
  features: FeatureDict[];
}

/**
 * Proof of one claim, and only that one (docs/store.md, "Leases"). `generation` is the feature's
 * claim_generation the claim set: above every generation issued before in the file, and moved on
 * by every end of a claim, by any app. A holder write matches only while the feature is still in
 * progress under this generation, agent and claimed_at, in this epoch; otherwise it is refused
 * with LeaseLostError.
 */
export interface Lease {
  feature_id: FeatureId;
  agent: string | null;
  generation: number;
  /** SQLAlchemy DATETIME text (UTC), from the database's clock. */
  claimed_at: string;
  /** When the claim may be taken over by claimNext; null for a claim without expiry. */
  lease_expires_at: string | null;
  /** The file's lease epoch when the claim was made; `forgedb restore` starts a new one. */
  epoch: string;
}

export interface ClaimOptions {
  agent?: string;
  /** Seconds until the claim may be taken over; default 300; null for no expiry (Python-style). */
  leaseSeconds?: number | null;
}

export interface ClaimResult {
  feature: FeatureDict;
  lease: Lease;
}

export interface ClaimAndGetResult {
  feature: FeatureDict;
  /** True when the feature was already in progress and was returned without a new claim. */
  already_claimed: boolean;
  /** The new lease; null when already claimed. */
  lease: Lease | null;
}

export interface ClaimNextOptions {
  agent: string;
  /** Default 300. */
  leaseSeconds?: number;
}

/** Writes that a claim holder makes may carry its lease; they are then refused once superseded. */
export interface HolderOptions {
  lease?: Lease;
}

export interface ReclaimStaleOptions {
  /** Claims older than this many seconds are returned to the queue. */
  olderThanSeconds: number;
}

export interface ReclaimStaleResult {
  /** Returned to the queue (in_progress cleared; every lease on them ends). */
  reclaimed: FeatureId[];
  /**
   * Claims with no recorded claim time (written by the Python app): stamped now, so their age
   * can be measured from this first sighting by a later call. Never reclaimed on first sight.
   */
  first_seen: FeatureId[];
}

export interface ReadyResult {
  features: FeatureDict[];
  /** How many features are ready in total (not just returned). */
  total_ready: number;
}

export interface BlockedFeature extends FeatureDict {
  blocked_by: FeatureId[];
}

export interface BlockedResult {
  features: BlockedFeature[];
  total_blocked: number;
}

export type GraphNodeStatus = 'done' | 'needs_human_input' | 'blocked' | 'in_progress' | 'pending';

export interface GraphNode {
  id: FeatureId;
  name: string;
  category: string;
  priority: number;
  status: GraphNodeStatus;
  dependencies: FeatureId[];
}

export interface GraphResult {
  nodes: GraphNode[];
  edges: { source: FeatureId; target: FeatureId }[];
}

export interface FeaturesApi {
  stats(): Promise<FeatureStats>;
  get(id: FeatureId): Promise<FeatureDict>;
  summary(id: FeatureId): Promise<FeatureSummary>;
  list(options?: ListFeaturesOptions): Promise<Page<FeatureDict>>;
  create(item: FeatureCreateItem): Promise<FeatureDict>;
  createBulk(items: FeatureBulkItem[]): Promise<CreateBulkResult>;

  claim(id: FeatureId, options?: ClaimOptions): Promise<ClaimResult>;
  claimAndGet(id: FeatureId, options?: ClaimOptions): Promise<ClaimAndGetResult>;
  /** In one write transaction: the first feature in `ready` order (or with an expired lease), claimed. */
  claimNext(options: ClaimNextOptions): Promise<ClaimResult | null>;
  renew(lease: Lease, options?: { leaseSeconds?: number }): Promise<Lease>;
  /** Gives a claim back: in_progress cleared, only while `lease` still holds it. */
  release(lease: Lease): Promise<FeatureDict>;
  reclaimStale(options: ReclaimStaleOptions): Promise<ReclaimStaleResult>;

  markPassing(id: FeatureId, options?: HolderOptions): Promise<FeatureDict>;
  markFailing(id: FeatureId, options?: HolderOptions): Promise<FeatureDict>;
  skip(id: FeatureId, options?: HolderOptions): Promise<FeatureDict>;
  clearInProgress(id: FeatureId, options?: HolderOptions): Promise<FeatureDict>;

  addDependency(id: FeatureId, dependsOn: FeatureId): Promise<FeatureDict>;
  removeDependency(id: FeatureId, dependsOn: FeatureId): Promise<FeatureDict>;
  setDependencies(id: FeatureId, dependsOn: FeatureId[]): Promise<FeatureDict>;

  ready(options?: { limit?: number }): Promise<ReadyResult>;
  blocked(options?: { limit?: number }): Promise<BlockedResult>;
  graph(): Promise<GraphResult>;

  requestHumanInput(
    id: FeatureId,
    request: HumanInputRequestInput,
    options?: HolderOptions,
  ): Promise<FeatureDict>;
  respondHumanInput(id: FeatureId, response: Record<string, unknown>): Promise<FeatureDict>;
}

// ---------------------------------------------------------------------------------------------
// Schedules (features.db) and conversations (assistant.db). Timestamps in results are ISO-8601.

export interface Schedule {
  id: number;
  project_name: string;
  start_time: string;
  duration_minutes: number;
  days_of_week: number;
  enabled: boolean;
  yolo_mode: boolean;
  model: string | null;
  max_concurrency: number;
  crash_count: number;
  created_at: string | null;
}

export interface ScheduleOverride {
  id: number;
  schedule_id: number;
  override_type: 'start' | 'stop';
  expires_at: string | null;
  created_at: string | null;
}

export interface ScheduleCreate {
  project_name: string;
  start_time: string;
  duration_minutes: number;
  days_of_week?: number;
  enabled?: boolean;
  yolo_mode?: boolean;
  model?: string | null;
  max_concurrency?: number;
}

export type ScheduleUpdate = Partial<Omit<ScheduleCreate, 'project_name'>> & { crash_count?: number };

export interface SchedulesApi {
  create(input: ScheduleCreate): Promise<Schedule>;
  get(id: number): Promise<Schedule>;
  list(options?: { projectName?: string; enabledOnly?: boolean }): Promise<Schedule[]>;
  update(id: number, patch: ScheduleUpdate): Promise<Schedule>;
  /** False when there was no such schedule. Its overrides go with it (foreign key cascade). */
  delete(id: number): Promise<boolean>;
  /** True when the schedule runs on weekday `weekday` (0 = Monday). */
  isActiveOn(schedule: Pick<Schedule, 'days_of_week'>, weekday: number): boolean;
  /** Replaces the schedule's existing overrides of the same type, in one transaction. */
  createOverride(
    scheduleId: number,
    type: 'start' | 'stop',
    expiresAt: Date | string,
  ): Promise<ScheduleOverride>;
  /** The newest override with expires_at > now; null when none or the schedule is gone. */
  activeOverride(scheduleId: number): Promise<ScheduleOverride | null>;
  listOverrides(scheduleId: number): Promise<ScheduleOverride[]>;
  /** Deletes overrides with expires_at <= now; returns how many. */
  cleanupExpiredOverrides(): Promise<number>;
  /** Returns the new crash_count; null when the schedule is gone. */
  incrementCrashCount(id: number): Promise<number | null>;
  resetCrashCount(id: number): Promise<boolean>;
}

export interface Conversation {
  id: number;
  project_name: string;
  title: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface ConversationWithCount extends Conversation {
  message_count: number;
}

export interface Message {
  id: number;
  conversation_id: number;
  role: 'user' | 'assistant' | 'system';
  content: string;
  timestamp: string | null;
}

export interface ConversationWithMessages extends Conversation {
  messages: Message[];
}

export interface MessagePage {
  items: Message[];
  /** Pass as `after` for the next page; null on the last page. */
  next_after: number | null;
}

export interface ConversationsApi {
  create(input: { project_name: string; title?: string | null }): Promise<Conversation>;
  /** Newest updated_at first, each with its message count, in one query. */
  list(projectName: string): Promise<ConversationWithCount[]>;
  /** Null when missing. Messages oldest first. */
  get(id: number): Promise<ConversationWithMessages | null>;
  /** False when missing; deletes the messages first, in the same transaction. */
  delete(id: number): Promise<boolean>;
  /** Null when the conversation is missing (no throw). */
  addMessage(
    conversationId: number,
    message: { role: 'user' | 'assistant' | 'system'; content: string },
  ): Promise<Message | null>;
  /**
   * Keyset pagination by message id (limit 1..1000, default 100): constant memory for any
   * conversation size. NotFoundError for a missing conversation, so "no messages" and "wrong id" differ.
   */
  messages(conversationId: number, options?: { after?: number; limit?: number }): Promise<MessagePage>;
}

/** The Python app's feature_list.json, in and out (docs/contracts.md#5-feature_listjson). */
export interface FeatureListApi {
  /**
   * Imports `feature_list.json` from `projectDir` (default: the store's project directory) into an
   * empty features table, all or nothing, then renames the file to a backup name.
   */
  import(projectDir?: string, options?: ImportOptions): Promise<ImportResult>;
  /** Writes every feature as a JSON array (default file: feature_list_export.json in the project directory). */
  export(options?: ExportOptions): Promise<ExportResult>;
}

export interface Store {
  features: FeaturesApi;
  schedules: SchedulesApi;
  conversations: ConversationsApi;
  featureList: FeatureListApi;
  /** Closes this store's connections (releasing file locks). Idempotent. */
  close(): Promise<void>;
}
