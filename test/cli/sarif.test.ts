import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import sarifSchema from '../fixtures/sarif/sarif-schema-2.1.0.json';
import { DEFAULT_DOCS_BASE_URL } from '../../server/src/engine/config';
import { RULES } from '../../server/src/rules';
import { cli, FIXTURES, fixtureText, tempWorkspace } from './cliHarness';

const ajv = new Ajv2020({ strict: false, allErrors: true });
// The formats the schema uses: URIs are checked (relative references must be properly encoded).
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/.test(s) && URL.canParse(s, 'file:///base/'));
ajv.addFormat('uuid', true);
ajv.addFormat('date-time', true);
const validateSarif = ajv.compile(sarifSchema);

function assertValidSarif(log: unknown): void {
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2));
}

async function sarif(args: string[], cwd = FIXTURES) {
  const run = await cli(['scan', '--format', 'sarif', ...args], { cwd });
  const log = JSON.parse(run.stdout);
  assertValidSarif(log);
  return { code: run.code, log, run: log.runs[0] };
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

describe('kms-lint scan --format sarif', () => {
  it('is valid SARIF 2.1.0 with every registered rule and its practice link', async () => {
    const { code, log, run } = await sarif(['project']);
    assert.equal(code, 1);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.equal(run.tool.driver.name, 'kms-lint');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string; helpUri?: string; defaultConfiguration: { level: string } }) => [r.id, r.helpUri, r.defaultConfiguration.level]),
      RULES.map((r) => [r.meta.id, r.meta.practice ? `${DEFAULT_DOCS_BASE_URL}#${r.meta.practice}` : undefined, LEVEL[r.meta.defaultSeverity]]),
    );
    const exportRule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'export-allowed');
    assert.equal(exportRule.helpUri, 'https://docs.thalassa.cloud/docs/kms/best-practices/#restrict-key-material-export');
    assert.ok(exportRule.shortDescription.text.length > 0 && exportRule.fullDescription.text.length > 0);
    assert.deepEqual(exportRule.properties.tags, ['security', 'kms', 'restrict-key-material-export']);
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(FIXTURES).href}/` } });
  });

  it('results point at the finding with relative URIs, 1-based regions and fixes as replacements', async () => {
    const { run } = await sarif(['project']);
    assert.equal(run.results.length, 2);
    const [backup] = run.results;
    assert.equal(backup.ruleId, 'export-allowed');
    assert.equal(run.tool.driver.rules[backup.ruleIndex].id, 'export-allowed');
    assert.equal(backup.level, 'error');
    assert.match(backup.message.text, /^Key thalassa_kms_key\.backup \("backup"\) is created with key-material export enabled\./);
    assert.deepEqual(backup.locations, [
      { physicalLocation: { artifactLocation: { uri: 'project/infra/backup.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 6, startColumn: 3, endLine: 6, endColumn: 33 } } },
    ]);
    const change = backup.fixes[0].artifactChanges[0];
    assert.deepEqual(change.artifactLocation, { uri: 'project/infra/backup.tf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(change.replacements.map((r: { insertedContent: { text: string } }) => r.insertedContent.text), ['false']);
  });

  it('uses docsBaseUrl from .kms-lint.yaml for help links', async () => {
    const { run } = await sarif(['docs-url']);
    const exportRule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'export-allowed');
    assert.equal(exportRule.helpUri, 'https://wiki.example.internal/kms/practices/#restrict-key-material-export');
  });

  it('stays valid with no results, and encodes unusual file names', async () => {
    assert.deepEqual((await sarif(['levels/clean'])).run.results, []);
    const dir = tempWorkspace({ 'my infra/#1 key.tf': fixtureText('project/infra/backup.tf') });
    const { run } = await sarif(['.'], dir);
    assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20infra/%231%20key.tf');
  });

  it('reports skipped files as tool notifications', async () => {
    const dir = tempWorkspace({ 'state.tf': Buffer.from([0x00, 0x01]) });
    const { run } = await sarif(['.'], dir);
    assert.deepEqual(
      run.invocations[0].toolExecutionNotifications.map((n: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [n.locations[0].physicalLocation.artifactLocation.uri, n.message.text]),
      [['state.tf', 'skipped: binary file']],
    );
  });
});
