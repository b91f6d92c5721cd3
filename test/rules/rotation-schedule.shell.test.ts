import { at, runRuleTests } from '../helpers/ruleTester';

const script = (flags: string) => `#!/usr/bin/env bash
set -euo pipefail
REGION=nl-01
tcloud kms keys create --region "$REGION" --name orders --key-type aes256-gcm96${flags}
`;
const none = script('');

runRuleTests('rotation-schedule', {
  valid: [{ name: 'rotation flags given', filename: 'create.sh', code: script(' --rotation-enabled --rotation-period-days=90') }],
  invalid: [
    {
      name: 'tcloud create without rotation',
      filename: 'create.sh',
      code: none,
      errors: [{ ...at(none, 'keys create'), severity: 'warning', message: /^Key "orders" has no automatic rotation/ }],
      fix: { output: script(' --rotation-enabled --rotation-period-days 90') },
    },
  ],
});
