// Where the editor end-to-end tests find their tools, and the fixture workspaces they copy.
// Every location can be overridden from the environment (CODE_SERVER_BIN, CHROMIUM_BIN, NVIM_BIN).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const repoRoot = path.resolve(__dirname, '../../..');
const artifactsDir = path.join(repoRoot, 'test/artifacts');
const screenshotsDir = path.join(artifactsDir, 'screenshots');
const fixturesDir = path.join(repoRoot, 'test/fixtures');

/** An executable on PATH, or undefined. */
function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
}

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

const tools = {
  codeServer: () => executable(process.env.CODE_SERVER_BIN || path.join(repoRoot, '.e2e/code-server/node_modules/.bin/code-server')),
  chromium: () => (process.env.CHROMIUM_BIN ? executable(process.env.CHROMIUM_BIN) : which('chromium') || which('chromium-browser')),
  nvim: () => (process.env.NVIM_BIN ? executable(process.env.NVIM_BIN) : which('nvim')),
};

/** Names of the tools (keys of `tools`) that are missing, each with the way to get it. */
function missingTools(...names) {
  const howTo = {
    codeServer: 'code-server (run scripts/e2e/install-code-server.sh)',
    chromium: 'chromium (apt-get install chromium)',
    nvim: 'nvim (apt-get install neovim)',
  };
  return names.filter((n) => !tools[n]()).map((n) => howTo[n]);
}

/** A fresh temporary folder; removed by the caller (or left for inspection when KEEP_E2E_TMP is set). */
function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kms-lint-${prefix}-`));
}

function removeTempDir(dir) {
  if (!process.env.KEEP_E2E_TMP) fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies test/fixtures/<name> into `intoDir`, so a test may edit files without touching the repo. */
function copyFixtureWorkspace(name, intoDir) {
  const target = path.join(intoDir, name);
  fs.cpSync(path.join(fixturesDir, name), target, { recursive: true });
  return target;
}

/** The VSIX that `vsce package` writes for the current package.json version. */
function vsixPath() {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(artifactsDir, `${name}-${version}.vsix`);
}

module.exports = { repoRoot, artifactsDir, screenshotsDir, fixturesDir, tools, missingTools, makeTempDir, removeTempDir, copyFixtureWorkspace, vsixPath };
