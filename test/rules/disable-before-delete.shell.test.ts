import { at, runRuleTests } from '../helpers/ruleTester';

const script = (body: string) => `#!/bin/sh
KEY=kms-7f3a9c
${body}`;
const bad = script('tcloud kms keys delete "$KEY" --region nl-01 --force\n');

runRuleTests('disable-before-delete', {
  valid: [{ name: 'disabled first', filename: 'retire.sh', code: script('tcloud kms keys disable "$KEY" --region nl-01\ntcloud kms keys delete "$KEY" --region nl-01 --force\n') }],
  invalid: [
    {
      name: 'tcloud delete without disable',
      filename: 'retire.sh',
      code: bad,
      errors: [{ ...at(bad, 'keys delete'), severity: 'warning', message: /^Key "kms-7f3a9c" is deleted without being disabled first/ }],
      fix: { output: script('tcloud kms keys disable "$KEY" --region nl-01\ntcloud kms keys delete "$KEY" --region nl-01 --force\n') },
    },
  ],
});
