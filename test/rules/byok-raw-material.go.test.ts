import { at, runRuleTests } from '../helpers/ruleTester';

const RAW_HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const file = (material: string) => `package byok

import (
	"context"

	"github.com/thalassa-cloud/client-go/kms"
)

func importKey(ctx context.Context, c *kms.Client, wrapped string) error {
	_, err := c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{
		Name:              "imported",
		ImportKeyMaterial: ${material},
		HashFunction:      "sha256",
	})
	return err
}
`;
const literal = file(`"${RAW_HEX}"`);

runRuleTests('byok-raw-material', {
  valid: [
    { name: 'wrapped material from a parameter', filename: 'byok.go', code: file('wrapped') },
    { name: 'placeholder from the SDK tests', filename: 'byok.go', code: file('"wrapped-key-material"') },
  ],
  invalid: [{ name: 'hex key bytes in code', filename: 'byok.go', code: literal, errors: [{ ...at(literal, `"${RAW_HEX}"`), severity: 'error', message: /is written into the code as a literal/ }] }],
});
