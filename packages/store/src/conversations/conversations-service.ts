import type { ConversationsAdapter } from '../adapter.js';
import type { ConversationsApi } from '../api.js';
import {
  conversationCreate,
  messageCreate,
  projectName,
  validate,
  validateId,
  validateMessagePage,
} from '../validation/index.js';

/** Assistant conversations (docs/contracts.md#7-conversations), for any dialect. */
export function createConversationsService(adapter: ConversationsAdapter): ConversationsApi {
  return {
    async create(input) {
      const data = validate(conversationCreate, input, 'conversation');
      return adapter.create({ project_name: data.project_name, title: data.title ?? null });
    },

    async list(project) {
      return adapter.list(validate(projectName, project, 'project name'));
    },

    async get(id) {
      return adapter.get(validateId(id, 'conversation'));
    },

    async delete(id) {
      return adapter.delete(validateId(id, 'conversation'));
    },

    async addMessage(conversationId, message) {
      const id = validateId(conversationId, 'conversation');
      return adapter.addMessage(id, validate(messageCreate, message, 'message'));
    },

    async messages(conversationId, options) {
      const id = validateId(conversationId, 'conversation');
      return adapter.messages(id, validateMessagePage(options));
    },
  };
}
