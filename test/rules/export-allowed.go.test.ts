import { at, runRuleTests } from '../helpers/ruleTester';

const create = (exportField: string) => `package keys

import (
	"context"

	tkms "github.com/thalassa-cloud/client-go/kms"
)

func createKey(ctx context.Context, client *tkms.Client) error {
	days := 90
	_, err := client.CreateKey(ctx, "nl-01", tkms.CreateKmsKeyRequest{
		Name:                 "payments",
		KeyType:              tkms.KmsKeyTypeAES256GCM96,
${exportField}		KeyRotationEnabled:   true,
		RotationPeriodInDays: &days,
	})
	return err
}
`;
const exportTrue = create('\t\tExportAllowed:        true,\n');
const EXPORT_CALL = `package ops

import (
	"context"

	"github.com/thalassa-cloud/client-go/kms"
)

func breakGlass(ctx context.Context, c *kms.Client) (*kms.ExportKeyResponse, error) {
	return c.ExportKey(ctx, "nl-01", "payments", kms.ExportKeyRequest{})
}

func publicKey(ctx context.Context, c *kms.Client) error {
	_, err := c.GetPublicKey(ctx, "nl-01", "signing", nil)
	return err
}
`;
const FLAG = `package cmd

import (
	"context"

	"github.com/thalassa-cloud/client-go/kms"
)

var createExportAllowed bool

func run(ctx context.Context, c *kms.Client) error {
	_, err := c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "x", ExportAllowed: createExportAllowed})
	return err
}
`;
const SDK_DEFINITION = `package kms

import "context"

type Client struct{}
type ExportKeyRequest struct{}
type ExportKeyResponse struct{}

func (c *Client) ExportKey(ctx context.Context, region, identity string, export ExportKeyRequest) (*ExportKeyResponse, error) {
	return nil, nil
}
`;

runRuleTests('export-allowed', {
  valid: [
    { name: 'ExportAllowed absent', filename: 'keys.go', code: create('') },
    { name: 'ExportAllowed false', filename: 'keys.go', code: create('\t\tExportAllowed:        false,\n') },
    { name: 'value from a CLI flag is unknown', filename: 'create.go', code: FLAG },
    { name: 'the SDK method definition is not a call', filename: 'crypto.go', code: SDK_DEFINITION },
  ],
  invalid: [
    {
      name: 'ExportAllowed: true (any import alias)',
      filename: 'keys.go',
      code: exportTrue,
      errors: [{ ...at(exportTrue, 'ExportAllowed:        true'), severity: 'error', message: /^Key "payments" is created with key-material export enabled/ }],
      fix: { output: create('\t\tExportAllowed:        false,\n') },
    },
    {
      name: 'export call site is information; public key retrieval is fine',
      filename: 'export.go',
      code: EXPORT_CALL,
      errors: [{ ...at(EXPORT_CALL, 'ExportKey', 1), severity: 'info', message: /^Key material is exported here\./ }],
    },
  ],
});
