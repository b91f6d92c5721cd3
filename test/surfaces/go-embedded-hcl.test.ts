// Terraform configurations in Go string literals (provider acceptance tests): checked as
// Terraform, findings and fixes in the .go file, fmt verbs unknown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, at, findingsFor, runRuleTests } from '../helpers/ruleTester';
import { rangeIn, rangeOf } from './goTestUtil';

const ACC_IMPORTS = `package kms_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)
`;

const config = (name: string, body: string, args = 'name, testRegion') => `
func ${name}(name string) string {
	return fmt.Sprintf(\`
${body}\`, ${args})
}
`;

const BASIC = ACC_IMPORTS + config(
  'testAccKmsKeyConfigBasic',
  `resource "thalassa_kms_key" "test" {
  region   = %[2]q
  name     = %[1]q
  key_type = "aes256-gcm96"
}
`,
);

const ROTATION = ACC_IMPORTS + config(
  'testAccKmsKeyConfigRotation',
  `resource "thalassa_kms_key" "test" {
  region                  = %[2]q
  name                    = %[1]q
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
`,
);

const ROTATION_MESSAGE = 'Key thalassa_kms_key.test has no automatic rotation. Turn it on with a rotation period that matches your policy (for example 90 days); existing ciphertext keeps decrypting after a rotation.';

/** A key and a secret in one configuration, regions as given. */
const keyAndSecret = (keyRegion: string, secretRegion: string) =>
  ACC_IMPORTS +
  config(
    'testAccSecretConfig',
    `resource "thalassa_kms_key" "test" {
  region                  = ${keyRegion}
  name                    = %[1]q
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}

resource "thalassa_secret" "test" {
  region     = ${secretRegion}
  path       = "/acc/%[1]s"
  kms_key_id = thalassa_kms_key.test.id
}
`,
    'name, testRegion, otherRegion',
  );

const SUPPRESSED = ACC_IMPORTS + config(
  'testAccKmsKeyConfigNoRotation',
  `# kms-lint-disable-next-line rotation-schedule -- the acceptance test checks a key without rotation
resource "thalassa_kms_key" "test" {
  region   = %[2]q
  name     = %[1]q
  key_type = "aes256-gcm96"
}
`,
);

const INTERPRETED = `package provider

const testAccKeyExport = "resource \\"thalassa_kms_key\\" \\"legacy\\" {\\n  region = \\"nl-01\\"\\n  name = \\"legacy\\"\\n  export_allowed = true\\n}\\n"
`;

runRuleTests('rotation-schedule', {
  valid: [
    { name: 'rotation every 90 days', filename: 'kms/resource_key_acc_test.go', code: ROTATION },
    { name: 'suppressed inside the configuration', filename: 'kms/resource_key_acc_test.go', code: SUPPRESSED },
    {
      name: 'rotation settings from fmt arguments are unknown',
      filename: 'kms/resource_key_acc_test.go',
      code: ACC_IMPORTS + config('testAccKmsKeyConfigRotationArgs', `resource "thalassa_kms_key" "test" {\n  region                  = %q\n  name                    = %q\n  key_type                = "aes256-gcm96"\n  key_rotation_enabled    = %t\n  rotation_period_in_days = %d\n}\n`, 'testRegion, name, enabled, days'),
    },
  ],
  invalid: [
    {
      name: 'a key without rotation in a Sprintf raw string',
      filename: 'kms/resource_key_acc_test.go',
      code: BASIC,
      errors: [{ ...at(BASIC, '"thalassa_kms_key" "test"'), severity: 'warning', message: ROTATION_MESSAGE }],
      fix: {
        title: 'Enable rotation every 90 days',
        output: BASIC.replace('  key_type = "aes256-gcm96"\n', '  key_type = "aes256-gcm96"\n  key_rotation_enabled = true\n  rotation_period_in_days = 90\n'),
      },
    },
    {
      name: 'a key in a Go file that imports no SDK package, with Windows line endings',
      filename: 'internal/acctest/configs.go',
      code: BASIC.replace('package kms_test', 'package acctest').replace(/\n/g, '\r\n'),
      errors: [{ ...at(BASIC, '"thalassa_kms_key" "test"'), message: ROTATION_MESSAGE }],
    },
    {
      name: 'a key in an interpreted string: positions of the escaped text',
      filename: 'provider/configs.go',
      code: INTERPRETED,
      errors: [{ ...at(INTERPRETED, '\\"thalassa_kms_key\\" \\"legacy\\"'), message: /^Key thalassa_kms_key\.legacy \("legacy"\) has no automatic rotation/ }],
    },
  ],
});

runRuleTests('export-allowed', {
  valid: [],
  invalid: [
    {
      name: 'export enabled in an interpreted string',
      filename: 'provider/configs.go',
      code: INTERPRETED,
      errors: [{ ...at(INTERPRETED, 'export_allowed = true'), severity: 'error' }],
    },
  ],
});

runRuleTests('cross-region-key', {
  valid: [
    { name: 'key and secret regions from fmt arguments', filename: 'secrets/resource_secret_acc_test.go', code: keyAndSecret('%[2]q', '%[3]q') },
    { name: 'regions in strings with fmt verbs are unknown, not equal or different texts', filename: 'secrets/resource_secret_acc_test.go', code: keyAndSecret('"nl-%[2]s"', '"de-%[3]s"') },
  ],
  invalid: [
    {
      name: 'literal regions that differ',
      filename: 'secrets/resource_secret_acc_test.go',
      code: keyAndSecret('"nl-01"', '"nl-02"'),
      errors: [{ ...at(keyAndSecret('"nl-01"', '"nl-02"'), '"nl-02"'), severity: 'error', related: ['secrets/resource_secret_acc_test.go:13'] }],
      fix: { output: keyAndSecret('"nl-01"', 'thalassa_kms_key.test.region') },
    },
  ],
});

describe('go: Terraform in string literals', () => {
  it('makes values written with fmt verbs unknown and keeps literal ones', async () => {
    const { index, notes } = await analyze({ 'kms/resource_key_acc_test.go': BASIC });
    const [key] = index.keys;
    assert.equal(index.keys.length, 1);
    assert.equal(key.surface, 'terraform');
    assert.equal(key.address, 'thalassa_kms_key.test');
    assert.deepEqual([key.region.known, key.name.known, key.keyType], [false, false, { known: true, value: 'aes256-gcm96', trace: [] }]);
    assert.deepEqual(key.regionLoc?.range, rangeOf(BASIC, '%[2]q'));
    assert.equal(key.scope, `go-hcl:/ws/kms/resource_key_acc_test.go#${BASIC.indexOf('`')}`);
    assert.deepEqual(notes, []);
  });

  it('keeps labels and references with the same verb joined, each literal its own configuration', async () => {
    const code =
      ACC_IMPORTS +
      config(
        'testAccDnssecConfig',
        `resource "thalassa_kms_key" "%[1]s" {
  region                  = "nl-01"
  name                    = "dnssec-%[1]s"
  key_type                = "ecdsa-p256"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}

resource "thalassa_dns_zone_dnssec" "zone" {
  zone_id    = %[2]q
  region     = "nl-01"
  kms_key_id = thalassa_kms_key.%[1]s.id
}
`,
        'name, zone',
      ) +
      config('testAccDataConfig', `data "thalassa_kms_key" "test" {\n  region = "nl-01"\n  name   = %[1]q\n}\n`);
    const { index, notes } = await analyze({ 'dns/acc_test.go': code });
    assert.deepEqual(notes, []);
    const [key, data] = index.keys;
    assert.deepEqual([key.address, key.name.known, data.address, data.kind], ['thalassa_kms_key.__1_s', false, 'data.thalassa_kms_key.test', 'data']);
    assert.notEqual(key.scope, data.scope);
    const [zone] = index.uses;
    assert.deepEqual(zone.key.known && zone.key.value.defId, key.id);
    assert.deepEqual(zone.keyLoc.range, rangeOf(code, 'thalassa_kms_key.%[1]s.id'));
  });

  it('reads verbs anywhere without syntax errors: counts, lists, heredocs, %% and flags', async () => {
    const code =
      ACC_IMPORTS +
      config(
        'testAccManyConfig',
        `resource "thalassa_kms_key" "test" {
  count                   = %d
  region                  = %-8s
  name                    = "acc-%[1]s-\${count.index}"
  description             = <<EOT
%[1]s at 100%%
EOT
  labels                  = { owner = "%v" }
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = %03d
}
`,
        'n, region, name, owner, days',
      );
    const { index, notes } = await analyze({ 'kms/acc_test.go': code });
    assert.deepEqual(notes, []);
    const [key] = index.keys;
    assert.deepEqual([key.region.known, key.name.known, key.rotationDays.value.known, key.rotationEnabled.value], [false, false, false, { known: true, value: true, trace: [] }]);
    assert.deepEqual(key.rotationDays.valueLoc?.range, rangeOf(code, '%03d'));
  });

  it('honours a suppression comment inside the configuration (and counts it as used)', async () => {
    const { findings } = await analyze({ 'kms/acc_test.go': SUPPRESSED });
    assert.deepEqual(findings, []);
  });

  it('offers no fix inside an interpreted string: it would have to write Go escapes', async () => {
    const { findings } = await analyze({ 'provider/configs.go': INTERPRETED });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.fixes.length]),
      [
        ['rotation-schedule', 0],
        ['export-allowed', 0],
      ],
    );
  });

  it('ignores literals that hold no configuration', async () => {
    const code = `${ACC_IMPORTS}
func TestAccKmsKey(t *testing.T) {
	resource.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Check: resource.TestCheckResourceAttr("thalassa_kms_key.test", "key_type", "aes256-gcm96"),
		}},
	})
	_ = \`thalassa_kms_key "test" is not a block\`
}
`;
    const { index, notes } = await analyze({ 'kms/acc_test.go': code });
    assert.deepEqual([index.keys, index.uses, notes], [[], [], []]);
  });

  it('finds a configuration in Go fenced in Markdown, at its Markdown position', async () => {
    const md = `# Testing

\`\`\`go
func config(name string) string {
	return fmt.Sprintf(\`
resource "thalassa_kms_key" "doc" {
  region   = "nl-01"
  name     = %q
  key_type = "aes256-gcm96"
}
\`, name)
}
\`\`\`
`;
    const { findings } = await analyze({ 'TESTING.md': md });
    assert.deepEqual(
      findingsFor(findings, 'rotation-schedule').map((f) => f.loc.range),
      [rangeIn(md, 'resource "thalassa_kms_key" "doc"', '"thalassa_kms_key" "doc"')],
    );
  });

});
