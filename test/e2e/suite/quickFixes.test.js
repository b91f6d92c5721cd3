// Every quick fix offered for fixes/keys.tf, applied one after another: each removes its finding,
// and the file ends up as a user would write it by hand.
const assert = require('assert');
const vscode = require('vscode');
const { openEditor, ruleId, ours, waitForDiagnostics, quickFixesAt, menuFor } = require('./helpers');

const FIXED = `resource "thalassa_kms_key" "reports" {
  region         = "nl-01"
  name           = "reports"
  key_type       = "aes256-gcm96"
  export_allowed = false
  key_rotation_enabled = true
  rotation_period_in_days = 90
}
`;

const FIX_TITLES = { 'export-allowed': 'Disable key-material export', 'rotation-schedule': 'Enable rotation every 90 days' };

suite('quick fixes (fixes/keys.tf)', () => {
  test('each offered fix removes its finding; together they leave a clean file', async () => {
    const { doc } = await openEditor('fixes/keys.tf');
    const found = await waitForDiagnostics(doc.uri, (ds) => ds.length === 2, 'the export-allowed and rotation-schedule findings');
    assert.deepStrictEqual(found.map(ruleId).sort(), Object.keys(FIX_TITLES));
    for (let remaining = ours(doc.uri); remaining.length; remaining = ours(doc.uri)) {
      const d = remaining[0];
      const rule = ruleId(d);
      const actions = await quickFixesAt(doc.uri, d);
      assert.deepStrictEqual(actions.map((a) => a.title), menuFor(rule, FIX_TITLES[rule]));
      const [fix] = actions;
      assert.ok(fix.isPreferred, `"${fix.title}" is the preferred fix`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `"${fix.title}" applies`);
      await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => ruleId(x) === rule), `${rule} gone after "${fix.title}"`);
    }
    assert.strictEqual(doc.getText(), FIXED);
  });
});
