import { at, runRuleTests } from '../helpers/ruleTester';

const file = (body: string) => `package ops

import (
	"context"

	"github.com/thalassa-cloud/client-go/kms"
)

func retire(ctx context.Context, c *kms.Client, region, id string) error {
${body}	return nil
}
`;
const deleteOnly = file('\tif err := c.DeleteKey(ctx, region, id); err != nil {\n\t\treturn err\n\t}\n');

runRuleTests('disable-before-delete', {
  valid: [
    {
      name: 'disabled first',
      filename: 'retire.go',
      code: file('\tif _, err := c.DisableKey(ctx, region, id); err != nil {\n\t\treturn err\n\t}\n\tif err := c.DeleteKey(ctx, region, id); err != nil {\n\t\treturn err\n\t}\n'),
    },
  ],
  invalid: [
    {
      name: 'deleted straight away',
      filename: 'retire.go',
      code: deleteOnly,
      errors: [{ ...at(deleteOnly, 'DeleteKey'), severity: 'warning', message: /is deleted without being disabled first/ }],
      fix: {
        title: 'Disable the key before deleting it',
        output: file('\tif _, err := c.DisableKey(ctx, region, id); err != nil {\n\t\treturn err\n\t}\n\tif err := c.DeleteKey(ctx, region, id); err != nil {\n\t\treturn err\n\t}\n'),
      },
    },
  ],
});
