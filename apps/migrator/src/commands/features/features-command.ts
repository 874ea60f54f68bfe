import { defineCommand, jsonOption } from '../../command.js';
import { EXIT_OK, UsageError } from '../../errors.js';
import { printJson } from '../../io.js';
import { parseFeaturesArguments, type Subcommand } from './arguments.js';
import { claimNext } from './claim-next.js';
import { createBulk, loadBatch } from './create-bulk.js';
import { pgOptions, resolvePgTarget } from '../../pg-target.js';
import { withPgStore, withProjectStore } from './open-project-store.js';
import type { Store } from '@forgedb/store';
import type { SubcommandRunner } from './outcome.js';
import { blocked, graph, ready, stats } from './queue-views.js';
import { claim, clear, fail, get, pass, skip } from './transitions.js';

const RUNNERS: Record<Subcommand, SubcommandRunner> = {
  stats,
  ready,
  blocked,
  graph,
  get,
  claim,
  pass,
  fail,
  skip,
  clear,
  'claim-next': claimNext,
  'create-bulk': createBulk,
};

export default defineCommand({
  name: 'features',
  summary:
    'the work queue: stats, ready/blocked/graph, get, claim, pass, fail, skip, clear, claim-next, create-bulk',
  help: `Usage: forgedb features <subcommand> TARGET [options] [--json]

TARGET is --project DIR (SQLite files) or --database-url URL --project-name NAME [--schema S]
(a PostgreSQL project; --database-url defaults to FORGEDB_DATABASE_URL).

  forgedb features stats|ready|blocked|graph           TARGET [--limit N] [--json]
  forgedb features get|claim|pass|fail|skip|clear ID   TARGET [--json]
  forgedb features claim-next --agent NAME             TARGET [--lease SECONDS] [--json]
  forgedb features create-bulk --file FILE             TARGET [--json]

Reads and changes the work queue in DIR's features.db, with the same guards as the agents' API.
The project and its features.db must exist (found in .autoforge/, .autocoder/ or DIR); nothing
is created. A legacy file is upgraded first, with a backup, as \`forgedb migrate\` does; one
line on stderr names the file, what changed and the backup (stdout keeps only the result).
On PostgreSQL the project must exist (an unknown name is refused, naming the projects there)
and the schema must be current (\`forgedb migrate --database-url URL\`); neither is changed.

  stats         totals: features, passing, in progress, needing human input, percentage
  ready         features an agent may claim now, in claim order (--limit 1..50, default 10)
  blocked       features waiting on unfinished dependencies (--limit 1..100, default 20)
  graph         every feature with its status and dependencies
  get ID        one feature in full
  claim ID      mark it in progress (refused if passing, already in progress or waiting for
                human input); anonymous unless --agent NAME; lease --lease SECONDS (default 300)
  pass ID       mark it passing and end its claim (refused if already passing)
  fail ID       mark it not passing, end its claim: it is back in the queue
  skip ID       move it to the end of the queue and end its claim (refused if passing)
  clear ID      end its claim without changing whether it passes
  claim-next    claim the first ready feature (or one whose lease expired) for --agent NAME,
                with a lease of --lease SECONDS (default 300)
  create-bulk   add the features in --file FILE (- reads stdin): a JSON array of
                { category, name, description, steps, depends_on_indices? }, where
                depends_on_indices names earlier items of the same array (0-based); all or none

  --json        print { "ok": true, ...the operation's result }: the stats fields (stats),
                { features, total_ready } (ready), { features, total_blocked } (blocked),
                { nodes, edges } (graph), the feature's fields (get, pass, fail, skip, clear),
                { feature, lease } (claim, claim-next; both null when nothing is ready),
                { created, features } (create-bulk); a failure prints
                { "ok": false, "error": { code, reason?, message, issues? } }

Exit codes: 0 done (also when claim-next finds nothing ready), 1 refused or failed (e.g.
already passing, no such feature, invalid input, missing project: the reason is printed and
nothing was changed), 2 usage error (unknown subcommand, missing or non-integer ID, --limit
not an integer, a flag the subcommand does not take).`,
  options: {
    ...jsonOption,
    project: { type: 'string' },
    ...pgOptions,
    limit: { type: 'string' },
    agent: { type: 'string' },
    lease: { type: 'string' },
    file: { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals, io }) {
    const args = parseFeaturesArguments(values, positionals);
    const pg = resolvePgTarget(values, 'features', { projectRequired: true });
    if (!pg && !values.project)
      throw new UsageError(
        '--project DIR is required (or, on PostgreSQL, --database-url URL --project-name NAME).',
        'features',
      );
    if (args.subcommand === 'create-bulk') args.batch = loadBatch(args.file as string);
    const run = (store: Store) => RUNNERS[args.subcommand](store, args);
    const outcome = pg
      ? await withPgStore(pg, run)
      : await withProjectStore(values.project as string, io, run);
    if (values.json) printJson(io, { ok: true, ...outcome.result });
    else io.out(`${outcome.text}\n`);
    return EXIT_OK;
  },
});
