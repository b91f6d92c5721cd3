import { at, runRuleTests } from '../helpers/ruleTester';

const HEADER = `package crypt

import (
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"os"

	"github.com/thalassa-cloud/client-go/kms"
)
`;
const fromFile = HEADER + `
func sealFile(ctx context.Context, c *kms.Client, keyID string) error {
	data, err := os.ReadFile("customers.csv")
	if err != nil {
		return err
	}
	_, err = c.EncryptBytes(ctx, "nl-01", keyID, data)
	return err
}
`;
const fromBody = HEADER + `
func handler(c *kms.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		payload, _ := io.ReadAll(r.Body)
		c.EncryptBytes(r.Context(), "nl-01", "app", payload)
	}
}
`;
const inLoop = HEADER + `
type Record struct{ Data []byte }

func sealAll(ctx context.Context, c *kms.Client, records []Record) {
	for _, rec := range records {
		c.EncryptBytes(ctx, "nl-01", "app", rec.Data)
	}
}
`;
const dek = HEADER + `
func wrapDEK(ctx context.Context, c *kms.Client) (*kms.EncryptResponse, error) {
	dek := make([]byte, 32)
	if _, err := rand.Read(dek); err != nil {
		return nil, err
	}
	return c.EncryptBytes(ctx, "nl-01", "app", dek)
}
`;
const hello = HEADER + `
func example(ctx context.Context, c *kms.Client) {
	enc, _ := c.EncryptBytes(ctx, "nl-01", "app", []byte("hello"))
	c.DecryptBytes(ctx, "nl-01", "app", enc.Ciphertext)
}
`;

runRuleTests('envelope-encryption', {
  valid: [
    { name: 'a locally generated 32-byte DEK is wrapped', filename: 'dek.go', code: dek },
    { name: 'a tiny literal (examples, tests)', filename: 'example.go', code: hello },
  ],
  invalid: [
    {
      name: 'whole file read and sent',
      filename: 'seal.go',
      code: fromFile,
      errors: [{ ...at(fromFile, 'data)'), endColumn: at(fromFile, 'data)').column + 4, severity: 'warning', message: /^This KMS encrypt call reads a whole file \(os\.ReadFile\("customers\.csv"\)\)\. KMS accepts at most 65,535 bytes per call/ }],
    },
    { name: 'request body', filename: 'handler.go', code: fromBody, errors: [{ ...at(fromBody, 'payload)'), endColumn: at(fromBody, 'payload)').column + 7, message: /sends a request body/ }] },
    { name: 'once per record in a loop', filename: 'loop.go', code: inLoop, errors: [{ ...at(inLoop, 'rec.Data'), message: /runs once per record in a loop/ }] },
  ],
});

const unwrapFromFile = HEADER + `
func unwrap(ctx context.Context, c *kms.Client) ([]byte, error) {
	wrapped, err := os.ReadFile("keys/orders.dek")
	if err != nil {
		return nil, err
	}
	return c.DecryptBytes(ctx, "nl-01", "app", string(wrapped))
}
`;

runRuleTests('envelope-encryption', {
  valid: [{ name: 'a wrapped DEK read from a file named for it', filename: 'unwrap.go', code: unwrapFromFile }],
  invalid: [],
});
