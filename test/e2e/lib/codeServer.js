// Starts code-server (VS Code 1.100 in the browser, with a real Node extension host) for one test run:
// loopback port, no auth, an explicit --config (without it code-server writes ~/.config/code-server),
// its own user-data and extensions folders, and no extension gallery (no network lookups).
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawnSync } = require('child_process');
const { tools } = require('./env');
const { spawnGroup } = require('./processGroup');

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'editor.hover.delay': 100,
  'files.autoSave': 'off',
};

/** The folders and files one code-server instance owns, all under `baseDir`; `settings` add to USER_SETTINGS. */
function profile(baseDir, { userDataDir, extensionsDir, settings: extraSettings = {} } = {}) {
  const p = {
    configFile: path.join(baseDir, 'code-server.yaml'),
    userDataDir: userDataDir || path.join(baseDir, 'user-data'),
    extensionsDir: extensionsDir || path.join(baseDir, 'extensions'),
  };
  fs.mkdirSync(path.join(p.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(p.extensionsDir, { recursive: true });
  if (!fs.existsSync(p.configFile)) fs.writeFileSync(p.configFile, '');
  const settings = path.join(p.userDataDir, 'User/settings.json');
  if (!fs.existsSync(settings)) fs.writeFileSync(settings, JSON.stringify({ ...USER_SETTINGS, ...extraSettings }, null, 2));
  return p;
}

/** The last lines of each log the workbench wrote for the extension output channel `channel`. */
function outputChannelTail(p, channel, lines = 200) {
  const logs = path.join(p.userDataDir, 'logs');
  if (!fs.existsSync(logs)) return '';
  return fs
    .readdirSync(logs, { recursive: true })
    .filter((f) => path.basename(f).endsWith(`-${channel}.log`))
    .map((f) => `${f} (last ${lines} lines):\n${fs.readFileSync(path.join(logs, f), 'utf8').split('\n').slice(-lines).join('\n')}`)
    .join('\n');
}

function commonArgs(p) {
  return ['--config', p.configFile, '--user-data-dir', p.userDataDir, '--extensions-dir', p.extensionsDir];
}

function codeServerBin() {
  const bin = tools.codeServer();
  if (!bin) throw new Error('code-server is not installed: run scripts/e2e/install-code-server.sh');
  return bin;
}

/** `code-server --install-extension FILE` into the profile's extensions folder. */
function installExtension(p, vsix) {
  const result = spawnSync(codeServerBin(), [...commonArgs(p), '--install-extension', vsix], { encoding: 'utf8', timeout: 120000 });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, handle, deadlineMs) {
  const end = Date.now() + deadlineMs;
  let exitCode;
  handle.exited.then((code) => (exitCode = code));
  while (Date.now() < end) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before it answered`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${deadlineMs} ms`);
}

/**
 * Starts code-server for profile `p`. `env` is added to the server's environment (and so reaches the
 * extension host). Resolves once /healthz answers.
 */
async function startCodeServer(p, { env = {}, startupMs = 60000 } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    ...commonArgs(p),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  const handle = spawnGroup(codeServerBin(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env },
  });
  let log = '';
  handle.child.stdout.on('data', (d) => (log += d));
  handle.child.stderr.on('data', (d) => (log += d));
  try {
    await waitForHealth(url, handle, startupMs);
  } catch (err) {
    await handle.stop();
    err.message += `\ncode-server log:\n${log}`;
    throw err;
  }
  return {
    port,
    url,
    log: () => log,
    stop: () => handle.stop(),
    /** The workbench URL for a folder, with an optional VS Code launch payload (pairs of name and value). */
    workbenchUrl(folder, payload) {
      const query = new URLSearchParams({ folder });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${url}/?${query}`;
    },
    /** A file path as the browser workbench addresses it (`vscode-remote://` on this server). */
    remoteUri(file) {
      return `vscode-remote://127.0.0.1:${port}${path.resolve(file)}`;
    },
  };
}

module.exports = { profile, outputChannelTail, installExtension, startCodeServer };
