import { conversationCreateSchema, messageCreateSchema } from '@forgedb/schema';
import { afterMessageRefusal, afterMessageSchema } from './ids.js';
import { limitRule, validateLimit } from './limits.js';
import { validate } from './validate.js';

export const MESSAGE_PAGE_LIMIT = { min: 1, max: 1000, default: 100 } as const;
const MESSAGE_PAGE = limitRule(MESSAGE_PAGE_LIMIT);

// Strict: a misspelt field is refused instead of silently dropped.
export const conversationCreate = conversationCreateSchema.strict();
export const messageCreate = messageCreateSchema.strict();
export const projectName = conversationCreateSchema.shape.project_name;

export function validateMessagePage(options: { after?: unknown; limit?: unknown } | undefined): {
  after: number;
  limit: number;
} {
  return {
    after: validate(afterMessageSchema, options?.after, afterMessageRefusal),
    limit: validateLimit(MESSAGE_PAGE, options?.limit),
  };
}
