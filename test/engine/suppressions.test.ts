import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSuppressions } from '../../server/src/engine/suppressions';
import type { Comment } from '../../server/src/engine/types';

const at = (line: number, text: string, endLine = line): Comment => ({
  text,
  loc: { file: '/ws/a.tf', range: { start: { line, character: 0 }, end: { line: endLine, character: text.length } } },
});

test('next-line directive with several rules and a reason', () => {
  const [s] = parseSuppressions([at(3, '# kms-lint-disable-next-line export-allowed, rotation-schedule -- migration until Q3')]);
  assert.deepEqual({ scope: s.scope, rules: s.rules, reason: s.reason, targetLine: s.targetLine }, {
    scope: 'next-line', rules: ['export-allowed', 'rotation-schedule'], reason: 'migration until Q3', targetLine: 4,
  });
});

test('line, file and block comment syntaxes; closing tokens are not part of the reason', () => {
  const [line, file, html, block] = parseSuppressions([
    at(2, '// kms-lint-disable-line sensitive-logging -- debug build only'),
    at(0, '# kms-lint-disable-file byok-raw-material -- test vectors'),
    at(5, '<!-- kms-lint-disable-next-line export-allowed -- example of what not to do -->'),
    at(7, '/* kms-lint-disable-next-line rotation-schedule -- short-lived key */', 8),
  ]);
  assert.deepEqual([line.scope, line.targetLine, line.reason], ['line', 2, 'debug build only']);
  assert.deepEqual([file.scope, file.targetLine, file.rules], ['file', -1, ['byok-raw-material']]);
  assert.deepEqual([html.reason, html.targetLine], ['example of what not to do', 6]);
  assert.deepEqual([block.reason, block.targetLine], ['short-lived key', 9]);
});

test('a directive without reason or rules is still parsed (suppression-justification reports it)', () => {
  const [noReason, noRule] = parseSuppressions([at(1, '# kms-lint-disable-next-line export-allowed'), at(2, '# kms-lint-disable-line -- why')]);
  assert.equal(noReason.reason, undefined);
  assert.deepEqual(noRule.rules, []);
  assert.equal(noRule.reason, 'why');
});

test('comments that merely mention kms-lint are not directives', () => {
  assert.deepEqual(parseSuppressions([at(1, '# see kms-lint docs'), at(2, '# kms-lint-disabled is not a directive')]), []);
});
