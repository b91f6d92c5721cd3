// The VSIX a user installs: built by `vsce package --no-dependencies` from the bundles, it must
// hold everything the extension loads at run time, nothing of the development tree, and work
// without node_modules. The package is kept in test/artifacts/ for the UI test and for people.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { before, after, test } = require('node:test');
const { repoRoot, makeTempDir, removeTempDir, copyFixtureWorkspace } = require('./lib/env');
const { readZipEntries, extractZip } = require('./lib/zip');
const { packageVsix } = require('./lib/vsix');

const SIZE_BUDGET_BYTES = 6 * 1024 * 1024;

let vsix;
let names;
let tmp;

before(() => {
  vsix = packageVsix().file;
  names = readZipEntries(vsix).map((e) => e.name);
  tmp = makeTempDir('vsix');
});
after(() => tmp && removeTempDir(tmp));

/** Files of a repo folder, as they appear in the VSIX. */
function shippedFromFolder(folder, ext) {
  const dir = path.join(repoRoot, folder);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(ext)) : [];
  assert.ok(files.length > 0, `${folder}/ has no ${ext ? `*${ext} ` : ''}files to ship (run npm run build?)`);
  return files.map((f) => `extension/${folder}/${f}`);
}

test(`the VSIX stays under ${SIZE_BUDGET_BYTES / 1024 / 1024} MB`, () => {
  const size = fs.statSync(vsix).size;
  console.log(`${path.relative(repoRoot, vsix)}: ${(size / 1024).toFixed(0)} KB, ${names.length} files`);
  assert.ok(size < SIZE_BUDGET_BYTES, `VSIX is ${size} bytes`);
});

test('the VSIX holds the bundles, grammars, rule docs, schema, syntaxes and package files', () => {
  const required = [
    'extension/package.json',
    'extension/readme.md', // vsce stores README.md and CHANGELOG.md under these names
    'extension/changelog.md',
    'extension/client/out/extension.js',
    'extension/server/out/main.js',
    'extension/schemas/kms-lint.schema.json',
    ...shippedFromFolder('server/out/wasm', '.wasm'),
    ...shippedFromFolder('docs/rules', '.md'),
    ...shippedFromFolder('syntaxes', ''),
  ];
  const missing = required.filter((f) => !names.includes(f));
  assert.deepEqual(missing, [], `missing from the VSIX:\n${missing.join('\n')}`);
  assert.ok(names.some((n) => /^extension\/LICENSE(\.md|\.txt)?$/i.test(n)), 'a LICENSE file is shipped');
});

test('the VSIX holds no development files', () => {
  const forbidden = [
    /^extension\/(client|server)\/src\//,
    /^extension\/test\//,
    /^extension\/scripts\//,
    /\/node_modules\//,
    /^extension\/\.e2e\//,
    /^extension\/\.ci\//,
    /\/fixtures\//,
    /\.vsix$/,
    /\.ts$/,
    /^extension\/(tsconfig\.json|package-lock\.json|\.npmrc|\.gitignore)$/,
  ];
  const shipped = names.filter((n) => forbidden.some((re) => re.test(n)));
  assert.deepEqual(shipped, [], `development files in the VSIX:\n${shipped.join('\n')}`);
});

test('the packaged server analyses a workspace with no node_modules around it', () => {
  const unpacked = path.join(tmp, 'unpacked');
  extractZip(vsix, unpacked);
  const workspace = copyFixtureWorkspace('e2e-workspace', tmp);
  const result = spawnSync(process.execPath, [path.join(unpacked, 'extension/server/out/main.js'), 'scan', '--format', 'json', '.'], {
    cwd: workspace,
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(result.stderr, '');
  const report = JSON.parse(result.stdout);
  const exportFinding = report.findings.find((f) => f.ruleId === 'export-allowed' && f.file === 'platform/keys.tf');
  assert.ok(exportFinding, `export-allowed in platform/keys.tf; got ${JSON.stringify(report.findings.map((f) => [f.ruleId, f.file]))}`);
  assert.deepEqual([exportFinding.line, exportFinding.column], [7, 3]);
  assert.equal(result.status, 1, 'exit status 1: findings at or above warning');
});
