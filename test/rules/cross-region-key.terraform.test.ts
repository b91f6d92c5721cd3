import { at, runRuleTests } from '../helpers/ruleTester';

const KEY = `resource "thalassa_kms_key" "app" {
  region                  = "nl-01"
  name                    = "app-secrets"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
`;
const secret = (region: string, keyRef = 'thalassa_kms_key.app.id') => `resource "thalassa_secret" "db" {
  region     = ${region}
  path       = "/app/prod/db/password"
  kms_key_id = ${keyRef}
}
`;
const sameFile = KEY + secret('"nl-02"');
const dnssec = KEY + `resource "thalassa_dns_zone_dnssec" "zone" {
  zone_id    = "zone-123"
  region     = "de-01"
  kms_key_id = thalassa_kms_key.app.id
}
`;
const dataKey = `data "thalassa_kms_key" "shared" {
  region = "nl-01"
  name   = "shared"
}
`;
const forEachKeys = `locals {
  envs = {
    prod    = { region = "nl-01" }
    staging = { region = "nl-02" }
  }
}

resource "thalassa_kms_key" "env" {
  for_each                = local.envs
  region                  = each.value.region
  name                    = "app-\${each.key}"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}

resource "thalassa_secret" "db" {
  region     = "nl-01"
  path       = "/app/staging/db/password"
  kms_key_id = thalassa_kms_key.env["staging"].id
}
`;

runRuleTests('cross-region-key', {
  valid: [
    { name: 'same region', filename: 'main.tf', code: KEY + secret('"nl-01"') },
    { name: 'region by reference', filename: 'main.tf', code: KEY + secret('thalassa_kms_key.app.region') },
    { name: 'consumer region unknown', files: { 'main.tf': KEY + secret('var.region'), 'variables.tf': 'variable "region" {}\n' } },
    { name: 'allowed region', files: { 'main.tf': KEY, '.kms-lint.yaml': 'allowedRegions: [nl-01, nl-02]\n' } },
  ],
  invalid: [
    {
      name: 'secret in another region than its key',
      filename: 'main.tf',
      code: sameFile,
      errors: [{ ...at(sameFile, '"nl-02"'), severity: 'error', message: /^Secret thalassa_secret\.db is in region nl-02 but key thalassa_kms_key\.app \("app-secrets"\) lives in nl-01\./, related: ['main.tf:2'] }],
      fix: { title: "Use the key's region (thalassa_kms_key.app.region)", output: KEY + secret('thalassa_kms_key.app.region') },
    },
    {
      name: 'across files',
      files: { 'keys.tf': KEY, 'secrets.tf': secret('"nl-02"') },
      errors: [{ ...at(secret('"nl-02"'), '"nl-02"'), related: ['keys.tf:2'] }],
    },
    { name: 'DNSSEC zone', filename: 'main.tf', code: dnssec, errors: [{ ...at(dnssec, '"de-01"'), message: /^DNSSEC zone thalassa_dns_zone_dnssec\.zone is in region de-01/ }] },
    {
      name: 'a data source in another region, fixed with its region literal',
      filename: 'main.tf',
      code: dataKey + secret('"nl-02"', 'data.thalassa_kms_key.shared.id'),
      errors: [{ ...at(dataKey + secret('"nl-02"', 'data.thalassa_kms_key.shared.id'), '"nl-02"') }],
      fix: { output: dataKey + secret('data.thalassa_kms_key.shared.region', 'data.thalassa_kms_key.shared.id') },
    },
    {
      name: 'for_each instance picked by key',
      filename: 'main.tf',
      code: forEachKeys,
      errors: [{ ...at(forEachKeys, '"nl-01"', 1), message: /lives in nl-02/ }],
    },
    {
      name: 'a key outside allowedRegions',
      files: { 'main.tf': KEY, '.kms-lint.yaml': 'allowedRegions: [de-01]\n' },
      errors: [{ ...at(KEY, '"nl-01"'), message: 'Key thalassa_kms_key.app ("app-secrets") is created in nl-01, which is not an allowed region (de-01) for this workspace.' }],
    },
  ],
});
