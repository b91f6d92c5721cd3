import { at, runRuleTests } from '../helpers/ruleTester';

const file = (fields: string) => `package main

import (
	"context"
	"log"

	"github.com/thalassa-cloud/client-go/kms"
	"github.com/thalassa-cloud/client-go/thalassa"
)

func main() {
	ctx := context.Background()
	tc, err := thalassa.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	key, err := tc.KMS().CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{
		Name:    "app-encryption",
		KeyType: kms.KmsKeyTypeAES256GCM96,
${fields}	})
	if err != nil {
		log.Fatal(err)
	}
	log.Println(key.Identity)
}
`;
const noRotation = file('');

runRuleTests('rotation-schedule', {
  valid: [{ name: 'rotation with a period', filename: 'main.go', code: file('\t\tKeyRotationEnabled:   true,\n\t\tRotationPeriodInDays: intPtr(90),\n') }],
  invalid: [
    {
      name: 'created through tc.KMS() without rotation',
      filename: 'main.go',
      code: noRotation,
      errors: [{ ...at(noRotation, 'CreateKey'), severity: 'warning', message: /^Key "app-encryption" has no automatic rotation\./ }],
      fix: { output: file('\t\tKeyRotationEnabled: true,\n\t\tRotationPeriodInDays: func() *int { d := 90; return &d }(),\n') },
    },
  ],
});
