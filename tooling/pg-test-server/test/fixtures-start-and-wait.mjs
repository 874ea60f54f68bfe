// Starts a test server, reports it, then waits to be killed (the watchdog test SIGKILLs it).
import { startTestServer } from '../src/server.js';

const server = await startTestServer();
process.stdout.write(`${JSON.stringify({ pid: server.pid, dataDir: server.dataDir })}\n`);
setInterval(() => {}, 1_000);
