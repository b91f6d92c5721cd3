import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyOneBasedEdits, cli, FIXTURES, fixtureText, tempWorkspace } from './cliHarness';

// project/: two keys with export enabled, one literal (backup.tf) and one through a variable
// default in variables.tf (main.tf); prose in notes.txt and comments is not code.
const BACKUP = /^project\/infra\/backup\.tf:6:3  error  Key thalassa_kms_key\.backup \("backup"\) is created with key-material export enabled\. .+  \[export-allowed\]$/;
const PAYMENTS = /^project\/infra\/main\.tf:5:3  error  Key thalassa_kms_key\.payments \("payments"\) is created with key-material export enabled\. .+  \[export-allowed\]$/;

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

describe('kms-lint scan: text output', () => {
  it('prints one compiler-style line per finding and a summary, exit 1', async () => {
    const run = await cli(['scan', 'project']);
    assert.equal(run.stderr, '');
    const out = lines(run.stdout);
    assert.equal(out.length, 3, run.stdout);
    assert.match(out[0], BACKUP);
    assert.match(out[1], PAYMENTS);
    assert.equal(out[2], '2 problems (2 errors, 0 warnings, 0 infos) in 3 files');
    assert.equal(run.code, 1);
  });

  it('PATH defaults to the current folder, and names are relative to it', async () => {
    const run = await cli(['scan'], { cwd: path.join(FIXTURES, 'project/infra') });
    const out = lines(run.stdout);
    assert.match(out[0], /^backup\.tf:6:3  error  /);
    assert.match(out[1], /^main\.tf:5:3  error  /);
  });

  it('names files outside the current folder relative to it too', async () => {
    const run = await cli(['scan', path.join(FIXTURES, 'project')], { cwd: path.join(FIXTURES, 'levels') });
    assert.match(lines(run.stdout)[0], /^\.\.\/project\/infra\/backup\.tf:6:3  error  /);
  });

  it('a single file is analysed with its folder as context but only it is reported', async () => {
    const run = await cli(['scan', 'project/infra/main.tf', '--verbose']);
    const out = lines(run.stdout);
    assert.match(out[0], PAYMENTS);
    assert.match(out[1], /^ {4}why: .*var\.allow_export = true \(variables\.tf:3\)/);
    assert.ok(!run.stdout.includes('backup.tf'), run.stdout);
    assert.equal(out.at(-1), '1 problem (1 error, 0 warnings, 0 infos) in 1 file');
    assert.equal(run.code, 1);
  });

  it('overlapping PATHs report each finding once', async () => {
    const run = await cli(['scan', 'project', 'project/infra', 'project/infra/backup.tf']);
    assert.equal(lines(run.stdout).at(-1), '2 problems (2 errors, 0 warnings, 0 infos) in 3 files');
  });

  it('colours severity and dims the rule id on a terminal, not with --no-color or NO_COLOR', async () => {
    const tty = await cli(['scan', 'project/infra/backup.tf'], { tty: true });
    assert.ok(tty.stdout.includes('  \u001b[31merror\u001b[0m  '), tty.stdout);
    assert.ok(tty.stdout.includes('\u001b[2m[export-allowed]\u001b[0m'), tty.stdout);
    for (const run of [await cli(['scan', 'project/infra/backup.tf', '--no-color'], { tty: true }), await cli(['scan', 'project/infra/backup.tf'], { tty: true, env: { NO_COLOR: '1' } }), await cli(['scan', 'project/infra/backup.tf'])]) {
      assert.ok(!run.stdout.includes('\u001b['), run.stdout);
    }
    const forced = await cli(['scan', 'project/infra/backup.tf'], { env: { FORCE_COLOR: '1' } });
    assert.ok(forced.stdout.includes('\u001b[31merror'), forced.stdout);
  });

  it('skips .git, node_modules and .terraform folders', async () => {
    const key = fixtureText('project/infra/backup.tf');
    const dir = tempWorkspace({
      'infra/main.tf': fixtureText('levels/clean/main.tf'),
      'node_modules/some-module/main.tf': key,
      'infra/.terraform/modules/kms/main.tf': key,
      '.git/hooks/key.tf': key,
    });
    const run = await cli(['scan', '.'], { cwd: dir });
    assert.equal(run.stdout, '0 problems (0 errors, 0 warnings, 0 infos) in 1 file\n');
    assert.equal(run.code, 0);
  });
});

describe('kms-lint scan: --fail-on and --quiet', () => {
  // levels/: one key each whose only finding is a warning (rotation off) or an info (7-day period).
  const table: [string, string | undefined, number][] = [
    ['levels/clean', undefined, 0],
    ['levels/clean', 'info', 0],
    ['levels/warning', undefined, 1],
    ['levels/warning', 'warning', 1],
    ['levels/warning', 'error', 0],
    ['levels/warning', 'info', 1],
    ['levels/info', undefined, 0],
    ['levels/info', 'warning', 0],
    ['levels/info', 'info', 1],
    ['project', 'error', 1],
  ];
  for (const [folder, failOn, code] of table) {
    it(`${folder} with --fail-on ${failOn ?? '(default warning)'} exits ${code}`, async () => {
      const run = await cli(['scan', folder, ...(failOn ? ['--fail-on', failOn] : [])]);
      assert.equal(run.code, code, run.stdout + run.stderr);
    });
  }

  it('the levels fixtures hold exactly the findings the table relies on', async () => {
    const run = await cli(['scan', 'levels', '--format', 'json']);
    const found = JSON.parse(run.stdout).findings.map((f: { file: string; ruleId: string; severity: string }) => `${f.file} ${f.ruleId} ${f.severity}`);
    assert.deepEqual(found, ['levels/info/main.tf rotation-schedule info', 'levels/warning/main.tf rotation-schedule warning']);
  });

  it('--quiet prints only failing findings and no summary', async () => {
    const info = await cli(['scan', 'levels', '--quiet']);
    assert.match(info.stdout, /^levels\/warning\/main\.tf:5:3  warning  .*\[rotation-schedule\]\n$/);
    assert.equal(info.code, 1);
    const clean = await cli(['scan', 'levels/info', '--quiet']);
    assert.deepEqual(clean, { code: 0, stdout: '', stderr: '' });
  });
});

describe('kms-lint scan: --format json', () => {
  it('prints one object with 1-based findings, fixes, resolution and a summary', async () => {
    const run = await cli(['scan', 'project', '--format', 'json']);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out), ['findings', 'summary']);
    assert.deepEqual(out.summary, { files: 3, findings: 2, errors: 2, warnings: 0, infos: 0, notes: [] });
    const [backup, payments] = out.findings;
    assert.deepEqual(Object.keys(backup), ['ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'related', 'fixes', 'resolution']);
    assert.deepEqual(
      { ruleId: backup.ruleId, severity: backup.severity, file: backup.file, line: backup.line, column: backup.column, endLine: backup.endLine, endColumn: backup.endColumn },
      { ruleId: 'export-allowed', severity: 'error', file: 'project/infra/backup.tf', line: 6, column: 3, endLine: 6, endColumn: 33 },
    );
    assert.deepEqual({ file: payments.file, line: payments.line, column: payments.column, endColumn: payments.endColumn }, { file: 'project/infra/main.tf', line: 5, column: 3, endColumn: 45 });
    assert.ok(payments.resolution.some((r: string) => r.includes('var.allow_export = true (variables.tf:3)')), JSON.stringify(payments.resolution));

    // The fix, applied as printed, turns export off.
    const fix = backup.fixes[0];
    assert.equal(fix.title, 'Disable key-material export');
    assert.ok(fix.edits.every((e: { file: string }) => e.file === 'project/infra/backup.tf'));
    const fixed = applyOneBasedEdits(fixtureText('project/infra/backup.tf'), fix.edits);
    assert.equal(fixed, fixtureText('project/infra/backup.tf').replace('export_allowed          = true', 'export_allowed          = false'));
  });

  it('related locations carry file, 1-based range and message', async () => {
    const dir = tempWorkspace({
      'main.tf': `resource "thalassa_kms_key" "k" {
  region                  = "nl-01"
  name                    = "shared"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
`,
      'consumers.tf': `resource "thalassa_secret" "db" {
  region     = "nl-01"
  path       = "/app/prod/db"
  kms_key_id = thalassa_kms_key.k.id
}

resource "thalassa_dns_zone_dnssec" "zone" {
  zone_id    = "zone-123"
  region     = "nl-01"
  kms_key_id = thalassa_kms_key.k.id
}
`,
    });
    const out = JSON.parse((await cli(['scan', '--format', 'json'], { cwd: dir })).stdout);
    const perPurpose = out.findings.filter((f: { ruleId: string }) => f.ruleId === 'key-per-purpose');
    assert.ok(perPurpose.length >= 1, JSON.stringify(out.findings));
    for (const f of perPurpose) {
      assert.ok(f.related.length >= 1);
      for (const r of f.related) {
        assert.deepEqual(Object.keys(r), ['file', 'line', 'column', 'endLine', 'endColumn', 'message']);
        assert.equal(r.file, 'consumers.tf');
      }
    }
  });
});

describe('kms-lint scan: configuration', () => {
  it('a broken .kms-lint.yaml stops the run with exit 2 and one line per problem', async () => {
    const run = await cli(['scan', 'broken-config', '--format', 'json']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.deepEqual(lines(run.stderr).sort(), ['broken-config/.kms-lint.yaml:3:3  error  Unknown rule id "no-such-rule".', 'broken-config/.kms-lint.yaml:6:1  error  Unknown setting "colour" in config.']);
  });

  it('invalid YAML in .kms-lint.yaml is a config error too', async () => {
    const dir = tempWorkspace({ '.kms-lint.yaml': 'rules: [export-allowed\n', 'main.tf': fixtureText('levels/clean/main.tf') });
    const run = await cli(['scan'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^\.kms-lint\.yaml:\d+:\d+  error  Invalid YAML: [^\n]+\n$/);
  });

  it('a broken --config FILE is a config error', async () => {
    const run = await cli(['scan', 'levels', '--config', 'broken-config/.kms-lint.yaml']);
    assert.equal(run.code, 2);
    assert.equal(lines(run.stderr).length, 2);
  });

  it('--config applies to every file and replaces .kms-lint.yaml files', async () => {
    // docs-url/.kms-lint.yaml turns rotation-schedule off; with --config it is not read.
    const dir = tempWorkspace({ 'strict.yaml': 'rules:\n  export-allowed: warning\n' });
    const withOwn = JSON.parse((await cli(['scan', 'docs-url', '--format', 'json'])).stdout);
    assert.deepEqual(withOwn.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`), ['export-allowed error']);
    const run = await cli(['scan', 'docs-url', '--format', 'json', '--config', path.join(dir, 'strict.yaml')]);
    const found = JSON.parse(run.stdout).findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId} ${f.severity}`);
    assert.deepEqual(found.sort(), ['export-allowed warning', 'rotation-schedule warning']);
  });

  it('finds .kms-lint.yaml above the scanned folder, up to the repository root', async () => {
    const dir = tempWorkspace({
      '.kms-lint.yaml': 'rules:\n  export-allowed: info\n',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/.kms-lint.yaml': 'rules:\n  export-allowed: warning\n',
      'repo/infra/main.tf': fixtureText('project/infra/backup.tf'),
    });
    const run = await cli(['scan', 'infra', '--format', 'json'], { cwd: path.join(dir, 'repo') });
    assert.deepEqual(JSON.parse(run.stdout).findings.map((f: { severity: string }) => f.severity), ['warning']);
    // Above the repository root, a config is not used.
    fs.rmSync(path.join(dir, 'repo/.kms-lint.yaml'));
    const outside = await cli(['scan', 'infra', '--format', 'json'], { cwd: path.join(dir, 'repo') });
    assert.deepEqual(JSON.parse(outside.stdout).findings.map((f: { severity: string }) => f.severity), ['error']);
  });
});
