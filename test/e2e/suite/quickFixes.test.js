// Every quick fix offered for fixes/keys.tf, applied one after another: each removes its finding,
// and the file ends up as a user would write it by hand.
const assert = require('assert');
const vscode = require('vscode');
const { openEditor, ruleId, ours, rangeOf, waitForDiagnostics, quickFixesFor } = require('./helpers');

const FIXED = `resource "thalassa_kms_key" "reports" {
  region         = "nl-01"
  name           = "reports"
  key_type       = "aes256-gcm96"
  export_allowed = false
  key_rotation_enabled = true
  rotation_period_in_days = 90
}
`;

suite('quick fixes (fixes/keys.tf)', () => {
  test('each offered fix removes its finding; together they leave a clean file', async () => {
    const { doc } = await openEditor('fixes/keys.tf');
    await waitForDiagnostics(doc.uri, (ds) => ds.length === 2, 'the export-allowed and rotation-schedule findings');
    const applied = [];
    for (let remaining = ours(doc.uri); remaining.length; remaining = ours(doc.uri)) {
      const d = remaining[0];
      const fixes = await quickFixesFor(doc.uri, d);
      assert.ok(fixes.length > 0, `a quick fix for ${ruleId(d)} at ${rangeOf(d)}`);
      const fix = fixes.find((f) => f.isPreferred) || fixes[0];
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `"${fix.title}" applies`);
      applied.push(`${ruleId(d)}: ${fix.title}`);
      await waitForDiagnostics(doc.uri, (ds) => !ds.some((x) => ruleId(x) === ruleId(d)), `${ruleId(d)} gone after "${fix.title}"`);
    }
    assert.deepStrictEqual(applied.sort(), ['export-allowed: Disable key-material export', 'rotation-schedule: Enable rotation every 90 days']);
    assert.strictEqual(doc.getText(), FIXED);
  });
});
