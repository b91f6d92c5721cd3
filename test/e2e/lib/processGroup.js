// Child processes that run in a process group of their own and are stopped as a group: code-server
// leaves its extension hosts and file watchers behind when only its own pid is killed, and a test
// suite leaves its code-server and browser behind.
'use strict';
const { spawn } = require('child_process');

/** Handles of the groups still running. */
const live = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

// Stopped ourselves (Ctrl+C, a timeout): stop every group (SIGTERM, then SIGKILL), then exit.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, async () => {
    await Promise.all([...live].map((handle) => handle.stop()));
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
// Last resort for every other way out (normal end, process.exit, an uncaught error).
process.on('exit', () => {
  for (const handle of live) killGroup(handle.child.pid, 'SIGKILL');
});

/**
 * spawn() into a new process group. `exited` resolves with the leader's exit code (or signal),
 * `closed` likewise once its output pipes are drained too; `stop()` ends the whole group:
 * SIGTERM, then SIGKILL after `graceMs`.
 */
function spawnGroup(command, args, options = {}, graceMs = 3000) {
  const child = spawn(command, args, { ...options, detached: true });
  const result = (event) => new Promise((resolve) => child.once(event, (code, signal) => resolve(code ?? signal)));
  const exited = result('exit');
  const closed = result('close');
  const handle = {
    child,
    exited,
    closed,
    async stop() {
      if (!live.has(handle)) return exited;
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  live.add(handle);
  exited.then(() => {
    // The leader is gone, but its children may still be running in the group.
    killGroup(child.pid, 'SIGKILL');
    live.delete(handle);
  });
  return handle;
}

module.exports = { spawnGroup };
