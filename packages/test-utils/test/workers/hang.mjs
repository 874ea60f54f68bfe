import process from 'node:process';
import { setInterval } from 'node:timers';

// Never finishes on its own: the test kills it.
process.stdout.write('ready\n');
setInterval(() => process.stdout.write('{"tick":1}\n'), 5);
