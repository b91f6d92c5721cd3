import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './cliHarness';

const packageVersion = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version;

describe('kms-lint usage', () => {
  it('--version prints the package version', async () => {
    const run = await cli(['--version']);
    assert.deepEqual(run, { code: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('--help lists the commands', async () => {
    const run = await cli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: kms-lint <command>/);
    assert.match(run.stdout, /scan \[PATH\.\.\.\]/);
    assert.match(run.stdout, /server --stdio/);
  });

  it('scan --help lists every scan option', async () => {
    const run = await cli(['scan', '--help']);
    assert.equal(run.code, 0);
    for (const option of ['--format text|json|sarif', '--fail-on error|warning|info', '--config FILE', '--quiet', '--verbose', '--no-color']) assert.ok(run.stdout.includes(option), option);
  });

  const usageErrors: [string[], RegExp][] = [
    [[], /missing command/],
    [['lint'], /unknown command "lint"/],
    [['--nope'], /unknown option --nope/],
    [['scan', '--bogus'], /Unknown option '--bogus'/],
    [['scan', '--format', 'xml'], /--format must be one of text, json, sarif \(got "xml"\)/],
    [['scan', '--format'], /--format/],
    [['scan', '--fail-on', 'critical'], /--fail-on must be one of error, warning, info \(got "critical"\)/],
    [['scan', '--quiet=yes'], /--quiet/],
    [['scan', 'no/such/folder'], /no such file or directory: no\/such\/folder/],
    [['scan', '--config', 'no-such-config.yaml', 'levels'], /cannot read config no-such-config\.yaml/],
    [['server'], /exactly one of --stdio, --node-ipc, --socket=PORT/],
    [['server', '--stdio', '--node-ipc'], /exactly one of/],
    [['server', '--socket=http'], /--socket needs a port number/],
    [['server', '--tcp'], /unknown server option --tcp/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`exit 2 with one line: kms-lint ${argv.join(' ')}`, async () => {
      const run = await cli(argv);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^kms-lint: [^\n]+\n$/);
      assert.match(run.stderr, message);
    });
  }
});
