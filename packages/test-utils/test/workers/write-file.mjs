import { writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import process from 'node:process';

// Writes argv[3] bytes to argv[2]; under a file-size limit the write fails (EFBIG) or the process dies of SIGXFSZ.
const [file, bytes] = process.argv.slice(2);
process.on('SIGXFSZ', () => undefined);
writeFileSync(file, Buffer.alloc(Number(bytes), 120));
process.stdout.write('written\n');
