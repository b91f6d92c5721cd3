// The installed command: `node bin/kms-lint.js` runs the esbuild bundle (CI builds before testing).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES } from './cliHarness';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE = path.join(ROOT, 'server/out/main.js');
const skip = fs.existsSync(BUNDLE) ? false : 'server/out/main.js is missing: run `npm run build` first';

describe('bin/kms-lint.js', () => {
  it('scan --format json prints findings and exits 1', { skip }, () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/kms-lint.js'), 'scan', 'project', '--format', 'json'], { cwd: FIXTURES, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.stderr, '');
    const out = JSON.parse(run.stdout);
    assert.deepEqual(
      out.findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`),
      ['project/infra/backup.tf:6 export-allowed', 'project/infra/main.tf:5 export-allowed'],
    );
    assert.equal(run.status, 1);
  });

  it('a usage error exits 2 with one line on stderr', { skip }, () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/kms-lint.js'), 'scan', '--format', 'xml'], { cwd: FIXTURES, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^kms-lint: [^\n]+\n$/);
  });
});
