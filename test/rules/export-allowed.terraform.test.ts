import { at, runRuleTests } from '../helpers/ruleTester';

const KEY = (exportLine: string) => `resource "thalassa_kms_key" "payments" {
  region                  = "nl-01"
  name                    = "payments"
  key_type                = "aes256-gcm96"
${exportLine}
  key_rotation_enabled    = true
  rotation_period_in_days = 90
}
`;

const literalTrue = KEY('  export_allowed          = true');
const viaVariable = {
  'main.tf': KEY('  export_allowed          = var.allow_export'),
  'variables.tf': 'variable "allow_export" {\n  type    = bool\n  default = false\n}\n',
  'terraform.tfvars': 'allow_export = true\n',
};

runRuleTests('export-allowed', {
  valid: [
    { name: 'export off', filename: 'main.tf', code: KEY('  export_allowed          = false') },
    { name: 'attribute absent (default false)', filename: 'main.tf', code: KEY('') },
    { name: 'a comment is not code', filename: 'main.tf', code: KEY('  # export_allowed = true') },
    { name: 'variable without a value stays unknown', files: { 'main.tf': KEY('  export_allowed          = var.allow_export'), 'variables.tf': 'variable "allow_export" {\n  type = bool\n}\n' } },
    { name: 'variable default false', files: { 'main.tf': KEY('  export_allowed          = var.allow_export'), 'variables.tf': 'variable "allow_export" {\n  default = false\n}\n' } },
    { name: 'data source reads an existing key', filename: 'main.tf', code: 'data "thalassa_kms_key" "k" {\n  region = "nl-01"\n  name   = "payments"\n}\n' },
  ],
  invalid: [
    {
      name: 'literal true',
      filename: 'main.tf',
      code: literalTrue,
      errors: [{ ...at(literalTrue, 'export_allowed          = true'), severity: 'error', message: /^Key thalassa_kms_key\.payments \("payments"\) is created with key-material export enabled\./ }],
      fix: { title: 'Disable key-material export', output: KEY('  export_allowed          = false') },
    },
    {
      name: 'true through terraform.tfvars over the variable default',
      files: viaVariable,
      errors: [{ ...at(viaVariable['main.tf'], 'export_allowed          = var.allow_export'), resolution: [/var\.allow_export = true \(terraform\.tfvars:1\)/] }],
      fix: { output: KEY('  export_allowed          = false') },
    },
  ],
});
