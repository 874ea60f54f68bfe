import { z } from 'zod';
import { MESSAGE_ROLES } from '../contract/records.js';
import { LIMITS } from './limits.js';
import { storableString } from './well-formed-text.js';

export const messageRoleSchema = z.enum(MESSAGE_ROLES);

export const conversationCreateSchema = z.object({
  project_name: storableString().min(1).max(LIMITS.conversationProjectNameMax),
  title: storableString().max(LIMITS.conversationTitleMax).nullable().optional(),
});

export const messageCreateSchema = z.object({
  role: messageRoleSchema,
  content: storableString(),
});
