import { at, runRuleTests } from '../helpers/ruleTester';

const key = (before: string) => `resource "thalassa_kms_key" "legacy" {
  region                  = "nl-01"
  name                    = "legacy"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
${before}  export_allowed          = true
}
`;
const withReason = key('  # kms-lint-disable-next-line export-allowed -- migration to the new HSM, ticket SEC-142\n');
const noReason = key('  # kms-lint-disable-next-line export-allowed\n');
const unused = `# kms-lint-disable-next-line rotation-schedule -- nothing to silence here
resource "thalassa_kms_key" "ok" {
  region                  = "nl-01"
  name                    = "ok"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
`;

runRuleTests('suppression-justification', {
  valid: [{ name: 'suppression with a reason that silences a finding', filename: 'main.tf', code: withReason }],
  invalid: [
    {
      name: 'no reason',
      filename: 'main.tf',
      code: noReason,
      errors: [{ ...at(noReason, '# kms-lint-disable-next-line export-allowed'), severity: 'warning', message: 'Suppression of export-allowed has no reason: add one after " -- ".' }],
    },
    {
      name: 'unused',
      filename: 'main.tf',
      code: unused,
      errors: [{ ...at(unused, '# kms-lint-disable-next-line rotation-schedule -- nothing to silence here'), severity: 'info', message: 'Unused suppression: no rotation-schedule finding on the next line.' }],
    },
  ],
});
