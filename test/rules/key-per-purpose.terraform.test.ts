import { at, runRuleTests } from '../helpers/ruleTester';

const KEY = `resource "thalassa_kms_key" "shared" {
  region                  = "nl-01"
  name                    = "shared"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
`;
const secret = (name: string, path: string) => `resource "thalassa_secret" "${name}" {
  region     = "nl-01"
  path       = "${path}"
  kms_key_id = thalassa_kms_key.shared.id
}
`;
const ZONE = `resource "thalassa_dns_zone_dnssec" "zone" {
  zone_id    = "zone-1"
  region     = "nl-01"
  kms_key_id = thalassa_kms_key.shared.id
}
`;
const mixedPurpose = KEY + secret('db', '/app/prod/db/password') + ZONE;
const mixedEnv = KEY + secret('prod', '/app/prod/db/password') + secret('staging', '/app/staging/db/password');

runRuleTests('key-per-purpose', {
  valid: [
    { name: 'two prod secrets on one key', filename: 'main.tf', code: KEY + secret('a', '/app/prod/db/password') + secret('b', '/app/prod/api/token') },
    { name: 'one consumer', filename: 'main.tf', code: KEY + ZONE },
  ],
  invalid: [
    {
      name: 'secret and DNSSEC on one key',
      filename: 'main.tf',
      code: mixedPurpose,
      errors: [{ ...at(mixedPurpose, 'thalassa_kms_key.shared.id', 1), severity: 'warning', message: /^Key thalassa_kms_key\.shared \("shared"\) already serves Secrets Manager \(main\.tf:11\) and is used for DNSSEC signing here\./, related: ['main.tf:11'] }],
    },
    {
      name: 'prod and staging secrets on one key',
      filename: 'main.tf',
      code: mixedEnv,
      errors: [{ ...at(mixedEnv, 'thalassa_kms_key.shared.id', 1), message: /already serves prod \(main\.tf:11\) and is used for staging here/ }],
    },
  ],
});
