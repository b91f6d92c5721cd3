// A realistic rotation script through the whole engine: what a user sees (rule, range, fix).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Finding } from '../../server/src/engine/types';
import { analyze, applyEdits } from '../helpers/ruleTester';
import { fixture, where } from './surfaceTestUtils';

const script = fixture('shell', 'rotate-keys.sh');
const name = 'scripts/rotate-keys.sh';

function fixed(f: Finding): string {
  return applyEdits(script, f.fixes[0].edits);
}

describe('shell findings: scripts/rotate-keys.sh', () => {
  test('every finding at the flag, argument or command that shows it', async () => {
    const { findings } = await analyze({ [name]: script });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, where(f.loc), f.fixes.map((x) => x.title)]),
      [
        ['rotation-schedule', 'scripts/rotate-keys.sh:12:14-12:25', ['Enable rotation every 90 days']],
        ['export-allowed', 'scripts/rotate-keys.sh:16:5-16:21', ['Remove --export-allowed']],
        ['envelope-encryption', 'scripts/rotate-keys.sh:25:70-25:77', []],
        ['envelope-encryption', 'scripts/rotate-keys.sh:31:78-31:94', []],
        ['sensitive-logging', 'scripts/rotate-keys.sh:32:6-32:27', []],
        ['disable-before-delete', 'scripts/rotate-keys.sh:34:12-34:23', ['Disable the key before deleting it']],
      ],
    );
    const exported = findings.find((f) => f.ruleId === 'export-allowed')!;
    assert.deepEqual(exported.resolution, ['--export-allowed (rotate-keys.sh:16)']);
    // The random 32-byte DEK sent to encrypt is what envelope encryption looks like: no finding there.
    assert.ok(!findings.some((f) => f.ruleId === 'envelope-encryption' && f.loc.range.start.line === 28));
  });

  test('fixes edit the continued command cleanly', async () => {
    const { findings } = await analyze({ [name]: script });
    const byRule = (id: string) => findings.find((f) => f.ruleId === id)!;
    assert.deepEqual(fixed(byRule('export-allowed')).split('\n').slice(11, 17), [
      '  tcloud kms keys create \\',
      '    --name "$name" \\',
      '    --region "$REGION" \\',
      '    --key-type aes256-gcm96 \\',
      '    -o json | jq -r .identity',
      '}',
    ]);
    assert.equal(fixed(byRule('rotation-schedule')).split('\n')[16], '    -o json --rotation-enabled --rotation-period-days 90 | jq -r .identity');
    assert.deepEqual(fixed(byRule('disable-before-delete')).split('\n').slice(33, 35), [
      'tcloud kms keys disable "$OLD_KEY" --region "$REGION"',
      'tcloud kms keys delete "$OLD_KEY" --region "$REGION" --force',
    ]);
  });

  test('after the fixes, the findings they target are gone', async () => {
    const { findings } = await analyze({ [name]: script });
    for (const ruleId of ['export-allowed', 'rotation-schedule', 'disable-before-delete']) {
      const finding = findings.find((f) => f.ruleId === ruleId)!;
      const after = await analyze({ [name]: fixed(finding) });
      assert.deepEqual(after.findings.filter((f) => f.ruleId === ruleId).map((f) => where(f.loc)), [], ruleId);
    }
  });
});
