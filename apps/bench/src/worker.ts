import { tasks } from './tasks.js';

// One task per process: the parent reads `{ result, maxRssKb }` from the last stdout line.
const [name, raw] = process.argv.slice(2);
const task = name ? tasks[name] : undefined;
if (!task) {
  process.stderr.write(`unknown bench task ${name ?? '(none)'}; known: ${Object.keys(tasks).join(', ')}\n`);
  process.exit(2);
}
const result = await task(JSON.parse(raw ?? '{}') as never);
process.stdout.write(`${JSON.stringify({ result, maxRssKb: process.resourceUsage().maxRSS })}\n`);
