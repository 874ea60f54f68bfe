export { MESSAGE_PAGE_LIMIT, createConversationsStore } from './conversations-store.js';
export { serializeConversation, serializeMessage } from './serialize-conversation.js';
export { titleFromMessage } from './title-from-message.js';
