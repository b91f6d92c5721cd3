import { at, runRuleTests } from '../helpers/ruleTester';

const toStdout = '#!/bin/sh\ntcloud kms decrypt --region nl-01 --key app --ciphertext "$CT"\n';
const echoed = '#!/bin/sh\nPLAIN=$(tcloud kms decrypt --region nl-01 --key app --ciphertext "$CT")\necho "$PLAIN"\n';

runRuleTests('sensitive-logging', {
  valid: [
    { name: 'written to a file', filename: 'd.sh', code: '#!/bin/sh\ntcloud kms decrypt --region nl-01 --key app --ciphertext "$CT" --to-file plain.bin\n' },
    { name: 'redirected', filename: 'd.sh', code: '#!/bin/sh\ntcloud kms decrypt --region nl-01 --key app --ciphertext "$CT" > plain.bin\n' },
  ],
  invalid: [
    {
      name: 'decrypt prints plaintext to the terminal',
      filename: 'd.sh',
      code: toStdout,
      errors: [{ ...at(toStdout, 'tcloud kms decrypt'), message: /^Decrypted plaintext is printed to the terminal/ }],
      fix: { output: '#!/bin/sh\ntcloud kms decrypt --region nl-01 --key app --ciphertext "$CT" --to-file plaintext.bin\n' },
    },
    { name: 'captured plaintext echoed', filename: 'd.sh', code: echoed, errors: [{ ...at(echoed, '"$PLAIN"'), message: /written out by echo/ }] },
  ],
});
