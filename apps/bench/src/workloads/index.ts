import { featureListWorkload } from './feature-list.js';
import { upgradeWorkload } from './upgrade.js';
import type { Workload } from './context.js';

export type { BenchContext, Workload } from './context.js';

export const workloads: Workload[] = [featureListWorkload, upgradeWorkload];
