import { at, runRuleTests } from '../helpers/ruleTester';

const TF = `resource "thalassa_kms_key" "app" {
  region                  = "nl-01"
  name                    = "app-secrets"
  key_type                = "aes256-gcm96"
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}

resource "thalassa_secret" "db" {
  region     = "nl-01"
  path       = "/app/prod/db/password"
  kms_key_id = thalassa_kms_key.app.id
}
`;
const GO = `package wrap

import (
	"context"

	"github.com/thalassa-cloud/client-go/kms"
)

func wrap(ctx context.Context, c *kms.Client, dek []byte) (*kms.EncryptResponse, error) {
	return c.EncryptBytes(ctx, "nl-01", "app-secrets", dek)
}
`;

runRuleTests('key-per-purpose', {
  valid: [{ name: 'a dedicated key for application encryption', files: { 'main.tf': TF, 'wrap.go': GO.replace('"app-secrets"', '"app-envelope"') } }],
  invalid: [
    {
      name: 'the Secrets Manager key is also used for direct encryption from Go',
      files: { 'main.tf': TF, 'wrap.go': GO },
      errors: [{ ...at(GO, '"app-secrets"'), message: /^Key thalassa_kms_key\.app \("app-secrets"\) already serves Secrets Manager \(main\.tf:12\) and is used for direct encrypt\/decrypt here/, related: ['main.tf:12'] }],
    },
  ],
});
