import type { FeaturesAdapter } from '../adapter.js';
import type { FeaturesApi } from '../api.js';
import {
  BLOCKED_LIMIT,
  READY_LIMIT,
  featureBatchSchema,
  featureCreateSchema,
  humanInputRequestSchema,
  humanInputResponseSchema,
  validate,
  validateClaimNextTerms,
  validateClaimTerms,
  validateDependencyIds,
  validateHolder,
  validateId,
  validateLease,
  validateLeaseSeconds,
  validateLimit,
  validateListQuery,
  validateReclaimStale,
} from '../validation/index.js';
import { completionPercentage } from './percentage.js';

/**
 * The work queue (docs/contracts.md#4-the-work-queue, leases included), for any dialect: each
 * method validates its input, then makes one call to the adapter, which does the whole operation
 * atomically. Nothing is validated twice, and no promise is awaited inside a transaction.
 */
export function createFeaturesService(adapter: FeaturesAdapter): FeaturesApi {
  return {
    async stats() {
      const s = await adapter.stats();
      return { ...s, percentage: completionPercentage(s.passing, s.total) };
    },

    async get(id) {
      return adapter.get(validateId(id, 'feature'));
    },

    async summary(id) {
      const f = await adapter.get(validateId(id, 'feature'));
      return {
        id: f.id,
        priority: f.priority,
        category: f.category,
        name: f.name,
        passes: f.passes,
        in_progress: f.in_progress,
        needs_human_input: f.needs_human_input,
        dependencies: f.dependencies,
      };
    },

    async list(options) {
      return adapter.list(validateListQuery(options));
    },

    async create(item) {
      return adapter.create(validate(featureCreateSchema, item, 'feature'));
    },

    async createBulk(items) {
      return adapter.createBulk(validate(featureBatchSchema, items, 'feature batch'));
    },

    async claim(id, options) {
      const featureId = validateId(id, 'feature');
      return adapter.claim(featureId, validateClaimTerms(options));
    },

    async claimAndGet(id, options) {
      const featureId = validateId(id, 'feature');
      return adapter.claimAndGet(featureId, validateClaimTerms(options));
    },

    async claimNext(options) {
      return adapter.claimNext(validateClaimNextTerms(options));
    },

    async renew(lease, options) {
      const l = validateLease(lease);
      return adapter.renew(l, validateLeaseSeconds(options?.leaseSeconds));
    },

    async release(lease) {
      return adapter.release(validateLease(lease));
    },

    async reclaimStale(options) {
      return adapter.reclaimStale(validateReclaimStale(options));
    },

    async markPassing(id, options) {
      const lease = validateHolder(id, options);
      return adapter.mark('passing', id, lease);
    },

    async markFailing(id, options) {
      const lease = validateHolder(id, options);
      return adapter.mark('failing', id, lease);
    },

    async skip(id, options) {
      const lease = validateHolder(id, options);
      return adapter.mark('skip', id, lease);
    },

    async clearInProgress(id, options) {
      const lease = validateHolder(id, options);
      return adapter.mark('clear', id, lease);
    },

    async addDependency(id, dependsOn) {
      const featureId = validateId(id, 'feature');
      return adapter.changeDependencies(featureId, { add: validateId(dependsOn, 'dependency') });
    },

    async removeDependency(id, dependsOn) {
      const featureId = validateId(id, 'feature');
      return adapter.changeDependencies(featureId, { remove: validateId(dependsOn, 'dependency') });
    },

    async setDependencies(id, dependsOn) {
      const featureId = validateId(id, 'feature');
      return adapter.changeDependencies(featureId, { set: validateDependencyIds(dependsOn) });
    },

    async ready(options) {
      return adapter.ready(validateLimit(READY_LIMIT, options?.limit));
    },

    async blocked(options) {
      return adapter.blocked(validateLimit(BLOCKED_LIMIT, options?.limit));
    },

    async graph() {
      return adapter.graph();
    },

    async requestHumanInput(id, request, options) {
      const parsed = validate(humanInputRequestSchema, request, 'human input request');
      const lease = validateHolder(id, options);
      return adapter.requestHumanInput(id, parsed, lease);
    },

    async respondHumanInput(id, response) {
      const featureId = validateId(id, 'feature');
      return adapter.respondHumanInput(
        featureId,
        validate(humanInputResponseSchema, response, 'human input response'),
      );
    },
  };
}
