import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, at } from '../helpers/ruleTester';

const summary = (findings: { ruleId: string; loc: { range: { start: { line: number; character: number } } } }[]) =>
  findings.map((f) => `${f.ruleId}@${f.loc.range.start.line + 1}:${f.loc.range.start.character + 1}`);

const README = `# Keys

Set \`export_allowed = true\` only for migrations. In prose, resource "thalassa_kms_key" "x" { export_allowed = true } is text.

\`\`\`hcl
resource "thalassa_kms_key" "docs" {
  region                  = "nl-01"
  name                    = "docs"
  key_type                = "aes256-gcm96"
  export_allowed          = true
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
\`\`\`

- In a list:

  \`\`\`terraform
  resource "thalassa_kms_key" "listed" {
    region   = "nl-01"
    name     = "listed"
    key_type = "aes256-gcm96"
  }
  \`\`\`

> \`\`\`go
> key, err := client.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "quoted", ExportAllowed: true, KeyRotationEnabled: true, RotationPeriodInDays: &days})
> \`\`\`

\`\`\`text
resource "thalassa_kms_key" "ignored" { export_allowed = true }
\`\`\`
`;

test('fences are checked as their language with Markdown positions; prose, inline code and other fences are not', async () => {
  const { findings } = await analyze({ 'README.md': README });
  const exportAt = at(README, 'export_allowed          = true');
  const listedAt = at(README, '"thalassa_kms_key" "listed"');
  const quotedAt = at(README, 'ExportAllowed: true');
  assert.deepEqual(summary(findings), [
    `export-allowed@${exportAt.line}:${exportAt.column}`,
    `rotation-schedule@${listedAt.line}:${listedAt.column}`,
    `export-allowed@${quotedAt.line}:${quotedAt.column}`,
  ]);
});

test('the rotation fix edits the Markdown file inside the fence, keeping the list indentation', async () => {
  const { findings } = await analyze({ 'README.md': README });
  const rotation = findings.find((f) => f.ruleId === 'rotation-schedule')!;
  const [edit] = rotation.fixes[0].edits;
  assert.equal(edit.file, '/ws/README.md');
  assert.equal(edit.newText, '    key_rotation_enabled = true\n    rotation_period_in_days = 90\n');
  assert.equal(edit.range.start.line + 1, at(README, '  }\n  ```').line);
});

test('an HTML comment suppresses the next line', async () => {
  const doc = `<!-- kms-lint-disable-file export-allowed -- documentation of the flag -->

\`\`\`hcl
resource "thalassa_kms_key" "docs" {
  region                  = "nl-01"
  name                    = "docs"
  key_type                = "aes256-gcm96"
  export_allowed          = true
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
\`\`\`
`;
  const { findings } = await analyze({ 'docs/keys.md': doc });
  assert.deepEqual(summary(findings), []);
});

test('two fences with the same resource address stay two keys', async () => {
  const fence = 'resource "thalassa_kms_key" "k" {\n  region   = "nl-01"\n  name     = "k"\n  key_type = "aes256-gcm96"\n}\n';
  const doc = `\`\`\`hcl\n${fence}\`\`\`\n\nAgain:\n\n\`\`\`hcl\n${fence}\`\`\`\n`;
  const { findings } = await analyze({ 'two.md': doc });
  assert.deepEqual(summary(findings), ['rotation-schedule@2:10', 'rotation-schedule@12:10']);
});

test('an unclosed fence at the end of the file does not throw', async () => {
  const { findings } = await analyze({ 'half.md': '```hcl\nresource "thalassa_kms_key" "k" {\n  export_allowed = true\n' });
  assert.ok(Array.isArray(findings));
});

test('http, json and yaml fences are read as REST requests and bodies', async () => {
  const doc = `# API examples

\`\`\`http
POST https://api.thalassa.cloud/v1/kms/nl-01/keys
Content-Type: application/json

{
  "name": "api-key",
  "keyType": "aes256-gcm96",
  "exportAllowed": true,
  "keyRotationEnabled": true,
  "rotationPeriodInDays": 90
}
\`\`\`

\`\`\`json
{ "name": "body-key", "keyType": "aes256-gcm96", "keyRotationEnabled": true, "rotationPeriodInDays": 90, "exportAllowed": true }
\`\`\`

\`\`\`yaml
name: yaml-key
keyType: aes256-gcm96
\`\`\`
`;
  const { findings } = await analyze({ 'api.md': doc });
  const httpAt = at(doc, '"exportAllowed": true');
  const jsonAt = at(doc, '"exportAllowed": true', 1);
  const yamlAt = at(doc, 'name: yaml-key');
  assert.deepEqual(summary(findings), [
    `export-allowed@${httpAt.line}:${httpAt.column}`,
    `export-allowed@${jsonAt.line}:${jsonAt.column}`,
    `rotation-schedule@${yamlAt.line}:${yamlAt.column}`,
  ]);
});

test('console fences: only commands after a prompt are code', async () => {
  const doc = '```console\n$ tcloud kms keys create --region nl-01 --name demo --export-allowed \\\n    --rotation-enabled --rotation-period-days 90\nKey created: --export-allowed\n```\n';
  const { findings } = await analyze({ 'session.md': doc });
  const flag = at(doc, '--export-allowed');
  assert.deepEqual(summary(findings), [`export-allowed@${flag.line}:${flag.column}`]);
});
