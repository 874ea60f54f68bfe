import type { FeatureDict } from '@forgedb/schema';
import type {
  BlockedResult,
  ClaimAndGetResult,
  ClaimResult,
  Conversation,
  ConversationWithCount,
  ConversationWithMessages,
  CreateBulkResult,
  FeatureBulkItem,
  FeatureCreateItem,
  FeatureStats,
  GraphResult,
  Lease,
  Message,
  MessagePage,
  Page,
  ReadyResult,
  ReclaimStaleResult,
  Schedule,
  ScheduleOverride,
} from './api.js';
import type { DependencyChange } from './features/dependency-rules.js';
import type { ExportOptions, ExportResult, ImportOptions, ImportResult } from './feature-list/types.js';
import type { ClaimTerms, ListQuery, ScheduleInput, SchedulePatch } from './validation/index.js';

/*
 * What a dialect implements (docs/architecture.md). The services (src/**\/*-service.ts) validate
 * input and call ONE adapter method per API call; each method is a whole operation, done
 * atomically by the dialect: SQLite does it synchronously inside one BEGIN IMMEDIATE (hence
 * `T | Promise<T>`: no promise hop inside a transaction), PostgreSQL can use FOR UPDATE SKIP
 * LOCKED. Inputs arrive validated; refusals come from the pure functions of
 * src/features/refusals.ts and src/features/dependency-rules.ts, called inside the transaction.
 */

export type Awaitable<T> = T | Promise<T>;

/** The holder writes that end a claim or change its outcome. */
export type FeatureMark = 'passing' | 'failing' | 'skip' | 'clear';

export interface FeaturesAdapter {
  stats(): Awaitable<Omit<FeatureStats, 'percentage'>>;
  /** NotFoundError when missing. */
  get(id: number): Awaitable<FeatureDict>;
  list(query: ListQuery): Awaitable<Page<FeatureDict>>;
  create(item: FeatureCreateItem): Awaitable<FeatureDict>;
  /** `items` already checked (depends_on_indices name earlier items only). */
  createBulk(items: FeatureBulkItem[]): Awaitable<CreateBulkResult>;

  claim(id: number, terms: ClaimTerms): Awaitable<ClaimResult>;
  claimAndGet(id: number, terms: ClaimTerms): Awaitable<ClaimAndGetResult>;
  /** One reading of the clock decides which lease expired and the new lease's times. */
  claimNext(terms: { agent: string; seconds: number }): Awaitable<ClaimResult | null>;
  renew(lease: Lease, seconds: number): Awaitable<Lease>;
  release(lease: Lease): Awaitable<FeatureDict>;
  reclaimStale(olderThanSeconds: number): Awaitable<ReclaimStaleResult>;
  /** Guarded by `lease` when given; otherwise unguarded (the Python app's kind of write). */
  mark(mark: FeatureMark, id: number, lease: Lease | undefined): Awaitable<FeatureDict>;

  /** Reads the current list, applies nextDependencies and checkDependencyList, writes: one transaction. */
  changeDependencies(id: number, change: DependencyChange): Awaitable<FeatureDict>;

  ready(limit: number): Awaitable<ReadyResult>;
  blocked(limit: number): Awaitable<BlockedResult>;
  graph(): Awaitable<GraphResult>;

  requestHumanInput(id: number, request: object, lease: Lease | undefined): Awaitable<FeatureDict>;
  respondHumanInput(id: number, response: Record<string, unknown>): Awaitable<FeatureDict>;
}

export interface SchedulesAdapter {
  create(input: ScheduleInput): Awaitable<Schedule>;
  /** Null when missing. */
  get(id: number): Awaitable<Schedule | null>;
  list(filter: { project: string | null; enabledOnly: boolean }): Awaitable<Schedule[]>;
  /** Null when missing; only the fields `patch` holds change. */
  update(id: number, patch: SchedulePatch): Awaitable<Schedule | null>;
  delete(id: number): Awaitable<boolean>;
  /** Replaces the schedule's overrides of `type`; NotFoundError when the schedule is missing. */
  createOverride(scheduleId: number, type: 'start' | 'stop', expiresAt: string): Awaitable<ScheduleOverride>;
  activeOverride(scheduleId: number): Awaitable<ScheduleOverride | null>;
  listOverrides(scheduleId: number): Awaitable<ScheduleOverride[]>;
  cleanupExpiredOverrides(): Awaitable<number>;
  incrementCrashCount(id: number): Awaitable<number | null>;
  resetCrashCount(id: number): Awaitable<boolean>;
}

export interface ConversationsAdapter {
  create(input: { project_name: string; title: string | null }): Awaitable<Conversation>;
  list(projectName: string): Awaitable<ConversationWithCount[]>;
  get(id: number): Awaitable<ConversationWithMessages | null>;
  delete(id: number): Awaitable<boolean>;
  /** Null when the conversation is missing; timestamps strictly increase per conversation. */
  addMessage(
    conversationId: number,
    message: { role: 'user' | 'assistant' | 'system'; content: string },
  ): Awaitable<Message | null>;
  /** NotFoundError when the conversation is missing. */
  messages(conversationId: number, page: { after: number; limit: number }): Awaitable<MessagePage>;
}

/** feature_list.json in and out (docs/contracts.md#5-feature_listjson). */
export interface FeatureListAdapter {
  import(projectDir: string | undefined, options: ImportOptions): Awaitable<ImportResult>;
  export(options: ExportOptions): Awaitable<ExportResult>;
}

export interface StoreAdapters {
  features: FeaturesAdapter;
  schedules: SchedulesAdapter;
  /** Made on first use, so a store that never touches conversations never creates assistant.db. */
  conversations: () => ConversationsAdapter;
  featureList: FeatureListAdapter;
  close(): Awaitable<void>;
}
