import { bulkWorkload } from './bulk.js';
import { changeLogWorkload } from './change-log.js';
import { featureListWorkload } from './feature-list.js';
import { floorWorkload } from './floor.js';
import { messagesWorkload } from './messages.js';
import { pgCopyWorkload } from './pg-copy.js';
import { pgQueueWorkload } from './pg-queue.js';
import { queueWorkload } from './queue.js';
import { upgradeWorkload } from './upgrade.js';
import type { Workload } from './context.js';

export type { BenchContext, Workload } from './context.js';

export const workloads: Workload[] = [
  floorWorkload,
  queueWorkload,
  changeLogWorkload,
  bulkWorkload,
  messagesWorkload,
  featureListWorkload,
  upgradeWorkload,
  pgQueueWorkload,
  pgCopyWorkload,
];
