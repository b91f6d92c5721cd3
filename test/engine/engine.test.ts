// The pipeline itself, with a stand-in extractor: configured severities, ignores, suppressions,
// skipped files and a failing extractor. Surfaces and rules have their own tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, emptyFacts, type SourceFile, type SurfaceExtractor } from '../../server/src/engine/engine';
import type { FactSet, KeyDefinition, Loc } from '../../server/src/engine/types';
import { known } from '../../server/src/engine/value';
import { RULES } from '../../server/src/rules';

const loc = (file: string, line: number, start = 0, end = 10): Loc => ({ file, range: { start: { line, character: start }, end: { line, character: end } } });

/** Treats every `*.fake` file as one key; a line `export` makes it exportable, `# …` lines are comments. */
function fakeKeys(file: SourceFile): FactSet {
  const facts = emptyFacts();
  const lines = file.text.split('\n');
  lines.forEach((text, line) => {
    if (text.startsWith('#')) facts.comments.push({ loc: loc(file.path, line, 0, text.length), text });
    if (text !== 'export') return;
    const absent = { present: false, value: known(false) };
    const key: KeyDefinition = {
      id: `${file.path}#${line}`, kind: 'resource', surface: 'terraform', loc: loc(file.path, line), nameLoc: loc(file.path, line),
      name: known('k'), region: known('nl-01'), keyType: known('aes256-gcm96'),
      exportAllowed: { present: true, value: known(true), loc: loc(file.path, line, 0, 6) },
      rotationEnabled: { present: true, value: known(true) }, rotationDays: { present: true, value: known(90) },
      importMaterial: { present: false, value: known({ kind: 'variable', name: 'none' }) }, allowRotation: absent,
      status: { present: false, value: known('active') }, scope: file.path, order: line,
    };
    facts.keys.push(key);
  });
  return facts;
}

function engine(extractor: Partial<SurfaceExtractor> = {}): Engine {
  const fake: SurfaceExtractor = {
    id: 'fake',
    accepts: (f) => f.endsWith('.fake'),
    extract: async (files) => files.map(fakeKeys).reduce((a, b) => ({ ...a, keys: [...a.keys, ...b.keys], comments: [...a.comments, ...b.comments] }), emptyFacts()),
    ...extractor,
  };
  return new Engine({ root: '/ws', extractors: [fake], rules: RULES });
}

const summary = (findings: { ruleId: string; severity: string; loc: Loc }[]) => findings.map((f) => `${f.ruleId}@${f.loc.range.start.line}:${f.severity}`);

test('a finding at the rule default severity', async () => {
  const e = engine();
  e.setFile('/ws/a.fake', 'export\n');
  assert.deepEqual(summary((await e.analyze()).findings), ['export-allowed@0:error']);
});

test('.kms-lint.yaml changes severity, turns a rule off and ignores files', async () => {
  const e = engine();
  e.setFile('/ws/a.fake', 'export\n');
  e.setFile('/ws/legacy/b.fake', 'export\n');
  e.setFile('/ws/.kms-lint.yaml', 'rules:\n  export-allowed: warning\nignore: ["legacy/**"]\n');
  assert.deepEqual(summary((await e.analyze()).findings), ['export-allowed@0:warning']);
  e.setFile('/ws/.kms-lint.yaml', 'rules:\n  export-allowed: off\n');
  assert.deepEqual(summary((await e.analyze()).findings), []);
});

test('editor settings apply, and a config file wins over them', async () => {
  const e = engine();
  e.setSettings({ rules: { 'export-allowed': 'info' } });
  e.setFile('/ws/a.fake', 'export\n');
  assert.deepEqual(summary((await e.analyze()).findings), ['export-allowed@0:info']);
  e.setFile('/ws/.kms-lint.yaml', 'rules:\n  export-allowed: error\n');
  assert.deepEqual(summary((await e.analyze()).findings), ['export-allowed@0:error']);
});

test('a broken config file is reported, with its position', async () => {
  const e = engine();
  e.setFile('/ws/.kms-lint.yaml', 'rules:\n  nope: error\n');
  const { configProblems } = await e.analyze();
  assert.deepEqual(configProblems.map((p) => [p.loc.file, p.loc.range.start.line, p.message]), [['/ws/.kms-lint.yaml', 1, 'Unknown rule id "nope".']]);
});

test('a suppression silences exactly one finding; a stale one is reported as unused', async () => {
  const e = engine();
  e.setFile('/ws/a.fake', '# kms-lint-disable-next-line export-allowed -- migration key\nexport\nexport\n# kms-lint-disable-next-line export-allowed -- stale\nok\n');
  const { findings } = await e.analyze();
  assert.deepEqual(summary(findings), ['export-allowed@2:error', 'suppression-justification@3:info']);
  assert.equal(findings[1].unnecessary, true);
  assert.equal(findings[1].message, 'Unused suppression: no export-allowed finding on the next line.');
});

test('a suppression without a reason is reported', async () => {
  const e = engine();
  e.setFile('/ws/a.fake', '# kms-lint-disable-next-line export-allowed\nexport\n');
  const { findings } = await e.analyze();
  assert.deepEqual(summary(findings), ['suppression-justification@0:warning']);
  assert.equal(findings[0].message, 'Suppression of export-allowed has no reason: add one after " -- ".');
});

test('binary and oversized files are skipped with a note; nothing throws', async () => {
  const e = engine();
  e.setFile('/ws/bin.fake', 'export\u0000\u0001');
  e.setFile('/ws/big.fake', 'x'.repeat(3 * 1024 * 1024));
  const { findings, notes } = await e.analyze();
  assert.deepEqual(findings, []);
  assert.deepEqual(notes.map((n) => [n.file, n.message]).sort(), [['/ws/big.fake', 'skipped: larger than 2 MB'], ['/ws/bin.fake', 'skipped: binary file']]);
});

test('an extractor that throws leaves a note and no crash', async () => {
  const e = engine({ extract: async () => { throw new Error('boom'); } });
  e.setFile('/ws/a.fake', 'export\n');
  const { findings, notes } = await e.analyze();
  assert.deepEqual(findings, []);
  assert.deepEqual(notes.map((n) => n.message), ['fake analysis failed: boom']);
});

test('only extractors whose files changed run again', async () => {
  let runs = 0;
  const e = engine({ extract: async (files) => { runs++; return files.map(fakeKeys)[0] ?? emptyFacts(); } });
  e.setFile('/ws/a.fake', 'export\n');
  await e.analyze();
  await e.analyze();
  e.setFile('/ws/other.txt', 'x');
  await e.analyze();
  assert.equal(runs, 1);
  e.setFile('/ws/a.fake', 'ok\n');
  assert.deepEqual((await e.analyze()).findings, []);
  assert.equal(runs, 2);
});

test('removing a file re-runs the extractor that read it, even if it produced nothing', async () => {
  let runs = 0;
  const e = engine({ extract: async (files) => { runs++; return files.some((f) => f.path.endsWith('vars.fake')) ? emptyFacts() : fakeKeys({ path: '/ws/a.fake', text: 'export\n' }); } });
  e.setFile('/ws/a.fake', 'ok\n');
  e.setFile('/ws/vars.fake', 'ok\n');
  assert.deepEqual((await e.analyze()).findings, []);
  e.removeFile('/ws/vars.fake');
  assert.deepEqual(summary((await e.analyze()).findings), ['export-allowed@0:error']);
  assert.equal(runs, 2);
});
