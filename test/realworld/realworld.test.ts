// Fixtures of our own in the shapes of the public files that use Thalassa KMS (reference §7):
// each folder must produce exactly the findings that section expects, and nothing where it says none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../server/src/createEngine';
import { walkWorkspace } from '../../server/src/engine/walkWorkspace';

const ROOT = path.join(__dirname, '..', 'fixtures', 'realworld');

async function scan(folder: string): Promise<string[]> {
  const root = path.join(ROOT, folder);
  const engine = createEngine(root);
  for (const file of walkWorkspace(root)) engine.setFile(file, readFileSync(file, 'utf8'));
  const { findings } = await engine.analyze();
  return findings.map((f) => `${f.ruleId} ${f.severity} ${path.relative(root, f.loc.file)}:${f.loc.range.start.line + 1}`);
}

const EXPECTED: Record<string, string[]> = {
  // provider examples: a good key; a key without rotation bound to a prod secret; a literal secret
  // version; DNSSEC with the key reference commented out; a data source with an invalid attribute.
  'tf-examples': ['rotation-schedule warning secret/resource.tf:1'],
  // provider docs: the same HCL inside Markdown fences.
  'tf-docs': ['rotation-schedule warning kms_key.md:12'],
  // provider Go: destroy calls DeleteKey without a disable; DNSSEC request built from schema values;
  // acceptance-test HCL in Go strings: the basic config has no rotation, the others are fine.
  'provider-go': ['rotation-schedule warning kms/resource_key_acc_test.go:74', 'disable-before-delete warning kms/resource_key.go:14'],
  // SDK: example creates a key without rotation and encrypts a tiny literal (silent); SDK method
  // definitions never fire; the secrets example creates a key without rotation.
  'sdk-go': [
    'rotation-schedule warning kms/example_test.go:26',
    // the SDK's own package tests: a table of requests is one key per entry (no rotation on
    // either; the imported one allows rotation without a schedule); a client from a test helper
    // deletes without a disable
    'rotation-schedule warning kms/keys_test.go:15',
    'rotation-schedule warning kms/keys_test.go:16',
    'import-rotation info kms/keys_test.go:16',
    'disable-before-delete warning kms/keys_test.go:25',
    'rotation-schedule warning secrets/example_test.go:14',
  ],
  // CLI source: encrypt --from-file sends a whole file; export is a break-glass call site; create
  // from flags is unknown (silent); delete without disable; public-key is not an export.
  'cli-go': [
    'disable-before-delete warning kms/delete.go:19',
    'envelope-encryption warning kms/encrypt.go:27',
    'export-allowed info kms/export.go:19',
  ],
  // CLI docs: `tcloud kms encrypt --from-file secret.txt` sends a whole file; a 5-byte --plaintext is fine.
  'cli-docs': ['envelope-encryption warning encrypt.md:7'],
};

for (const [folder, expected] of Object.entries(EXPECTED)) {
  test(`real-world shapes: ${folder}`, async () => {
    assert.deepEqual(await scan(folder), expected);
  });
}
