import { z } from 'zod';
import { LIMITS } from './limits.js';
import { storableString } from './well-formed-text.js';

export const featureIdSchema = z.number().int().positive();

export const featureCreateSchema = z.object({
  category: storableString().min(1).max(LIMITS.categoryMax),
  name: storableString().min(1).max(LIMITS.nameMax),
  description: storableString().min(1),
  steps: z.array(storableString()).min(1),
});
export type FeatureCreateInput = z.infer<typeof featureCreateSchema>;

export const featureBulkItemSchema = featureCreateSchema.extend({
  depends_on_indices: z.array(z.number().int().nonnegative()).max(LIMITS.dependenciesMax).optional(),
});
export type FeatureBulkItemInput = z.infer<typeof featureBulkItemSchema>;

export const featureBulkSchema = z.array(featureBulkItemSchema).min(1);

export const dependencyListSchema = z.array(featureIdSchema).max(LIMITS.dependenciesMax);
