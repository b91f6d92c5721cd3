import { at, runRuleTests } from '../helpers/ruleTester';

const key = (body: string) => `resource "thalassa_kms_key" "app" {
  region   = "nl-01"
  name     = "app-secrets"
  key_type = "aes256-gcm96"
${body}}
`;
const noRotation = key('');
const rotationOff = key('  key_rotation_enabled = false\n');
const noPeriod = key('  key_rotation_enabled = true\n');
const tooLong = key('  key_rotation_enabled    = true\n  rotation_period_in_days = 730\n');
const outOfRange = key('  key_rotation_enabled    = true\n  rotation_period_in_days = 4000\n');
const tooShort = key('  key_rotation_enabled    = true\n  rotation_period_in_days = 7\n');
const good = key('  key_rotation_enabled    = true\n  rotation_period_in_days = 90\n');

runRuleTests('rotation-schedule', {
  valid: [
    { name: 'rotation every 90 days', filename: 'main.tf', code: good },
    { name: 'data source', filename: 'main.tf', code: 'data "thalassa_kms_key" "k" {\n  region = "nl-01"\n  name   = "app-secrets"\n}\n' },
    {
      name: 'imported key without allow_rotation (import-rotation covers it)',
      filename: 'main.tf',
      code: key('  import_key_material = var.wrapped_material\n'),
    },
    { name: 'period through a variable without value', files: { 'main.tf': key('  key_rotation_enabled    = true\n  rotation_period_in_days = var.days\n'), 'variables.tf': 'variable "days" {}\n' } },
  ],
  invalid: [
    {
      name: 'rotation absent',
      filename: 'main.tf',
      code: noRotation,
      errors: [{ ...at(noRotation, '"thalassa_kms_key" "app"'), severity: 'warning', message: /^Key thalassa_kms_key\.app \("app-secrets"\) has no automatic rotation\./ }],
      fix: { title: 'Enable rotation every 90 days', output: key('  key_rotation_enabled = true\n  rotation_period_in_days = 90\n') },
    },
    {
      name: 'rotation off',
      filename: 'main.tf',
      code: rotationOff,
      errors: [{ ...at(rotationOff, 'key_rotation_enabled = false') }],
      fix: { output: key('  key_rotation_enabled = true\n  rotation_period_in_days = 90\n') },
    },
    {
      name: 'enabled without a period',
      filename: 'main.tf',
      code: noPeriod,
      errors: [{ ...at(noPeriod, 'key_rotation_enabled = true'), message: /without a rotation period/ }],
      fix: { output: key('  key_rotation_enabled = true\n  rotation_period_in_days = 90\n') },
    },
    {
      name: 'longer than the policy maximum',
      filename: 'main.tf',
      code: tooLong,
      errors: [{ ...at(tooLong, 'rotation_period_in_days = 730'), severity: 'warning', message: 'Rotation period 730 days is longer than the policy maximum of 365 days.' }],
      fix: { output: key('  key_rotation_enabled    = true\n  rotation_period_in_days = 365\n') },
    },
    {
      name: 'outside what the API accepts',
      filename: 'main.tf',
      code: outOfRange,
      errors: [{ ...at(outOfRange, 'rotation_period_in_days = 4000'), severity: 'error', message: 'Rotation period 4000 days is outside what the API accepts (1–3650 days).' }],
    },
    {
      name: 'shorter than the policy minimum',
      filename: 'main.tf',
      code: tooShort,
      errors: [{ ...at(tooShort, 'rotation_period_in_days = 7'), severity: 'info' }],
    },
    {
      name: 'the policy maximum comes from .kms-lint.yaml',
      files: { 'main.tf': good, '.kms-lint.yaml': 'rotation:\n  maxDays: 60\n' },
      errors: [{ ...at(good, 'rotation_period_in_days = 90'), message: 'Rotation period 90 days is longer than the policy maximum of 60 days.' }],
      fix: { output: key('  key_rotation_enabled    = true\n  rotation_period_in_days = 60\n'), outputFile: 'main.tf' },
    },
  ],
});
