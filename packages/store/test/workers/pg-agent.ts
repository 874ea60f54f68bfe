import { manualClock } from '../../src/clock.js';
import { openStore } from '../../src/open-store.js';
import type { Lease } from '../../src/api.js';
import { drain, waitUntil } from './drain.js';

/**
 * One agent process on a PostgreSQL project. Modes:
 * - drain URL PROJECT START_AT: claimNext + markPassing until every feature passes; prints the ids it finished.
 * - claim-loop URL PROJECT: claimNext (no finishing) forever, printing `claimed <id>` after each commit;
 *   the test SIGKILLs it at a random moment, usually inside a transaction.
 * - claim-next URL PROJECT CLOCK: claimNext with a 60 s lease at CLOCK (a manual clock: every
 *   process of the test agrees on it); prints {feature, lease} or null.
 * - mark URL PROJECT CLOCK LEASE_JSON: markPassing with that lease; prints the feature or the error's code and name.
 */
const [mode, url, project, ...rest] = process.argv.slice(2);
const clock = mode === 'claim-next' || mode === 'mark' ? manualClock(rest[0]) : undefined;
const store = await openStore({ url: url!, project: project!, clock, pool: { max: 1 } });
const agent = `agent-${process.pid}`;

if (mode === 'drain') {
  await waitUntil(Number(rest[0]));
  process.stdout.write(JSON.stringify(await drain(store, agent)));
} else if (mode === 'claim-loop') {
  process.stdout.write('ready\n');
  for (;;) {
    const next = await store.features.claimNext({ agent, leaseSeconds: 600 });
    if (!next) break;
    process.stdout.write(`claimed ${next.feature.id}\n`);
  }
} else if (mode === 'claim-next') {
  const next = await store.features.claimNext({ agent, leaseSeconds: 60 });
  process.stdout.write(JSON.stringify(next && { feature: next.feature.id, lease: next.lease }));
} else if (mode === 'mark') {
  try {
    const lease = JSON.parse(rest[1]!) as Lease;
    const feature = await store.features.markPassing(lease.feature_id, { lease });
    process.stdout.write(JSON.stringify({ passes: feature.passes }));
  } catch (error) {
    process.stdout.write(
      JSON.stringify({ code: (error as { code?: string }).code, name: (error as Error).name }),
    );
  }
}
await store.close();
