// The build check that keeps the catalogue honest: every registered rule has its docs page and a
// test table, ids match the public catalogue, and the config schema knows every id.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import schema from '../../schemas/kms-lint.schema.json';
import { RULES } from '../../server/src/rules';

const ROOT = join(__dirname, '..', '..');
const CATALOGUE = [
  'envelope-encryption', 'export-allowed', 'cross-region-key', 'byok-raw-material', 'import-rotation', 'rotation-schedule',
  'disable-before-delete', 'key-still-referenced', 'key-per-purpose', 'sensitive-logging', 'suppression-justification',
];

test('registered rule ids are exactly the public catalogue', () => {
  assert.deepEqual(RULES.map((r) => r.meta.id), CATALOGUE);
});

test('the config schema accepts exactly the registered rule ids', () => {
  assert.deepEqual(schema.properties.rules.propertyNames.enum, CATALOGUE);
});

for (const rule of RULES) {
  const { id, docs } = rule.meta;
  test(`${id}: has a docs page titled with its id and an opening paragraph`, () => {
    assert.equal(docs, `docs/rules/${id}.md`);
    const page = join(ROOT, docs);
    assert.ok(existsSync(page), `${docs} exists`);
    const text = readFileSync(page, 'utf8');
    assert.equal(text.split('\n')[0], `# ${id}`);
    assert.ok(text.split('\n\n')[1]?.trim().length > 80, 'opening paragraph (used by the hover)');
    if (rule.meta.practice) assert.ok(text.includes(`#${rule.meta.practice})`), 'links its practice');
  });
  test(`${id}: has a test table`, () => {
    const tests = readdirSync(join(ROOT, 'test', 'rules')).filter((f) => f.startsWith(`${id}.`) && f.endsWith('.test.ts'));
    assert.ok(tests.length > 0, `test/rules/${id}.*.test.ts exists`);
    assert.ok(tests.some((f) => readFileSync(join(ROOT, 'test', 'rules', f), 'utf8').includes(`runRuleTests('${id}'`)), 'uses runRuleTests');
  });
}
