import { at, runRuleTests } from '../helpers/ruleTester';

const file = (print: string) => `package debug

import (
	"context"
	"fmt"
	"log"

	"github.com/thalassa-cloud/client-go/kms"
)

func show(ctx context.Context, c *kms.Client, ct string) error {
	plain, err := c.DecryptBytes(ctx, "nl-01", "app", ct)
	if err != nil {
		return err
	}
${print}	return nil
}
`;
const printed = file('\tfmt.Println(string(plain))\n');
const logged = file('\tlog.Printf("decrypted %d bytes: %s", len(plain), plain)\n');

runRuleTests('sensitive-logging', {
  valid: [{ name: 'only the size is logged', filename: 'debug.go', code: file('\tlog.Printf("decrypted %d bytes", len(plain))\n') }],
  invalid: [
    { name: 'plaintext printed', filename: 'debug.go', code: printed, errors: [{ ...at(printed, 'string(plain)'), severity: 'warning', message: /^Decrypted plaintext is written out by fmt\.Println\./ }] },
    { name: 'plaintext logged', filename: 'debug.go', code: logged, errors: [{ ...at(logged, 'plain', 2), message: /by log\.Printf/ }] },
  ],
});
