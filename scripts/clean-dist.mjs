// Run by each package's build before tsc: tsc never deletes the output of a source file that
// was moved or deleted, and such leftovers are packed and importable (the pack test refuses them).
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
