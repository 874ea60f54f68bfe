import { z } from 'zod';
import { JSON_MAX_DEPTH, jsonValueTooDeep } from '../encoding/json-text.js';
import { wellFormedJson } from './well-formed-text.js';

/** Stored as JSON: deeper than SQLite's JSON limit, no reader (nor `forgedb verify`) could parse it back. */
function notTooDeep(value: unknown, ctx: z.RefinementCtx): void {
  if (jsonValueTooDeep(value)) {
    ctx.addIssue({ code: 'custom', message: `nested more than ${JSON_MAX_DEPTH} levels deep` });
  }
}

export const HUMAN_INPUT_FIELD_TYPES = ['text', 'textarea', 'select', 'boolean'] as const;

const option = z.object({ value: z.string().min(1), label: z.string().min(1) });

export const humanInputFieldSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().min(1),
    type: z.enum(HUMAN_INPUT_FIELD_TYPES).default('text'),
    options: z.array(option).optional(),
  })
  .loose()
  .superRefine((field, ctx) => {
    if (field.type === 'select' && (!field.options || field.options.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
    }
    if (field.type !== 'select' && field.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'only select fields take options' });
    }
  });

// Strings nested anywhere in a request or response (unknown keys included) are checked once, at the root.
export const humanInputRequestSchema = wellFormedJson(
  z
    .object({
      prompt: z.string().min(1),
      fields: z.array(humanInputFieldSchema).min(1),
    })
    .loose()
    .superRefine((request, ctx) => {
      const ids = new Set<string>();
      const labels = new Set<string>();
      request.fields.forEach((field, i) => {
        if (ids.has(field.id))
          ctx.addIssue({
            code: 'custom',
            path: ['fields', i, 'id'],
            message: `duplicate field id "${field.id}"`,
          });
        if (labels.has(field.label)) {
          ctx.addIssue({
            code: 'custom',
            path: ['fields', i, 'label'],
            message: `duplicate field label "${field.label}"`,
          });
        }
        ids.add(field.id);
        labels.add(field.label);
      });
    })
    .superRefine(notTooDeep),
);
export type HumanInputRequestInput = z.input<typeof humanInputRequestSchema>;

export const humanInputResponseSchema = wellFormedJson(
  z.record(z.string(), z.unknown()).superRefine(notTooDeep),
);
