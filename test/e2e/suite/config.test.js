// Editing .kms-lint.yaml re-lints the open files it governs, without touching them.
const assert = require('assert');
const vscode = require('vscode');
const { openEditor, withRule, waitForDiagnostics, replaceText } = require('./helpers');

suite('.kms-lint.yaml (configured/)', () => {
  test('changing a rule severity, then turning the rule off, updates the open file', async () => {
    const { doc } = await openEditor('configured/keys.tf');
    const initial = await waitForDiagnostics(doc.uri, (ds) => withRule(ds, 'rotation-schedule').length === 1, 'rotation-schedule');
    assert.strictEqual(withRule(initial, 'rotation-schedule')[0].severity, vscode.DiagnosticSeverity.Warning);

    const { doc: config } = await openEditor('configured/.kms-lint.yaml');
    await replaceText(config, 'rotation-schedule: warning', 'rotation-schedule: error');
    assert.ok(await config.save());
    await waitForDiagnostics(
      doc.uri,
      (ds) => withRule(ds, 'rotation-schedule').some((d) => d.severity === vscode.DiagnosticSeverity.Error),
      'rotation-schedule as an error',
    );

    await replaceText(config, 'rotation-schedule: error', 'rotation-schedule: off');
    assert.ok(await config.save());
    await waitForDiagnostics(doc.uri, (ds) => withRule(ds, 'rotation-schedule').length === 0, 'no rotation-schedule finding');
    assert.ok(!doc.isDirty, 'the Terraform file itself was not edited');
  });
});
