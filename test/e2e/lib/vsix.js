// Packages the extension with vsce into test/artifacts/ (the same command as `npm run package`).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot, vsixPath } = require('./env');

const VSCE = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
// No dependencies: the bundles carry them. No repository is published, so the README's relative
// links (docs/rules/…) stay relative instead of failing the package.
const VSCE_OPTIONS = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

/**
 * Runs `vsce package` on the built extension; writes test/artifacts/<name>-<version>.vsix unless
 * `out` names another file. Returns the VSIX path and vsce's output.
 */
function packageVsix(out = vsixPath()) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  const result = spawnSync(process.execPath, [VSCE, 'package', ...VSCE_OPTIONS, '--out', out], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'], // vsce asks before packaging a doubtful manifest: no stdin means no
    timeout: 120000,
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !fs.existsSync(out)) throw new Error(`vsce package failed (${result.status ?? result.signal}):\n${output}`);
  return { file: out, output };
}

module.exports = { packageVsix };
