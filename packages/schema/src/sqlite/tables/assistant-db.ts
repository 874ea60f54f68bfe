/** Everything stored in a project's assistant.db; drizzle.assistant.config.ts points here. */
export { conversations } from './conversations.js';
export { conversationMessages } from './conversation-messages.js';
