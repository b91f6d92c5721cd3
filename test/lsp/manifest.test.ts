// The extension manifest agrees with the code: command ids the client registers, settings the
// server reads, rule ids, and files the contributions point at; the directive grammar matches
// what the engine parses.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/rules';
import { Commands } from '../../server/src/shared/customMessages';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../../server/src/shared/settings';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

describe('package.json contributions', () => {
  it('declare every command the client registers, under the KMS Lint category', () => {
    assert.deepEqual(contributes.commands.map((c: { command: string }) => c.command).sort(), Object.values(Commands).sort());
    assert.deepEqual(
      contributes.commands.filter((c: { command: string }) => c.command !== Commands.applyDisableLine).map((c: { category: string; title: string }) => `${c.category}: ${c.title}`),
      ['KMS Lint: Analyse Workspace', 'KMS Lint: Show Rule Documentation', 'KMS Lint: Recommend for This Workspace', 'KMS Lint: Restart Server'],
    );
    assert.deepEqual(contributes.menus.commandPalette, [{ command: Commands.applyDisableLine, when: 'false' }]);
  });

  it('declare the settings the server reads, with their defaults', () => {
    const properties = contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties).sort(), ['enable', 'run', 'rules', 'docsBaseUrl', 'trace.server'].map((k) => `${SETTINGS_SECTION}.${k}`).sort());
    assert.equal(properties['kmsLint.enable'].default, DEFAULT_SETTINGS.enable);
    assert.equal(properties['kmsLint.run'].default, DEFAULT_SETTINGS.run);
    assert.equal(properties['kmsLint.docsBaseUrl'].default, DEFAULT_SETTINGS.docsBaseUrl);
    assert.equal(properties['kmsLint.trace.server'].default, DEFAULT_SETTINGS.trace.server);
    assert.deepEqual(properties['kmsLint.rules'].propertyNames.enum, RULES.map((r) => r.meta.id));
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['kmsLint.docsBaseUrl']);
  });

  it('point at files that exist', () => {
    assert.equal(pkg.main, './client/out/extension.js', 'the esbuild bundle of client/src/extension.ts');
    const files = [
      ...contributes.languages.map((l: { configuration: string }) => l.configuration),
      ...contributes.grammars.map((g: { path: string }) => g.path),
      ...contributes.yamlValidation.map((v: { url: string }) => v.url),
    ];
    for (const file of files) assert.ok(fs.existsSync(path.join(ROOT, file)), `${file} exists`);
    assert.deepEqual(contributes.yamlValidation, [{ fileMatch: '.kms-lint.yaml', url: './schemas/kms-lint.schema.json' }]);
  });

  it('activate on the languages and workspaces kms-lint reads', () => {
    for (const event of ['onLanguage:terraform', 'onLanguage:go', 'onLanguage:shellscript', 'onLanguage:markdown', 'workspaceContains:**/*.tf', 'workspaceContains:**/.kms-lint.yaml']) {
      assert.ok(pkg.activationEvents.includes(event), event);
    }
  });
});

describe('suppression directive grammar', () => {
  const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes/kms-lint-directives.tmLanguage.json'), 'utf8'));
  const repo = grammar.repository;
  const begin = new RegExp(repo.directive.begin);
  const rule = new RegExp(repo.rule.match, 'g');
  const reason = new RegExp(repo.reason.begin);

  it('is injected into comments only', () => {
    assert.equal(grammar.injectionSelector, 'L:comment');
    assert.equal(grammar.scopeName, contributes.grammars[0].scopeName);
  });

  it('scopes the directive keyword, the rule ids and the reason', () => {
    const comment = '# kms-lint-disable-next-line export-allowed, rotation-schedule -- migration until 2027';
    const m = begin.exec(comment)!;
    assert.equal(m[1], 'kms-lint-disable-next-line');
    const rest = comment.slice(m.index + m[0].length);
    const reasonAt = reason.exec(rest)!;
    assert.deepEqual(rest.slice(0, reasonAt.index).match(rule), ['export-allowed', 'rotation-schedule']);
    assert.equal(rest.slice(reasonAt.index + reasonAt[0].length).trim(), 'migration until 2027');
    for (const directive of ['kms-lint-disable-line', 'kms-lint-disable-file']) assert.equal(begin.exec(`// ${directive} x`)?.[1], directive);
    assert.equal(begin.exec('<!-- kms-lint-disable-file x -->')?.[1], 'kms-lint-disable-file');
    assert.equal(begin.exec('# kms-lint-disable-nextline x'), null);
  });
});
