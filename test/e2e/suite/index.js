// extensionTestsPath entry: VS Code loads this module in the extension host and awaits run().
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60000, grep: process.env.KMS_LINT_E2E_GREP });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // One line the test orchestrator counts (scripts/e2e/run-e2e.mjs).
      console.log(`extension-host: ${runner.stats.passes} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else if (runner.stats.passes === 0) reject(new Error('no extension-host test ran'));
      else resolve();
    });
  });
};
