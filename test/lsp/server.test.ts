// The language server over stdio, as an editor sees it: diagnostics (push and pull), hover,
// code actions, edits, files changed on disk, settings and `.kms-lint.yaml`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { FileChangeType, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol';
import { PULL_CAPABILITIES, applyEdits, editsFor, rangeOf, startClient, uri, workspace, writeFile, type TestClient } from './lspClient';

const PRACTICE_LINK = 'https://docs.thalassa.cloud/docs/kms/best-practices/#restrict-key-material-export';

const KEY = (exportLine: string, region = 'nl-01') => `resource "thalassa_kms_key" "payments" {
  region                  = "${region}"
  name                    = "payments"
  key_type                = "aes256-gcm96"
${exportLine}
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
`;
const EXPORTABLE = KEY('  export_allowed          = true');
const SECRET = (region: string) => `resource "thalassa_secret" "db" {
  region     = "${region}"
  path       = "/app/prod/db/password"
  kms_key_id = thalassa_kms_key.payments.id
}
`;

let client: TestClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

const byRule = (id: string) => (d: Diagnostic[]) => d.some((x) => x.code === id);
const without = (id: string) => (d: Diagnostic[]) => !d.some((x) => x.code === id);

describe('language server: push diagnostics (Neovim-style client)', { timeout: 120000 }, () => {
  it('reports export_allowed = true with rule id, practice link, exact range, severity and source', async () => {
    const root = workspace({ 'main.tf': EXPORTABLE });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    // Not open: the background scan of the folder finds it.
    const [d] = (await client.waitForDiagnostics(file, byRule('export-allowed'))).filter((x) => x.code === 'export-allowed');
    assert.equal(d.source, 'kms-lint');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.codeDescription, { href: PRACTICE_LINK });
    assert.deepEqual(d.range, rangeOf(EXPORTABLE, 'export_allowed          = true'));
    assert.match(d.message, /^Key thalassa_kms_key\.payments \("payments"\) is created with key-material export enabled\./);
    assert.deepEqual(d.data, { ruleId: 'export-allowed', key: (d.data as { key: string }).key });
  });

  it('reports scan progress and the analysis status', async () => {
    const root = workspace({ 'main.tf': EXPORTABLE, 'notes.txt': 'not analysed' });
    client = await startClient({ folders: [root] });
    const status = await client.waitFor('status with findings', () => client!.notifications.find((n) => n.method === 'kmsLint/status' && n.params.findings > 0 && !n.params.scanning));
    assert.equal(status.params.filesAnalysed, 1);
    assert.equal(typeof status.params.lastAnalysisMs, 'number');
    assert.equal(status.params.slow, false);
    assert.ok(client.count('window/workDoneProgress/create') >= 1);
    const progress = client.notifications.filter((n) => n.method === '$/progress').map((n) => n.params.value.kind);
    assert.equal(progress[0], 'begin');
    assert.equal(progress[progress.length - 1], 'end');
  });

  it('updates diagnostics as the document is edited, debounced', async () => {
    const root = workspace({ 'main.tf': KEY('') });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    client.open(file, KEY(''));
    await client.waitFor('first analysis', () => client!.notifications.find((n) => n.method === 'kmsLint/status' && n.params.filesAnalysed === 1));
    assert.equal(client.published.get(uri(file)), undefined);
    client.change(file, KEY('  export_allowed          = t'));
    client.change(file, KEY('  export_allowed          = tr'));
    client.change(file, EXPORTABLE);
    await client.waitForDiagnostics(file, byRule('export-allowed'));
    client.change(file, KEY('  export_allowed          = false'));
    await client.waitForDiagnostics(file, without('export-allowed'), 'export-allowed gone after the edit');
  });

  it('hover explains the rule, the practice, the finding, how the value was resolved, and links', async () => {
    const main = KEY('  export_allowed          = var.allow_export');
    const root = workspace({ 'main.tf': main, 'variables.tf': 'variable "allow_export" {\n  type    = bool\n  default = false\n}\n', 'terraform.tfvars': 'allow_export = true\n' });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    client.open(file, main);
    await client.waitForDiagnostics(file, byRule('export-allowed'));
    const pos = rangeOf(main, 'export_allowed').start;
    const hover = await client.hover(file, pos.line, pos.character + 3);
    const text = (hover!.contents as MarkupContent).value;
    assert.match(text, /^\*\*export-allowed\*\* — Restrict key material export/);
    assert.match(text, /Exporting key material takes the key out of the service that protects it/);
    assert.match(text, /is created with key-material export enabled/);
    assert.match(text, /Resolved: .*var\.allow_export.* = true \(terraform\.tfvars:1\)/);
    assert.ok(text.includes(`[Restrict key material export](${PRACTICE_LINK})`), text);
    // Without our VS Code client there is no command to run: the link opens the bundled page.
    assert.match(text, /\[Rule documentation\]\(file:\/\/.*\/docs\/rules\/export-allowed\.md\)/);
  });

  it('hover on a key without a finding shows what the workspace knows about it', async () => {
    const main = KEY('') + SECRET('nl-01');
    const root = workspace({ 'main.tf': main });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    client.open(file, main);
    await client.waitFor('analysis', () => client!.notifications.find((n) => n.method === 'kmsLint/status' && n.params.filesAnalysed > 0));
    const pos = rangeOf(main, '"payments" {').start;
    const hover = await client.hover(file, pos.line, pos.character + 2);
    const text = (hover!.contents as MarkupContent).value;
    assert.match(text, /\*\*KMS key\*\* thalassa_kms_key\.payments \("payments"\)/);
    assert.match(text, /\| Region \| `nl-01` \|/);
    assert.match(text, /\| Type \| `aes256-gcm96` \|/);
    assert.match(text, /\| Rotation \| every 90 days \|/);
    assert.match(text, /\| Export \| not set \(not allowed\) \|/);
    assert.match(text, new RegExp(`Used by: \\[main\\.tf:9\\]\\(${uri(file)}#L9\\) \\(secret\\)`));
  });

  it('code actions: the fix, disable for this line and file in the comment syntax, show documentation', async () => {
    const root = workspace({ 'main.tf': EXPORTABLE });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    client.open(file, EXPORTABLE);
    const diagnostics = (await client.waitForDiagnostics(file, byRule('export-allowed'))).filter((d) => d.code === 'export-allowed');
    const actions = await client.codeActions(file, diagnostics[0].range, diagnostics);
    assert.deepEqual(actions.map((a) => a.title), [
      'Disable key-material export',
      'Disable export-allowed for this line',
      'Disable export-allowed for this file',
      'Show documentation for export-allowed',
    ]);
    const [fix, line, whole, docs] = actions;
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.diagnostics?.[0].code, 'export-allowed');
    assert.equal(applyEdits(EXPORTABLE, editsFor(fix.edit, file)), KEY('  export_allowed          = false'));
    assert.equal(applyEdits(EXPORTABLE, editsFor(line.edit, file)), KEY('  # kms-lint-disable-next-line export-allowed -- reason\n  export_allowed          = true'));
    assert.equal(applyEdits(EXPORTABLE, editsFor(whole.edit, file)), `# kms-lint-disable-file export-allowed -- reason\n${EXPORTABLE}`);
    assert.deepEqual(docs.command, { title: 'Show documentation for export-allowed', command: 'kmsLint.server.openRuleDocumentation', arguments: ['export-allowed'] });

    // The directive the action wrote silences the finding.
    client.change(file, applyEdits(EXPORTABLE, editsFor(line.edit, file)));
    await client.waitForDiagnostics(file, (d) => d.length === 0, 'no diagnostics after the disable comment');
  });

  it('disable for this line in a Go file uses // at the line\'s indentation', async () => {
    const go = `package keys

import (
\t"context"

\ttkms "github.com/thalassa-cloud/client-go/kms"
)

func createKey(ctx context.Context, client *tkms.Client) error {
\t_, err := client.CreateKey(ctx, "nl-01", tkms.CreateKmsKeyRequest{
\t\tName:          "payments",
\t\tExportAllowed: true,
\t})
\treturn err
}
`;
    const root = workspace({ 'keys.go': go });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'keys.go');
    client.open(file, go, 'go');
    const diagnostics = (await client.waitForDiagnostics(file, byRule('export-allowed'))).filter((d) => d.code === 'export-allowed');
    assert.deepEqual(diagnostics[0].range, rangeOf(go, 'ExportAllowed: true'));
    const actions = await client.codeActions(file, diagnostics[0].range, diagnostics);
    const line = actions.find((a) => a.title === 'Disable export-allowed for this line');
    assert.equal(applyEdits(go, editsFor(line?.edit, file)), go.replace('\t\tExportAllowed', '\t\t// kms-lint-disable-next-line export-allowed -- reason\n\t\tExportAllowed'));
  });

  it('disable directives in a shell script (below the shebang) and in Markdown (the fence\'s syntax, HTML comments outside) silence the finding', async () => {
    const create = 'tcloud kms keys create --name payments --region nl-01 --key-type aes256-gcm96 --export-allowed --rotation-enabled --rotation-period-days 90';
    const script = `#!/usr/bin/env bash\nset -euo pipefail\n${create}\n`;
    const readme = `# Keys\n\n\`\`\`bash\n${create}\n\`\`\`\n`;
    const root = workspace({ 'create.sh': script, 'README.md': readme });
    client = await startClient({ folders: [root] });
    const cases = [
      { file: path.join(root, 'create.sh'), text: script, languageId: 'shellscript', title: 'Disable export-allowed for this file', expected: `#!/usr/bin/env bash\n# kms-lint-disable-file export-allowed -- reason\nset -euo pipefail\n${create}\n` },
      { file: path.join(root, 'README.md'), text: readme, languageId: 'markdown', title: 'Disable export-allowed for this line', expected: `# Keys\n\n\`\`\`bash\n# kms-lint-disable-next-line export-allowed -- reason\n${create}\n\`\`\`\n` },
      { file: path.join(root, 'README.md'), text: readme, languageId: 'markdown', title: 'Disable export-allowed for this file', expected: `<!-- kms-lint-disable-file export-allowed -- reason -->\n${readme}` },
    ];
    for (const c of cases) {
      client.open(c.file, c.text, c.languageId);
      const diagnostics: Diagnostic[] = (await client.waitForDiagnostics(c.file, byRule('export-allowed'))).filter((d) => d.code === 'export-allowed');
      assert.deepEqual(diagnostics[0].range, rangeOf(c.text, '--export-allowed'));
      const action = (await client.codeActions(c.file, diagnostics[0].range, diagnostics)).find((a) => a.title === c.title);
      const edited = applyEdits(c.text, editsFor(action?.edit, c.file));
      assert.equal(edited, c.expected, c.title);
      client.change(c.file, edited);
      await client.waitForDiagnostics(c.file, without('export-allowed'), `${path.basename(c.file)}: export-allowed silenced by "${c.title}"`);
      client.change(c.file, c.text);
      await client.waitForDiagnostics(c.file, byRule('export-allowed'), `${path.basename(c.file)}: back`);
      client.close(c.file);
    }
  });

  it('an unused suppression is faded (Unnecessary) and can be removed', async () => {
    const text = KEY('  # kms-lint-disable-next-line export-allowed -- migration\n  export_allowed          = false');
    const root = workspace({ 'main.tf': text });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    client.open(file, text);
    const [d] = await client.waitForDiagnostics(file, byRule('suppression-justification'));
    assert.deepEqual(d.tags, [1]);
    assert.equal(d.severity, 3);
    assert.deepEqual(d.range, rangeOf(text, '# kms-lint-disable-next-line export-allowed -- migration'));
    const actions = await client.codeActions(file, d.range, [d]);
    assert.deepEqual(actions.map((a) => a.title), ['Remove unused suppression']);
    assert.equal(applyEdits(text, editsFor(actions[0].edit, file)), KEY('  export_allowed          = false'));
  });

  it('source.fixAll.kms-lint applies the safe fixes of every finding in the file', async () => {
    const text = 'resource "thalassa_kms_key" "reports" {\n  region         = "nl-01"\n  name           = "reports"\n  key_type       = "aes256-gcm96"\n  export_allowed = true\n}\n';
    const root = workspace({ 'main.tf': text });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    client.open(file, text);
    await client.waitForDiagnostics(file, (d) => byRule('export-allowed')(d) && byRule('rotation-schedule')(d));
    const actions = await client.codeActions(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.kms-lint']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all auto-fixable kms-lint problems', 'source.fixAll.kms-lint']]);
    assert.equal(
      applyEdits(text, editsFor(actions[0].edit, file)),
      'resource "thalassa_kms_key" "reports" {\n  region         = "nl-01"\n  name           = "reports"\n  key_type       = "aes256-gcm96"\n  export_allowed = false\n  key_rotation_enabled = true\n  rotation_period_in_days = 90\n}\n',
    );
    // Asked for another kind of source action, kms-lint has none.
    assert.deepEqual(await client.codeActions(file, rangeOf(text, 'export_allowed'), [], ['source.organizeImports']), []);
  });

  it('a file changed on disk refreshes cross-file diagnostics of other files, open or not', async () => {
    const root = workspace({ 'keys.tf': KEY('', 'nl-02'), 'secrets.tf': SECRET('nl-02'), 'other.tf': SECRET('nl-02').replace('"db"', '"cache"') });
    client = await startClient({ folders: [root] });
    const keys = path.join(root, 'keys.tf');
    const secrets = path.join(root, 'secrets.tf');
    const other = path.join(root, 'other.tf');
    client.open(secrets, SECRET('nl-02'));
    await client.waitFor('first analysis', () => client!.notifications.find((n) => n.method === 'kmsLint/status' && n.params.filesAnalysed === 3));
    assert.ok(!client.published.get(uri(secrets))?.some((d) => d.code === 'cross-region-key'));

    writeFile(keys, KEY('', 'nl-01'));
    client.watchedFiles([{ file: keys, type: FileChangeType.Changed }]);
    const [d] = (await client.waitForDiagnostics(secrets, byRule('cross-region-key'))).filter((x) => x.code === 'cross-region-key');
    assert.deepEqual(d.range, rangeOf(SECRET('nl-02'), '"nl-02"'));
    assert.equal(d.relatedInformation?.[0].location.uri, uri(keys));
    await client.waitForDiagnostics(other, byRule('cross-region-key'), 'the finding in the file that is not open');

    writeFile(keys, KEY('', 'nl-02'));
    client.watchedFiles([{ file: keys, type: FileChangeType.Changed }]);
    await client.waitForDiagnostics(secrets, without('cross-region-key'), 'cross-region-key gone in the open file');
    await client.waitForDiagnostics(other, without('cross-region-key'), 'cross-region-key gone in the closed file');
  });

  it('a folder deleted on disk takes its findings with it', async () => {
    const root = workspace({ 'modules/kms/main.tf': EXPORTABLE, 'main.tf': KEY('') });
    client = await startClient({ folders: [root] });
    const moduleFile = path.join(root, 'modules/kms/main.tf');
    await client.waitForDiagnostics(moduleFile, byRule('export-allowed'));
    fs.rmSync(path.join(root, 'modules'), { recursive: true });
    client.watchedFiles([{ file: path.join(root, 'modules'), type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(moduleFile, (d) => d.length === 0, 'diagnostics of the deleted file cleared');
  });

  it('each workspace folder has its own analysis and .kms-lint.yaml', async () => {
    const quiet = workspace({ 'main.tf': EXPORTABLE, '.kms-lint.yaml': 'rules:\n  export-allowed: off\n' });
    const strict = workspace({ 'main.tf': EXPORTABLE });
    client = await startClient({ folders: [quiet, strict] });
    await client.waitForDiagnostics(path.join(strict, 'main.tf'), byRule('export-allowed'));
    await client.waitFor('both folders analysed', () => client!.notifications.find((n) => n.method === 'kmsLint/status' && n.params.filesAnalysed >= 2 && !n.params.scanning));
    assert.ok(!client.published.get(uri(path.join(quiet, 'main.tf')))?.some((d) => d.code === 'export-allowed'));
  });

  it('workspace folders added and removed while running (multi-root)', async () => {
    const first = workspace({ 'main.tf': EXPORTABLE });
    const second = workspace({ 'keys.tf': EXPORTABLE });
    client = await startClient({ folders: [first] });
    await client.waitForDiagnostics(path.join(first, 'main.tf'), byRule('export-allowed'));
    client.workspaceFoldersChanged([second], [first]);
    await client.waitForDiagnostics(path.join(second, 'keys.tf'), byRule('export-allowed'), 'the added folder scanned');
    await client.waitForDiagnostics(path.join(first, 'main.tf'), (d) => d.length === 0, 'the removed folder cleared');
  });

  it('kmsLint.enable = false: no scan, no diagnostics, no hover', async () => {
    const root = workspace({ 'main.tf': EXPORTABLE, 'other.tf': EXPORTABLE });
    client = await startClient({ folders: [root], settings: { '': { enable: false } } });
    const file = path.join(root, 'main.tf');
    client.open(file, EXPORTABLE);
    const status = await client.waitFor('analysis of the open file', () => client!.notifications.find((n) => n.method === 'kmsLint/status' && n.params.filesAnalysed > 0));
    assert.equal(status.params.filesAnalysed, 1, 'the folder was not scanned');
    assert.equal(client.published.size, 0);
    assert.equal(await client.hover(file, 4, 5), null);
  });

  it('.kms-lint.yaml: a rule turned off removes its diagnostics; a broken file is reported in it', async () => {
    const root = workspace({ 'main.tf': EXPORTABLE });
    client = await startClient({ folders: [root] });
    const file = path.join(root, 'main.tf');
    const config = path.join(root, '.kms-lint.yaml');
    client.open(file, EXPORTABLE);
    await client.waitForDiagnostics(file, byRule('export-allowed'));

    writeFile(config, 'rules:\n  export-allowed: off\n');
    client.watchedFiles([{ file: config, type: FileChangeType.Created }]);
    await client.waitForDiagnostics(file, without('export-allowed'), 'export-allowed off by the config file');

    writeFile(config, 'rules:\n  export-allowed: loud\n');
    client.watchedFiles([{ file: config, type: FileChangeType.Changed }]);
    const [problem] = await client.waitForDiagnostics(config);
    assert.equal(problem.code, 'config');
    assert.equal(problem.severity, 1);
    assert.equal(problem.source, 'kms-lint');
    assert.deepEqual(problem.range, rangeOf('rules:\n  export-allowed: loud\n', 'loud'));
    assert.match(problem.message, /must be one of "off", "info", "warning", "error"/);

    writeFile(config, 'rules:\n  export-allowed: warning\n');
    client.watchedFiles([{ file: config, type: FileChangeType.Changed }]);
    await client.waitForDiagnostics(config, (d) => d.length === 0, 'config problem gone');
    await client.waitForDiagnostics(file, (ds) => ds.some((x) => x.code === 'export-allowed' && x.severity === 2), 'export-allowed as a warning');
  });

  it('settings: rule severity and documentation base come from kmsLint.*, onSave waits for a save', async () => {
    const root = workspace({ 'main.tf': KEY('') });
    const settings: Record<string, unknown> = { '': { rules: { 'export-allowed': 'info' }, docsBaseUrl: 'https://docs.example.internal/kms/' } };
    client = await startClient({ folders: [root], settings });
    const file = path.join(root, 'main.tf');
    client.open(file, EXPORTABLE);
    const [d] = (await client.waitForDiagnostics(file, byRule('export-allowed'))).filter((x) => x.code === 'export-allowed');
    assert.equal(d.severity, 3);
    assert.equal(d.codeDescription?.href, 'https://docs.example.internal/kms/#restrict-key-material-export');

    settings[''] = { run: 'onSave' };
    client.configurationChanged();
    await client.waitForDiagnostics(file, (ds) => ds.some((x) => x.code === 'export-allowed' && x.severity === 1), 'default severity again');
    client.change(file, KEY('  export_allowed          = false'));
    // A code action request waits for any pending analysis of the document, whose diagnostics
    // would be published first: after it, the old finding must still be there.
    await client.codeActions(file, rangeOf(EXPORTABLE, 'export_allowed'));
    assert.ok(client.published.get(uri(file))?.some((x) => x.code === 'export-allowed'), 'no update before the save');
    client.save(file);
    await client.waitForDiagnostics(file, without('export-allowed'), 'update after save');
  });

  it('untitled documents are analysed by their language', async () => {
    const root = workspace({});
    client = await startClient({ folders: [root] });
    const doc = 'untitled:Untitled-1';
    client.open(doc, EXPORTABLE, 'terraform');
    const diagnostics = (await client.waitForDiagnostics(doc, byRule('export-allowed'))).filter((d) => d.code === 'export-allowed');
    assert.deepEqual(diagnostics[0].range, rangeOf(EXPORTABLE, 'export_allowed          = true'));
    client.close(doc);
    await client.waitForDiagnostics(doc, (d) => d.length === 0, 'diagnostics of the closed untitled document cleared');
  });
});

describe('language server: our VS Code client', { timeout: 60000 }, () => {
  it('code actions run client commands (the directive as a snippet, documentation in a preview); the hover does not repeat the message', async () => {
    const root = workspace({ 'main.tf': EXPORTABLE });
    client = await startClient({ folders: [root], capabilities: PULL_CAPABILITIES, initializationOptions: { clientCommands: true, diagnosticsInHover: true } });
    const file = path.join(root, 'main.tf');
    client.open(file, EXPORTABLE);
    const report = await client.pull(file);
    assert.equal(report.kind, 'full');
    const diagnostics = report.kind === 'full' ? report.items.filter((d) => d.code === 'export-allowed') : [];
    const actions = await client.codeActions(file, diagnostics[0].range, diagnostics);
    const line = actions.find((a) => a.title === 'Disable export-allowed for this line')!;
    assert.equal(line.edit, undefined);
    assert.deepEqual(line.command?.command, 'kmsLint.applyDisableLine');
    assert.deepEqual(line.command?.arguments, [{ uri: uri(file), line: 4, snippet: '  # kms-lint-disable-next-line export-allowed -- ${1:reason}\n' }]);
    const docs = actions.find((a) => a.title === 'Show documentation for export-allowed')!;
    assert.equal(docs.command?.command, 'kmsLint.showRuleDocumentation');

    const hover = (await client.hover(file, 4, 5))!.contents as MarkupContent;
    assert.ok(hover.value.includes(`[Rule documentation](command:kmsLint.showRuleDocumentation?${encodeURIComponent('["export-allowed"]')})`));
    assert.doesNotMatch(hover.value, /is created with key-material export enabled/, 'VS Code shows the message above the hover already');
  });
});

describe('language server: pull diagnostics (VS Code-style client)', { timeout: 60000 }, () => {
  it('document pull, unchanged result ids, workspace pull held until a change, refresh on cross-file changes', async () => {
    const keysText = (region: string) => KEY('  export_allowed          = true', region);
    const root = workspace({ 'keys.tf': keysText('nl-02'), 'secrets.tf': SECRET('nl-02'), 'other.tf': SECRET('nl-02').replace('"db"', '"cache"') });
    client = await startClient({ folders: [root], capabilities: PULL_CAPABILITIES });
    const keys = path.join(root, 'keys.tf');
    const secrets = path.join(root, 'secrets.tf');
    const other = path.join(root, 'other.tf');
    client.open(secrets, SECRET('nl-02'));
    const first = await client.pull(secrets);
    assert.equal(first.kind, 'full');
    assert.ok(first.kind === 'full' && !first.items.some((d) => d.code === 'cross-region-key'));
    const again = await client.pull(secrets, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    assert.equal(client.published.size, 0, 'a pull client gets no pushed diagnostics');

    const initial = await client.workspacePull();
    assert.deepEqual(initial.items.map((i) => i.uri), [uri(keys)], 'only files with diagnostics are reported');
    const previous = initial.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
    // Nothing changed yet: the server holds the request until something does.
    const held = client.workspacePull(previous);
    writeFile(keys, keysText('nl-01'));
    client.watchedFiles([{ file: keys, type: FileChangeType.Changed }]);
    const changed = await held;
    const otherReport = changed.items.find((i) => i.uri === uri(other));
    assert.ok(otherReport && otherReport.kind === 'full' && otherReport.items.some((d) => d.code === 'cross-region-key'), 'the closed file got its finding');

    // The open file's diagnostics changed without an edit of its own: the editor is asked to pull again.
    await client.waitFor('diagnostic refresh', () => client!.count('workspace/diagnostic/refresh') > 0);
    const refreshed = await client.pull(secrets, first.resultId);
    assert.ok(refreshed.kind === 'full' && refreshed.items.some((d) => d.code === 'cross-region-key'));
  });

  it('the rule catalogue request lists every rule with its practice', async () => {
    const root = workspace({});
    client = await startClient({ folders: [root], capabilities: PULL_CAPABILITIES });
    const rules = await client.request<{ id: string; practice?: string; docs: string }[]>('kmsLint/rules');
    assert.deepEqual(rules.find((r) => r.id === 'export-allowed'), { id: 'export-allowed', description: 'Keys created with key-material export enabled, and export call sites.', practice: 'Restrict key material export', docs: 'docs/rules/export-allowed.md' });
    assert.equal(rules.length, 11);
  });
});
