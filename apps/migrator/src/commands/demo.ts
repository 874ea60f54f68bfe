import path from 'node:path';
import { defineCommand, jsonOption } from '../command.js';
import { demoJson } from '../demo/json-report.js';
import { runDemo } from '../demo/steps.js';
import { demoText } from '../demo/text-report.js';
import { EXIT_FAILED, EXIT_OK } from '../errors.js';
import { refuseOnPg, pgOptions } from '../pg-target.js';
import { printJson } from '../io.js';

export default defineCommand({
  name: 'demo',
  summary:
    'create sample legacy projects, then detect, back up, upgrade, import, claim from the queue and report',
  help: `Usage: forgedb demo [--dir DIR] [--json]

Shows the migrator's main job end to end on generated sample data. In DIR (default
./sample-project) it creates:
  legacy-app/.autocoder/features.db    the Python app's OLDEST shape (no in_progress,
                                       dependencies or human-input columns; NULL passes)
  legacy-app/.autocoder/assistant.db   a conversation history
  json-app/feature_list.json           a backlog from before features.db existed
then runs what \`forgedb status\`, \`migrate\`, \`verify\`, \`import-json\` and
\`features claim-next\` do and prints each step: the detected legacy shape, the backup, the
guards, the adoption of the baseline, the migrations, the import, an agent claiming the best
ready feature with a lease and marking it passing, and the final status.

DIR must be new, empty, or a directory made by an earlier \`forgedb demo\` (it is replaced).

  --dir DIR   where to create the sample projects (default ./sample-project)
  --json      one JSON document with every step's result

Exit codes: 0 done, 1 failed (e.g. DIR is not empty), 2 usage error.`,
  options: { ...pgOptions, ...jsonOption, dir: { type: 'string' } },
  async run({ values, io }) {
    refuseOnPg(values, 'demo');
    const run = await runDemo(path.resolve(values.dir ?? 'sample-project'), io);
    if (values.json) printJson(io, demoJson(run));
    else io.out(demoText(run));
    return run.ok ? EXIT_OK : EXIT_FAILED;
  },
});
