// Stops the test server when the process that started it is gone (killed, crashed), so no
// postgres and no data directory outlive their test run. Runs detached: argv = parent pid,
// postgres pid, data directory. The parent's stop() ends this process when it cleans up itself.
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

const removeData = () => rmSync(dataDir, { recursive: true, force: true });

const timer = setInterval(() => {
  if (alive(parentPid)) return;
  clearInterval(timer);
  if (!alive(serverPid)) {
    removeData();
    return;
  }
  // SIGQUIT: immediate shutdown; nothing in a test server is worth a checkpoint.
  process.kill(serverPid, 'SIGQUIT');
  const wait = setInterval(() => {
    if (alive(serverPid)) return;
    clearInterval(wait);
    removeData();
  }, 100);
}, 500);
