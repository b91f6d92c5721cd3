// Findings that join facts of several files, reported for a file the user has not opened.
const assert = require('assert');
const vscode = require('vscode');
const { workspaceUri, openEditor, withRule, rangeOf, waitForDiagnostics, replaceText } = require('./helpers');

suite('cross-file findings (platform/)', () => {
  const secrets = () => workspaceUri('platform/secrets.tf');
  const isOpen = (uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

  test('cross-region-key is reported on secrets.tf without opening it', async () => {
    const [d] = await waitForDiagnostics(secrets(), (ds) => withRule(ds, 'cross-region-key').length === 1, 'cross-region-key');
    assert.ok(!isOpen(secrets()), 'secrets.tf was never opened');
    assert.deepStrictEqual(rangeOf(d), [1, 2, 1, 22]);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /nl-01/);
  });

  test('moving the key to the secret region in the editor clears it; moving it back restores it', async () => {
    const { doc } = await openEditor('platform/keys.tf');
    await replaceText(doc, 'region                  = "nl-01"', 'region                  = "de-01"');
    await waitForDiagnostics(secrets(), (ds) => withRule(ds, 'cross-region-key').length === 0, 'no cross-region-key');
    await replaceText(doc, 'region                  = "de-01"', 'region                  = "nl-01"');
    await waitForDiagnostics(secrets(), (ds) => withRule(ds, 'cross-region-key').length === 1, 'cross-region-key again');
    assert.ok(!isOpen(secrets()), 'secrets.tf is still not open');
  });
});
