import { at, runRuleTests } from '../helpers/ruleTester';

const http = (flag: string) => `@api = https://api.thalassa.cloud

### Create the payments key
POST {{api}}/v1/kms/nl-01/keys
Authorization: Bearer {{token}}
Content-Type: application/json

{
  "name": "payments",
  "keyType": "aes256-gcm96",
  "keyRotationEnabled": true,
  "rotationPeriodInDays": 90,
  "exportAllowed": ${flag}
}

### Public key of the signing key
GET {{api}}/v1/kms/nl-01/keys/signing/public-key
Authorization: Bearer {{token}}
`;
const bad = http('true');
const curl = `#!/bin/sh
curl -sS -X POST "https://api.thalassa.cloud/v1/kms/nl-01/keys" \\
  -H "Authorization: Bearer $TOKEN" \\
  -d '{"name": "payments", "keyType": "aes256-gcm96", "keyRotationEnabled": true, "rotationPeriodInDays": 90, "exportAllowed": true}'
curl -sS -X POST "https://api.thalassa.cloud/v1/kms/nl-01/keys/payments/export" -H "Authorization: Bearer $TOKEN"
`;

runRuleTests('export-allowed', {
  valid: [
    { name: '.http: export off; public-key is not an export', filename: 'keys.http', code: http('false') },
    { name: 'curl GET …/public-key', filename: 'pk.sh', code: '#!/bin/sh\ncurl -sS "https://api.thalassa.cloud/v1/kms/nl-01/keys/signing/public-key"\n' },
  ],
  invalid: [
    {
      name: '.http: "exportAllowed": true',
      filename: 'keys.http',
      code: bad,
      errors: [{ ...at(bad, '"exportAllowed": true'), severity: 'error', message: /^Key "payments" is created with key-material export enabled/ }],
      fix: { output: http('false') },
    },
    {
      name: 'curl: JSON body and an export call',
      filename: 'keys.sh',
      code: curl,
      errors: [
        { ...at(curl, '"exportAllowed": true'), severity: 'error' },
        { ...at(curl, '-X POST', 1), severity: 'info', message: /^Key material is exported here/ },
      ],
    },
  ],
});
