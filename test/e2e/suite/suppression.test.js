// A suppression comment silences exactly the finding on the next line, nothing else.
const assert = require('assert');
const vscode = require('vscode');
const { openEditor, ruleId, withRule, rangeOf, waitForDiagnostics } = require('./helpers');

suite('suppression comments (suppressed/keys.tf)', () => {
  test('kms-lint-disable-next-line silences one of two identical findings', async () => {
    const { doc, editor } = await openEditor('suppressed/keys.tf');
    const before = await waitForDiagnostics(doc.uri, (ds) => withRule(ds, 'export-allowed').length === 2, 'two export-allowed findings');
    assert.deepStrictEqual(withRule(before, 'export-allowed').map(rangeOf), [[4, 2, 4, 32], [13, 2, 13, 32]]);

    await editor.edit((b) => b.insert(new vscode.Position(4, 0), '  # kms-lint-disable-next-line export-allowed -- migration to the new HSM needs one export\n'));
    const after = await waitForDiagnostics(doc.uri, (ds) => withRule(ds, 'export-allowed').length === 1, 'one export-allowed finding');
    // The second key's finding stays, moved down by the inserted line; no other finding appears.
    assert.deepStrictEqual(after.map((d) => [ruleId(d), ...rangeOf(d)]), [['export-allowed', 14, 2, 14, 32]]);
  });
});
