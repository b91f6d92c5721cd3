import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIgnored, parseConfigText, resolveConfig } from '../../server/src/engine/config';

const FILE = '/ws/.kms-lint.yaml';

test('a valid config resolves over the defaults', () => {
  const parsed = parseConfigText(FILE, 'rules:\n  export-allowed: warning\n  key-per-purpose: off\nallowedRegions: [nl-01]\nrotation:\n  maxDays: 180\nignore:\n  - "legacy/**"\n');
  assert.deepEqual(parsed.problems, []);
  const config = resolveConfig([{ config: parsed.config!, base: '/ws', source: FILE }]);
  assert.deepEqual(config.rules, { 'export-allowed': 'warning', 'key-per-purpose': 'off' });
  assert.deepEqual(config.rotation, { minDays: 30, maxDays: 180 });
  assert.deepEqual(config.allowedRegions, ['nl-01']);
  assert.equal(isIgnored(config, '/ws/legacy/main.tf'), true);
  assert.equal(isIgnored(config, '/ws/main.tf'), false);
});

test('an unknown rule id is reported at the key, with its position', () => {
  const { config, problems } = parseConfigText(FILE, 'rules:\n  export-allowd: error\n');
  assert.equal(config, undefined);
  assert.deepEqual(problems.map((p) => [p.message, p.loc.range.start.line, p.loc.range.start.character]), [['Unknown rule id "export-allowd".', 1, 2]]);
});

test('a bad severity and an unknown top-level key are reported where they are', () => {
  const { problems } = parseConfigText(FILE, 'rules:\n  export-allowed: fatal\nrotaton: {}\n');
  const byMessage = Object.fromEntries(problems.map((p) => [p.message, p.loc.range.start.line]));
  assert.equal(byMessage['rules.export-allowed must be one of "off", "info", "warning", "error".'], 1);
  assert.equal(byMessage['Unknown setting "rotaton" in config.'], 2);
});

test('invalid YAML is a problem, not a silent fallback', () => {
  const { config, problems } = parseConfigText(FILE, 'rules: [\n');
  assert.equal(config, undefined);
  assert.equal(problems.length > 0 && problems[0].message.startsWith('Invalid YAML:'), true);
});
