import type { Task } from './tasks.js';

export const storeTasks: Record<string, Task> = {};
