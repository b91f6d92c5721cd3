import { at, runRuleTests } from '../helpers/ruleTester';

const bulk = '#!/bin/sh\ntcloud kms encrypt --region nl-01 --key app --from-file customers.csv --to-file customers.enc\n';
const dek = '#!/bin/sh\nDEK=$(openssl rand -base64 32)\ntcloud kms encrypt --region nl-01 --key app --plaintext "$DEK" --to-file dek.enc\n';

runRuleTests('envelope-encryption', {
  valid: [
    { name: 'a locally generated 32-byte DEK is wrapped', filename: 'wrap.sh', code: dek },
    { name: 'a wrapped DEK read from a file named for it is unwrapped', filename: 'unwrap.sh', code: '#!/bin/sh\ntcloud kms decrypt --region nl-01 --key app --from-file secrets/dek.enc --to-file dek.bin\n' },
    { name: 'a wrapped key file, curl', filename: 'unwrap.sh', code: '#!/bin/sh\ncurl -sS -X POST "https://api.thalassa.cloud/v1/kms/nl-01/keys/app/decrypt" -d @wrapped-key.json\n' },
  ],
  invalid: [{ name: '--from-file sends a whole file', filename: 'seal.sh', code: bulk, errors: [{ ...at(bulk, 'customers.csv'), message: /reads a whole file \(--from-file customers\.csv\)/ }] }],
});
