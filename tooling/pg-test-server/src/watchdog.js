// Stops the test server when the process that started it is gone (killed, crashed), so no
// postgres outlives its test run. Runs detached: argv = parent pid, postgres pid, data directory.
import { rmSync } from 'node:fs';

const [parentPid, serverPid, dataDir] = process.argv.slice(2).map((v, i) => (i < 2 ? Number(v) : v));

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

const timer = setInterval(() => {
  if (!alive(serverPid)) {
    clearInterval(timer);
    return;
  }
  if (alive(parentPid)) return;
  clearInterval(timer);
  // SIGQUIT: immediate shutdown; nothing in a test server is worth a checkpoint.
  process.kill(serverPid, 'SIGQUIT');
  const wait = setInterval(() => {
    if (alive(serverPid)) return;
    clearInterval(wait);
    rmSync(dataDir, { recursive: true, force: true });
  }, 100);
}, 500);
