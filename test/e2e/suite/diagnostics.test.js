// Findings in an open Terraform file: rule id, severity, exact range, message, docs link, hover.
const assert = require('assert');
const vscode = require('vscode');
const { DOCS_BASE, openEditor, ruleId, withRule, rangeOf, waitForDiagnostics, hoverText } = require('./helpers');

suite('diagnostics and hover (platform/keys.tf)', () => {
  let doc;
  let diagnostics;

  suiteSetup(async () => {
    ({ doc } = await openEditor('platform/keys.tf'));
    diagnostics = await waitForDiagnostics(
      doc.uri,
      (ds) => withRule(ds, 'export-allowed').length === 1 && withRule(ds, 'rotation-schedule').length === 1,
      'export-allowed and rotation-schedule findings',
    );
  });

  test('export-allowed: an error on the export_allowed attribute, linked to its practice', () => {
    assert.deepStrictEqual(diagnostics.map(ruleId).sort(), ['export-allowed', 'rotation-schedule']);
    const [d] = withRule(diagnostics, 'export-allowed');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(rangeOf(d), [6, 2, 6, 32]);
    assert.strictEqual(doc.getText(d.range), 'export_allowed          = true');
    assert.match(d.message, /^Key thalassa_kms_key\.payments \("payments"\) is created with key-material export enabled\./);
    assert.strictEqual(d.code.target.toString(true), `${DOCS_BASE}#restrict-key-material-export`);
  });

  test('rotation-schedule: a warning on the key created without rotation', () => {
    const [d] = withRule(diagnostics, 'rotation-schedule');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual(rangeOf(d), [11, 9, 11, 35]);
    assert.strictEqual(doc.getText(d.range), '"thalassa_kms_key" "audit"');
    assert.match(d.message, /^Key thalassa_kms_key\.audit \("audit-logs"\) has no automatic rotation\./);
    assert.strictEqual(d.code.target.toString(true), `${DOCS_BASE}#rotate-on-a-schedule`);
  });

  test('hover on a finding explains the practice and links to it', async () => {
    const [d] = withRule(diagnostics, 'export-allowed');
    const text = await hoverText(doc.uri, d.range.start.translate(0, 3));
    assert.match(text, /Restrict key material export/);
    assert.ok(text.includes(`](${DOCS_BASE}#restrict-key-material-export)`), `a markdown link to the practice in:\n${text}`);
  });

  test('no hover away from findings', async () => {
    const text = await hoverText(doc.uri, new vscode.Position(4, 4)); // the name attribute of a clean key line
    assert.doesNotMatch(text, /Restrict key material export|Rotate on a schedule/);
  });
});
