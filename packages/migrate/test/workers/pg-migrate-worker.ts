// One `forgedb migrate` against a PostgreSQL database, started at a given instant so that
// several processes race for real. Prints what it ran as JSON.
import { migratePg } from '../../src/pg/index.js';

const [url, startAt] = process.argv.slice(2) as [string, string];
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const result = await migratePg({ database: url });
process.stdout.write(
  JSON.stringify({ ran: result.ran.map((s) => `${s.kind}/${s.tag}`), history: result.history.length }),
);
