import { at, runRuleTests } from '../helpers/ruleTester';

// 32 bytes of test-only noise, base64: looks exactly like a raw AES-256 key.
const RAW = 'q83vEjRWeJq8zN7/EjRWeJq8zN7/EjRWeJq8zN7/Ejs=';
const key = (material: string) => `resource "thalassa_kms_key" "byok" {
  region                  = "nl-01"
  name                    = "byok"
  key_type                = "aes256-gcm96"
  import_key_material     = ${material}
  key_rotation_enabled    = true
  rotation_period_in_days = 90
  allow_rotation          = true
}
`;
const literal = key(`"${RAW}"`);
const fromFile = key('filebase64("keys/app.bin")');
const viaLocal = `locals {\n  material = "${RAW}"\n}\n` + key('local.material');

runRuleTests('byok-raw-material', {
  valid: [
    { name: 'a variable from outside', filename: 'main.tf', code: key('var.wrapped_material') },
    { name: 'a placeholder', filename: 'main.tf', code: key('"wrapped-key-material"') },
    { name: 'a file named as wrapped', filename: 'main.tf', code: key('filebase64("keys/app.wrapped")') },
  ],
  invalid: [
    {
      name: 'base64 key bytes as a literal',
      filename: 'main.tf',
      code: literal,
      errors: [{ ...at(literal, `"${RAW}"`), severity: 'error', message: /^Imported key material for thalassa_kms_key\.byok \("byok"\) is written into the code as a literal\./ }],
    },
    { name: 'read from an unwrapped file', filename: 'main.tf', code: fromFile, errors: [{ ...at(fromFile, 'filebase64("keys/app.bin")'), message: /is read from "keys\/app\.bin"/ }] },
    { name: 'a literal through a local', filename: 'main.tf', code: viaLocal, errors: [{ ...at(viaLocal, 'local.material') }] },
  ],
});
