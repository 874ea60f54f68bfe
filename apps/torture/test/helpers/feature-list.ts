import { closeSync, openSync, writeSync } from 'node:fs';

/** A feature_list.json of `count` entries in the shape the Python app's users wrote, with dependencies. */
export function writeFeatureList(file: string, count: number): void {
  const fd = openSync(file, 'w');
  try {
    let chunk = '[';
    for (let i = 1; i <= count; i++) {
      const entry = {
        id: i,
        priority: i,
        category: `cat${i % 9}`,
        name: `Feature ${i}`,
        description: `Imported feature ${i}: ${'details '.repeat(i % 20)}`,
        steps: [`step one of ${i}`, `step two of ${i}`],
        passes: i % 4 === 0,
        dependencies: i > 2 ? [i - 1, i - 2] : undefined,
      };
      chunk += `${i === 1 ? '\n' : ',\n'}${JSON.stringify(entry)}`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, `${chunk}\n]\n`);
  } finally {
    closeSync(fd);
  }
}
