import { at, runRuleTests } from '../helpers/ruleTester';

const key = (body: string) => `resource "thalassa_kms_key" "byok" {
  region              = "nl-01"
  name                = "byok"
  key_type            = "aes256-gcm96"
  import_key_material = var.wrapped_material
${body}}
`;
const plain = (body: string) => `resource "thalassa_kms_key" "plain" {
  region   = "nl-01"
  name     = "plain"
  key_type = "aes256-gcm96"
${body}}
`;
const rotatesWithoutAllow = key('  key_rotation_enabled    = true\n  rotation_period_in_days = 90\n');
const allowWithoutImport = plain('  key_rotation_enabled    = true\n  rotation_period_in_days = 90\n  allow_rotation          = true\n');
const allowWithoutRotation = key('  allow_rotation      = true\n');

runRuleTests('import-rotation', {
  valid: [
    { name: 'imported, rotating, allowed', filename: 'main.tf', code: key('  key_rotation_enabled    = true\n  rotation_period_in_days = 90\n  allow_rotation          = true\n') },
    { name: 'imported, not rotating', filename: 'main.tf', code: key('') },
  ],
  invalid: [
    {
      name: 'imported key rotates without allow_rotation',
      filename: 'main.tf',
      code: rotatesWithoutAllow,
      errors: [{ ...at(rotatesWithoutAllow, 'key_rotation_enabled    = true'), severity: 'error', message: /allow_rotation is not set at import/ }],
      fix: { title: 'Allow rotation of the imported key', output: key('  key_rotation_enabled    = true\n  rotation_period_in_days = 90\n  allow_rotation = true\n') },
    },
    {
      name: 'allow_rotation on a key that imports nothing',
      filename: 'main.tf',
      code: allowWithoutImport,
      errors: [{ ...at(allowWithoutImport, 'allow_rotation          = true'), severity: 'info' }],
      fix: { title: 'Remove allow_rotation', output: plain('  key_rotation_enabled    = true\n  rotation_period_in_days = 90\n') },
    },
    {
      name: 'imported key allows rotation but does not rotate',
      filename: 'main.tf',
      code: allowWithoutRotation,
      errors: [{ ...at(allowWithoutRotation, 'allow_rotation      = true'), severity: 'info', message: /only if you plan to rotate/ }],
    },
  ],
});
