import path from 'node:path';
import { assistantFile, copyProject, featuresFile, newProject } from '../fixtures.js';
import { figure } from '../report.js';
import { rows, type Workload } from './context.js';

interface MessagesResult {
  appendMs: number;
  readMs: number;
  read: number;
}

export const messagesWorkload: Workload = {
  name: 'messages',
  description:
    'append 100k messages to one conversation (one transaction each), then read them all in pages of 100',
  async run(ctx) {
    const n = ctx.size(100_000);
    const forge = newProject(ctx.root, 'messages-forgedb', 'assistant');
    newProject(ctx.root, 'messages-forgedb', 'features');
    const raw = copyProject(forge, path.join(ctx.root, 'messages-raw'));
    const params = (project: string) => ({
      file: featuresFile(project),
      assistantFile: assistantFile(project),
      count: n,
      pageSize: 100,
    });
    const f = await ctx.runChild<MessagesResult>('messages', { variant: 'forgedb', ...params(forge) });
    const r = await ctx.runChild<MessagesResult>('messages', { variant: 'raw', ...params(raw) });
    if (f.result.read !== n || r.result.read !== n)
      throw new Error(`read back ${f.result.read}/${r.result.read} messages, expected ${n}`);
    const k = rows(n);
    ctx.add(figure(`addMessage x${k}: time`, f.result.appendMs, 'ms', r.result.appendMs));
    ctx.add(
      figure(`addMessage: per message`, f.result.appendMs / n, 'ms', r.result.appendMs / n, {
        kind: 'ratio-max',
        max: 1.3,
      }),
    );
    ctx.add(figure(`read ${k} messages in pages of 100: time`, f.result.readMs, 'ms', r.result.readMs));
    ctx.add(
      figure(`append + page ${k} messages: peak RSS`, f.peakRssMb, 'MB', r.peakRssMb, {
        kind: 'value-max',
        max: 200,
      }),
    );
  },
};
