export { createConversationsService } from './conversations-service.js';
export { serializeConversation, serializeMessage } from './serialize-conversation.js';
export { titleFromMessage } from './title-from-message.js';
