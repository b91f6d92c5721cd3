// Findings, fixes' titles, resolutions and notes never repeat the secret values they point at.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../helpers/ruleTester';

const RAW_KEY = 'q83vEjRWeJq8zN7/EjRWeJq8zN7/EjRWeJq8zN7/Ejs=';
const PLAINTEXT = 'Customer 4711, IBAN NL00BANK0123456789, card 4111111111111111 expires 12/29, plus more personal data to exceed sixty-four bytes';

test('key material and plaintext never appear in what the engine reports', async () => {
  const files = {
    'main.tf': `variable "material" {\n  default = "${RAW_KEY}"\n}\n\nresource "thalassa_kms_key" "byok" {\n  region              = "nl-01"\n  name                = "byok"\n  key_type            = "aes256-gcm96"\n  import_key_material = var.material\n  export_allowed      = true\n}\n`,
    'enc.go': `package enc\n\nimport (\n\t"context"\n\n\t"github.com/thalassa-cloud/client-go/kms"\n)\n\nfunc seal(ctx context.Context, c *kms.Client) {\n\tc.EncryptBytes(ctx, "nl-01", "app", []byte("${PLAINTEXT}"))\n}\n`,
    'run.sh': `#!/bin/sh\ntcloud kms keys create --region nl-01 --name byok --import-key-material ${RAW_KEY}\n`,
  };
  const { findings, notes } = await analyze(files);
  const ids = findings.map((f) => f.ruleId).sort();
  assert.ok(ids.includes('byok-raw-material') && ids.includes('envelope-encryption') && ids.includes('export-allowed'), ids.join(','));
  const reported = JSON.stringify({ findings: findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => x.title) })), notes });
  assert.ok(!reported.includes(RAW_KEY), 'raw key material is not reported');
  assert.ok(!reported.includes(RAW_KEY.slice(0, 16)), 'not even a prefix of it');
  assert.ok(!reported.includes('IBAN'), 'plaintext is not reported');
});
