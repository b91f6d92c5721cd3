// "KMS Lint: Recommend for This Workspace": .vscode/extensions.json merged with comments kept,
// and a starter .kms-lint.yaml the engine accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STARTER_CONFIG, addRecommendation } from '../../client/src/recommendations';
import { parseConfigText } from '../../server/src/engine/config';

describe('addRecommendation', () => {
  it('creates the file', () => {
    assert.equal(addRecommendation(''), '{\n  "recommendations": [\n    "kms-lint.kms-lint"\n  ]\n}\n');
  });

  it('appends to the list, keeping comments and indentation', () => {
    const text = '{\n    // team extensions\n    "recommendations": [\n        // HCL\n        "hashicorp.terraform"\n    ]\n}\n';
    assert.equal(addRecommendation(text), '{\n    // team extensions\n    "recommendations": [\n        // HCL\n        "hashicorp.terraform",\n        "kms-lint.kms-lint"\n    ]\n}\n');
  });

  it('adds the list when there is none', () => {
    const text = '{\n  "unwantedRecommendations": []\n}\n';
    assert.equal(addRecommendation(text), '{\n  "unwantedRecommendations": [],\n  "recommendations": [\n    "kms-lint.kms-lint"\n  ]\n}\n');
  });

  it('leaves a file that already recommends it alone', () => {
    assert.equal(addRecommendation('{ "recommendations": ["KMS-Lint.kms-lint"] }'), undefined);
  });

  it('refuses to rewrite a file that is not a JSON object', () => {
    assert.throws(() => addRecommendation('{ "recommendations": [ '), /not a valid JSON object/);
    assert.throws(() => addRecommendation('[]'), /not a valid JSON object/);
  });
});

describe('STARTER_CONFIG', () => {
  it('is a valid .kms-lint.yaml', () => {
    const parsed = parseConfigText('/ws/.kms-lint.yaml', STARTER_CONFIG);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.config, { rules: { 'export-allowed': 'error', 'rotation-schedule': 'warning' }, rotation: { maxDays: 365 } });
  });
});
