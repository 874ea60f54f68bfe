import { createInterface } from 'node:readline';
import process from 'node:process';

// Prints a partial line, then `ready` and one JSON line per line it reads, until `exit N`.
process.stdout.write('start');
process.stdout.write('ed\nready\n');
process.stderr.write('a note on stderr\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.startsWith('exit ')) process.exit(Number(line.slice(5)));
  process.stdout.write(`${JSON.stringify({ echo: line })}\n`);
}
