// Runs lsp-check.lua in headless Neovim against `kms-lint server --stdio`, on a copy of the e2e
// fixture workspace. Exit status and output are Neovim's.
'use strict';
const path = require('path');
const { repoRoot, tools, makeTempDir, removeTempDir, copyFixtureWorkspace } = require('../lib/env');
const { spawnGroup } = require('../lib/processGroup');

const TIMEOUT_MS = 60000;

async function main() {
  const nvim = tools.nvim();
  if (!nvim) throw new Error('nvim is not installed (apt-get install neovim)');
  const tmp = makeTempDir('nvim');
  const workspace = copyFixtureWorkspace('e2e-workspace', tmp);
  try {
    const run = spawnGroup(nvim, ['--headless', '--clean', '-u', path.join(__dirname, 'lsp-check.lua')], {
      cwd: workspace,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, KMS_LINT_BIN: path.join(repoRoot, 'bin/kms-lint.js'), KMS_LINT_FILE: 'platform/keys.tf', HOME: tmp },
    });
    const timer = setTimeout(() => {
      console.log(`nvim did not finish within ${TIMEOUT_MS} ms`);
      run.stop();
    }, TIMEOUT_MS);
    const code = await run.exited;
    clearTimeout(timer);
    return code === 0 ? 0 : 1;
  } finally {
    removeTempDir(tmp);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
