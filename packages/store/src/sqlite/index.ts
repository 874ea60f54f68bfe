export { queueDiagnostics, type QueueDiagnostics } from './queue-diagnostics.js';
export { CHANGE_LOG_TRIGGERS } from './change-log.js';
