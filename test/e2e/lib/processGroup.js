// Child processes that run in a process group of their own and are killed as a group: code-server
// leaves its extension hosts and file watchers behind when only its own pid is killed.
'use strict';
const { spawn } = require('child_process');

const live = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

// Last resort for every path out of this process (normal end, process.exit, an uncaught error).
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

/** spawn() into a new process group; `stop()` ends the whole group (SIGTERM, then SIGKILL after `graceMs`). */
function spawnGroup(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  live.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  exited.then(() => {
    // The leader is gone, but its children may still be running in the group.
    killGroup(child, 'SIGKILL');
    live.delete(child);
  });
  async function stop(graceMs = 3000) {
    if (!live.has(child)) return exited;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
  return { child, exited, stop };
}

module.exports = { spawnGroup };
