import { at, runRuleTests } from '../helpers/ruleTester';

const file = (useRegion: string) => `package setup

import (
	"context"

	"github.com/thalassa-cloud/client-go/kms"
)

const home = "nl-01"

func setup(ctx context.Context, c *kms.Client, dek []byte) error {
	key, err := c.CreateKey(ctx, home, kms.CreateKmsKeyRequest{Name: "orders", KeyRotationEnabled: true, RotationPeriodInDays: intPtr(90)})
	if err != nil {
		return err
	}
	_, err = c.EncryptBytes(ctx, ${useRegion}, key.Identity, dek)
	return err
}
`;
const other = file('"de-01"');

runRuleTests('cross-region-key', {
  valid: [{ name: 'same region through the constant', filename: 'setup.go', code: file('home') }],
  invalid: [
    {
      name: 'encrypt in another region than the key was created in',
      filename: 'setup.go',
      code: other,
      errors: [{ ...at(other, '"de-01"'), message: /^This encrypt call is in region de-01 but key "orders" lives in nl-01\./ }],
      fix: { output: file('"nl-01"') },
    },
  ],
});
