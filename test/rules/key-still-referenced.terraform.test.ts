import { at, runRuleTests } from '../helpers/ruleTester';

const key = (status: string) => `resource "thalassa_kms_key" "app" {
  region                  = "nl-01"
  name                    = "app-secrets"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
${status}}
`;
const SECRET = `resource "thalassa_secret" "db" {
  region     = "nl-01"
  path       = "/app/prod/db/password"
  kms_key_id = thalassa_kms_key.app.id
}
`;
const disabled = key('  status                  = "disabled"\n');

runRuleTests('key-still-referenced', {
  valid: [
    { name: 'active key with a secret', filename: 'main.tf', code: key('  status                  = "active"\n') + SECRET },
    { name: 'disabled key nobody references', filename: 'main.tf', code: disabled },
  ],
  invalid: [
    {
      name: 'disabled key still bound to a secret',
      files: { 'keys.tf': disabled, 'secrets.tf': SECRET },
      errors: [{ ...at(disabled, 'status                  = "disabled"'), severity: 'error', message: /^Key thalassa_kms_key\.app \("app-secrets"\) is disabled while Secret thalassa_secret\.db \(secrets\.tf:4\) still references it/, related: ['secrets.tf:4'] }],
    },
  ],
});
