// Findings that join facts of several files, reported for a file the user has not opened.
const assert = require('assert');
const vscode = require('vscode');
const { workspaceUri, openEditor, withRule, rangeOf, waitForDiagnostics, quickFixesAt, menuFor, replaceText } = require('./helpers');

suite('cross-file findings (platform/)', () => {
  const secrets = () => workspaceUri('platform/secrets.tf');
  const isOpen = (uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

  test('cross-region-key is reported on secrets.tf without opening it', async () => {
    const [d] = await waitForDiagnostics(secrets(), (ds) => withRule(ds, 'cross-region-key').length === 1, 'cross-region-key');
    assert.ok(!isOpen(secrets()), 'secrets.tf was never opened');
    assert.deepStrictEqual(rangeOf(d), [1, 15, 1, 22]); // the secret's region value, "de-01"
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /^Secret thalassa_secret\.db_password is in region de-01 but key thalassa_kms_key\.payments \("payments"\) lives in nl-01\./);
  });

  test('moving the key to the secret region in the editor clears it; moving it back restores it', async () => {
    const { doc } = await openEditor('platform/keys.tf');
    await replaceText(doc, 'region                  = "nl-01"', 'region                  = "de-01"');
    await waitForDiagnostics(secrets(), (ds) => withRule(ds, 'cross-region-key').length === 0, 'no cross-region-key');
    await replaceText(doc, 'region                  = "de-01"', 'region                  = "nl-01"');
    await waitForDiagnostics(secrets(), (ds) => withRule(ds, 'cross-region-key').length === 1, 'cross-region-key again');
    assert.ok(!isOpen(secrets()), 'secrets.tf is still not open');
  });

  test("the quick fix points the secret at the key's region", async () => {
    const { doc } = await openEditor('platform/secrets.tf');
    const [d] = await waitForDiagnostics(doc.uri, (ds) => withRule(ds, 'cross-region-key').length === 1, 'cross-region-key');
    const actions = await quickFixesAt(doc.uri, d);
    assert.deepStrictEqual(actions.map((a) => a.title), menuFor('cross-region-key', "Use the key's region (thalassa_kms_key.payments.region)"));
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit));
    assert.strictEqual(doc.lineAt(1).text, '  region     = thalassa_kms_key.payments.region');
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no finding left');
  });
});
