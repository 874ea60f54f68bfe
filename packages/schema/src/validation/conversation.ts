import { z } from 'zod';
import { MESSAGE_ROLES } from '../tables/conversation-messages.js';
import { LIMITS } from './limits.js';

export const messageRoleSchema = z.enum(MESSAGE_ROLES);

export const conversationCreateSchema = z.object({
  project_name: z.string().min(1).max(LIMITS.conversationProjectNameMax),
  title: z.string().max(LIMITS.conversationTitleMax).nullable().optional(),
});

export const messageCreateSchema = z.object({
  role: messageRoleSchema,
  content: z.string(),
});
