// Bad input on disk (binary, huge, invalid UTF-8, BOM, symlinks) never crashes a scan.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, fixtureText, tempWorkspace } from './cliHarness';

const exportKey = fixtureText('project/infra/backup.tf');

interface JsonOut {
  findings: { ruleId: string; file: string; line: number; column: number }[];
  summary: { files: number; notes: { file: string; message: string }[] };
}

async function scanJson(cwd: string, ...args: string[]): Promise<{ code: number | undefined; out: JsonOut; stderr: string }> {
  const run = await cli(['scan', '--format', 'json', ...args], { cwd });
  return { code: run.code, out: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('kms-lint scan: files on disk', () => {
  it('skips binary and oversized Terraform files with a note and keeps scanning', async () => {
    const dir = tempWorkspace({
      'backup.tf': exportKey,
      'state.tf': Buffer.from([0x72, 0x65, 0x73, 0x00, 0x01, 0x02, 0x00, 0xff]),
      'generated.tf.json': `{"locals": {"blob": "${'x'.repeat(2 * 1024 * 1024 + 10)}"}}`,
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'blob.bin.dat': Buffer.from([0x00, 0x01, 0x02]),
    });
    const { code, out } = await scanJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(out.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`), ['backup.tf:6 export-allowed']);
    assert.deepEqual(out.summary.notes, [
      { file: 'generated.tf.json', message: 'skipped: larger than 2 MB' },
      { file: 'state.tf', message: 'skipped: binary file' },
    ]);
  });

  it('notes are quiet by default, counted in the summary, printed with --verbose', async () => {
    const dir = tempWorkspace({ 'backup.tf': exportKey, 'state.tf': Buffer.from([0x00, 0x00]) });
    const quiet = await cli(['scan'], { cwd: dir });
    assert.equal(quiet.stderr, '');
    assert.match(quiet.stdout, /in 1 file; 1 note \(--verbose shows them\)\n$/);
    const verbose = await cli(['scan', '--verbose'], { cwd: dir });
    assert.equal(verbose.stderr, 'state.tf: skipped: binary file\n');
  });

  it('decodes invalid UTF-8 with replacement characters and still finds mistakes', async () => {
    const broken = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from(' comment\n'), Buffer.from(exportKey)]);
    const dir = tempWorkspace({ 'backup.tf': broken });
    const { code, out } = await scanJson(dir);
    assert.equal(code, 1);
    assert.deepEqual(out.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`), ['backup.tf:7:3 export-allowed']);
  });

  it('drops a UTF-8 byte order mark so columns match the editor', async () => {
    const dir = tempWorkspace({ 'backup.tf': `\ufeff${exportKey.replace(/^# .*\n/, '')}` });
    const { out } = await scanJson(dir);
    assert.deepEqual(out.findings.map((f) => `${f.line}:${f.column}`), ['5:3']);
  });

  it('follows no symlinks, so nothing outside the tree is read and loops end', async () => {
    const dir = tempWorkspace({ 'outside/backup.tf': exportKey, 'ws/main.tf': fixtureText('levels/clean/main.tf') });
    fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'ws/linked-dir'));
    fs.symlinkSync(path.join(dir, 'outside/backup.tf'), path.join(dir, 'ws/linked.tf'));
    fs.symlinkSync(path.join(dir, 'ws'), path.join(dir, 'ws/loop'));
    const { code, out } = await scanJson(path.join(dir, 'ws'));
    assert.equal(code, 0);
    assert.deepEqual(out.findings, []);
    assert.equal(out.summary.files, 1);
  });

  it('a file named on the command line is read even when it is a symlink', async () => {
    const dir = tempWorkspace({ 'outside/backup.tf': exportKey, 'ws/main.tf': '' });
    fs.symlinkSync(path.join(dir, 'outside/backup.tf'), path.join(dir, 'ws/linked.tf'));
    const { out } = await scanJson(path.join(dir, 'ws'), 'linked.tf');
    assert.deepEqual(out.findings.map((f) => `${f.file}:${f.line}`), ['linked.tf:6']);
  });
});
