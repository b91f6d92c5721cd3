// Extension-host test entry: the standard @vscode/test-electron runTests() call.
//
// Here it runs VS Code's extension tests inside code-server (see code-server-shim.js), because
// desktop VS Code cannot be downloaded on the project's machines. On a machine that can download
// it, `KMS_LINT_E2E_DESKTOP=1 node test/e2e/runTest.js` drops the vscodeExecutablePath option and
// the same suite runs unchanged in desktop VS Code (test-electron downloads a build; on Linux
// without a display, run it under xvfb-run).
'use strict';
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { repoRoot, makeTempDir, removeTempDir, copyFixtureWorkspace } = require('./lib/env');
const { profile, outputChannelTail } = require('./lib/codeServer');

async function main() {
  const tmp = makeTempDir('exthost');
  // The tests edit files: they get a copy of the fixture workspace, never the repo's.
  const workspace = copyFixtureWorkspace('e2e-workspace', tmp);
  const desktop = !!process.env.KMS_LINT_E2E_DESKTOP;
  // The language client's trace goes to the "KMS Lint" output channel, printed when a test fails.
  const p = profile(tmp, { settings: { 'kmsLint.trace.server': 'verbose' } });
  try {
    await runTests({
      ...(desktop ? {} : { vscodeExecutablePath: path.join(__dirname, 'code-server-shim.js') }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${p.userDataDir}`, `--extensions-dir=${p.extensionsDir}`],
    });
    return 0;
  } catch (err) {
    console.log(outputChannelTail(p, 'KMS Lint'));
    console.error(`extension-host tests failed: ${err.message}`);
    return 1;
  } finally {
    removeTempDir(tmp);
  }
}

main().then((code) => process.exit(code));
