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
const GO = (region: string) => `package cleanup

import (
	"context"

	"github.com/thalassa-cloud/client-go/kms"
)

const keySlug = "app-secrets"

func retire(ctx context.Context, c *kms.Client) error {
	if _, err := c.DisableKey(ctx, ${region}, keySlug); err != nil {
		return err
	}
	return c.DeleteKey(ctx, ${region}, keySlug)
}
`;
const go = GO('"nl-01"');

runRuleTests('key-still-referenced', {
  valid: [{ name: 'same slug in another region is another key', files: { 'infra/main.tf': TF, 'cmd/cleanup.go': GO('"de-01"') } }],
  invalid: [
    {
      name: 'Go deletes (and disables) by slug a key a Terraform secret still uses',
      files: { 'infra/main.tf': TF, 'cmd/cleanup.go': go },
      errors: [
        { ...at(go, 'DisableKey'), severity: 'error', message: /^Key "app-secrets" is disabled while Secret thalassa_secret\.db \(main\.tf:12\) still references it/, related: ['infra/main.tf:12'] },
        { ...at(go, 'DeleteKey'), message: /^Key "app-secrets" is deleted while Secret thalassa_secret\.db \(main\.tf:12\)/ },
      ],
    },
  ],
});
