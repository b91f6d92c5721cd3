// The Terraform surface: what facts a user's .tf / .tfvars / .tf.json files turn into, with the
// exact ranges fixes edit and the traces findings explain themselves with.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { FactSet, KeyDefinition, KeyUse, Value } from '../../server/src/engine/types';
import { insertFields, remove, setField } from '../../server/src/engine/fieldWriter';
import { describeTrace } from '../../server/src/engine/value';
import { createTerraformExtractor, extractTerraformText } from '../../server/src/surfaces/terraform/extractTerraformFacts';
import { analyze, applyEdits } from '../helpers/ruleTester';
import { extract, textAt, where, WS } from './surfaceTestUtils';

type Files = Record<string, string>;

function facts(files: Files): Promise<FactSet> {
  return extract(createTerraformExtractor(), files);
}

function fixtureFiles(name: string): Files {
  const dir = path.join(__dirname, '..', 'fixtures', 'terraform', name);
  const files: Files = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(relative);
      else files[relative] = fs.readFileSync(path.join(dir, relative), 'utf8');
    }
  };
  walk('');
  return files;
}

function key(set: FactSet, address: string): KeyDefinition {
  const found = set.keys.filter((k) => k.address === address);
  assert.equal(found.length, 1, `one key ${address}; have ${set.keys.map((k) => k.address).join(', ')}`);
  return found[0];
}

function use(set: FactSet, consumer: string): KeyUse {
  const found = set.uses.filter((u) => u.consumer === consumer);
  assert.equal(found.length, 1, `one use by ${consumer}; have ${set.uses.map((u) => u.consumer).join(', ')}`);
  return found[0];
}

/** A value as the tests read it: the value or `?reason`, then the resolution lines rules show. */
function shown(v: Value<unknown> | undefined): { value: unknown; trace: string[] } {
  if (!v) return { value: undefined, trace: [] };
  return { value: v.known ? v.value : `?${v.reason}`, trace: describeTrace(v) };
}

function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}

describe('terraform: literal attributes', () => {
  const main = lines(
    'resource "thalassa_kms_key" "main" {',
    '  name                    = "payments"',
    '  region                  = "nl-01"',
    '  key_type                = "aes256-gcm96"',
    '  export_allowed          = true',
    '  key_rotation_enabled    = true',
    '  rotation_period_in_days = 90',
    '  allow_rotation          = false',
    '  status                  = "disabled"',
    '}',
  );

  it('reads every key field with its value, and the ranges fixes edit', async () => {
    const k = key(await facts({ 'main.tf': main }), 'thalassa_kms_key.main');
    assert.equal(k.kind, 'resource');
    assert.equal(k.surface, 'terraform');
    assert.equal(k.id, `terraform:${WS}:thalassa_kms_key.main@${WS}/main.tf:0`);
    assert.deepEqual(
      [k.name, k.region, k.keyType].map(shown),
      [
        { value: 'payments', trace: [] },
        { value: 'nl-01', trace: [] },
        { value: 'aes256-gcm96', trace: [] },
      ],
    );
    assert.deepEqual(
      [k.exportAllowed, k.rotationEnabled, k.rotationDays, k.allowRotation, k.status].map((a) => [a.present, shown(a.value).value]),
      [
        [true, true],
        [true, true],
        [true, 90],
        [true, false],
        [true, 'disabled'],
      ],
    );
    assert.equal(where(k.loc), 'main.tf:1:1-1:37');
    assert.equal(textAt(main, k.loc), 'resource "thalassa_kms_key" "main" {');
    assert.equal(textAt(main, k.nameLoc), '"thalassa_kms_key" "main"');
    assert.equal(where(k.regionLoc), 'main.tf:3:29-3:36');
    assert.equal(where(k.exportAllowed.loc), 'main.tf:5:3-5:33');
    assert.equal(textAt(main, k.exportAllowed.loc), 'export_allowed          = true');
    assert.equal(where(k.exportAllowed.valueLoc), 'main.tf:5:29-5:33');
    assert.equal(where(k.exportAllowed.removeLoc), 'main.tf:5:1-6:1');
    assert.equal(k.scope, `terraform:${WS}`);
    assert.equal(k.order, 0);
  });

  it('writes new attributes at the start of the closing-brace line, indented like the others', async () => {
    const k = key(await facts({ 'main.tf': main }), 'thalassa_kms_key.main');
    assert.deepEqual(k.writer, { style: 'hcl', insertAt: { file: `${WS}/main.tf`, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } } }, before: '  ', after: '\n' });
    const edit = insertFields(k.writer!, [['allowRotation', true]]);
    assert.equal(applyEdits(main, [edit]).split('\n').slice(8, 11).join('\n'), '  status                  = "disabled"\n  allow_rotation = true\n}');
  });

  it('removes an attribute with its whole line, and replaces only the value', async () => {
    const k = key(await facts({ 'main.tf': main }), 'thalassa_kms_key.main');
    assert.equal(applyEdits(main, [remove(k.exportAllowed)!]), main.replace('  export_allowed          = true\n', ''));
    assert.equal(applyEdits(main, [setField(k.writer, k.exportAllowed, 'exportAllowed', false)!]), main.replace('= true\n  key_rotation', '= false\n  key_rotation'));
  });

  it('gives absent attributes their provider defaults, and leaves the rotation period unknown', async () => {
    const k = key(await facts({ 'main.tf': lines('resource "thalassa_kms_key" "bare" {', '  region = "nl-01"', '}') }), 'thalassa_kms_key.bare');
    assert.deepEqual(
      [k.exportAllowed, k.rotationEnabled, k.allowRotation, k.status, k.rotationDays, k.importMaterial].map((a) => [a.present, shown(a.value), a.loc, a.valueLoc]),
      [
        [false, { value: false, trace: ['export_allowed is not set (default false)'] }, undefined, undefined],
        [false, { value: false, trace: ['key_rotation_enabled is not set (default false)'] }, undefined, undefined],
        [false, { value: false, trace: ['allow_rotation is not set (default false)'] }, undefined, undefined],
        [false, { value: 'active', trace: ['status is not set (default "active")'] }, undefined, undefined],
        [false, { value: '?not set', trace: [] }, undefined, undefined],
        [false, { value: '?import_key_material is not set', trace: [] }, undefined, undefined],
      ],
    );
    assert.deepEqual(shown(k.name), { value: '?name is not set', trace: [] });
  });

  it('detects tab indentation, opens up an empty one-line block, and gives no writer to a one-line block with an attribute', async () => {
    const text = lines('resource "thalassa_kms_key" "tabs" {', '\tregion = "nl-01"', '}', 'resource "thalassa_kms_key" "empty" {}', 'resource "thalassa_kms_key" "one" { region = "nl-01" }');
    const set = await facts({ 'main.tf': text });
    const tabs = key(set, 'thalassa_kms_key.tabs');
    assert.equal(tabs.writer?.before, '\t');
    const empty = key(set, 'thalassa_kms_key.empty');
    const opened = applyEdits(text, [insertFields(empty.writer!, [['rotationEnabled', true], ['rotationDays', 90]])]);
    assert.equal(opened.split('\n').slice(3, 8).join('\n'), 'resource "thalassa_kms_key" "empty" {\n  key_rotation_enabled = true\n\n  rotation_period_in_days = 90\n}');
    assert.equal(key(set, 'thalassa_kms_key.one').writer, undefined);
    // The one-line block's attribute is not alone on its line: removing it keeps the block.
    assert.equal(key(set, 'thalassa_kms_key.one').exportAllowed.removeLoc, undefined);
  });

  it('keeps CRLF line breaks when it removes or adds a line', async () => {
    const text = 'resource "thalassa_kms_key" "k" {\r\n  region         = "nl-01"\r\n  export_allowed = true\r\n}\r\n';
    const k = key(await facts({ 'main.tf': text }), 'thalassa_kms_key.k');
    assert.equal(applyEdits(text, [remove(k.exportAllowed)!]), 'resource "thalassa_kms_key" "k" {\r\n  region         = "nl-01"\r\n}\r\n');
    assert.equal(
      applyEdits(text, [insertFields(k.writer!, [['rotationEnabled', true]])]),
      'resource "thalassa_kms_key" "k" {\r\n  region         = "nl-01"\r\n  export_allowed = true\r\n  key_rotation_enabled = true\r\n}\r\n',
    );
  });

  it('removes an attribute together with its trailing comment', async () => {
    const text = lines('resource "thalassa_kms_key" "k" {', '  export_allowed = true # needed for the migration', '  labels = { a = "b" }', '}');
    const k = key(await facts({ 'main.tf': text }), 'thalassa_kms_key.k');
    assert.equal(where(k.exportAllowed.removeLoc), 'main.tf:2:1-3:1');
  });

  it('reads strings with escapes, heredocs and numbers written as strings', async () => {
    const text = lines(
      'resource "thalassa_kms_key" "k" {',
      '  name                    = "a\\"b\\u00e9 $${x}"',
      '  key_type                = <<-EOT',
      '    aes256-gcm96',
      '  EOT',
      '  rotation_period_in_days = "30"',
      '  export_allowed          = "false"',
      '}',
    );
    const k = key(await facts({ 'main.tf': text }), 'thalassa_kms_key.k');
    assert.equal(shown(k.name).value, 'a"bé ${x}');
    assert.equal(shown(k.keyType).value, 'aes256-gcm96\n');
    assert.equal(shown(k.rotationDays.value).value, 30);
    assert.equal(shown(k.exportAllowed.value).value, false);
  });
});

describe('terraform: variables and locals', () => {
  const variables = lines('variable "allow_export" {', '  type    = bool', '  default = false', '}', '', 'variable "region" {', '  default = "nl-01"', '}');
  const main = lines('resource "thalassa_kms_key" "k" {', '  region         = var.region', '  export_allowed = var.allow_export', '}');

  it('uses a variable default, tracing it to the default line', async () => {
    const k = key(await facts({ 'variables.tf': variables, 'main.tf': main }), 'thalassa_kms_key.k');
    assert.deepEqual(shown(k.exportAllowed.value), { value: false, trace: ['var.allow_export = false (variables.tf:3)'] });
    assert.equal(where(k.exportAllowed.value.trace[0].loc), 'variables.tf:3:3-3:18');
    assert.deepEqual(shown(k.region), { value: 'nl-01', trace: ['var.region = "nl-01" (variables.tf:7)'] });
    assert.equal(textAt(main, k.exportAllowed.valueLoc), 'var.allow_export');
  });

  it('lets terraform.tfvars override the default', async () => {
    const set = await facts({ 'variables.tf': variables, 'main.tf': main, 'terraform.tfvars': lines('# set for this workspace', 'allow_export = true') });
    const k = key(set, 'thalassa_kms_key.k');
    assert.deepEqual(shown(k.exportAllowed.value), { value: true, trace: ['var.allow_export = true (terraform.tfvars:2)'] });
    assert.equal(where(k.exportAllowed.value.trace[0].loc), 'terraform.tfvars:2:1-2:20');
  });

  it('applies *.auto.tfvars after terraform.tfvars in lexical order, and ignores tfvars Terraform does not load', async () => {
    const set = await facts({
      'variables.tf': variables,
      'main.tf': main,
      'terraform.tfvars': 'region = "nl-02"\nallow_export = true\n',
      'b.auto.tfvars': 'region = "nl-04"\n',
      'a.auto.tfvars': 'region = "nl-03"\nallow_export = false\n',
      'prod.tfvars': 'region = "nl-09"\n',
    });
    const k = key(set, 'thalassa_kms_key.k');
    assert.deepEqual(shown(k.region), { value: 'nl-04', trace: ['var.region = "nl-04" (b.auto.tfvars:1)'] });
    assert.deepEqual(shown(k.exportAllowed.value), { value: false, trace: ['var.allow_export = false (a.auto.tfvars:2)'] });
  });

  it('reads terraform.tfvars.json', async () => {
    const set = await facts({ 'variables.tf': variables, 'main.tf': main, 'terraform.tfvars.json': '{\n  "region": "nl-05"\n}\n' });
    assert.deepEqual(shown(key(set, 'thalassa_kms_key.k').region), { value: 'nl-05', trace: ['var.region = "nl-05" (terraform.tfvars.json:2)'] });
  });

  it('follows locals through variables, templates, conditionals and functions, one trace step per hop', async () => {
    const text = lines(
      'variable "env" { default = "Prod" }',
      'locals {',
      '  env      = lower(var.env)',
      '  is_prod  = local.env == "prod"',
      '  regions  = { prod = "nl-01", staging = "nl-02" }',
      '  region   = local.regions[local.env]',
      '  name     = format("%s-%d", local.env, 7)',
      '  export   = var.env != "" ? true : false',
      '  rotation = true ? 90 : 30',
      '}',
      'resource "thalassa_kms_key" "k" {',
      '  name                    = "key-${local.name}"',
      '  region                  = local.region',
      '  export_allowed          = local.export',
      '  rotation_period_in_days = local.rotation',
      '}',
    );
    const k = key(await facts({ 'main.tf': text }), 'thalassa_kms_key.k');
    assert.deepEqual(shown(k.name), { value: 'key-prod-7', trace: ['local.name = "prod-7" (main.tf:7)', 'local.env = "prod" (main.tf:3)', 'var.env = "Prod" (main.tf:1)'] });
    assert.deepEqual(shown(k.region), {
      value: 'nl-01',
      trace: ['local.region = "nl-01" (main.tf:6)', 'local.regions[local.env] = "nl-01" (main.tf:5)', 'local.env = "prod" (main.tf:3)', 'var.env = "Prod" (main.tf:1)'],
    });
    // Operators are not evaluated: unknown, so rules stay silent.
    assert.deepEqual(shown(k.exportAllowed.value), { value: '?condition is not known: an operator expression is not evaluated', trace: ['local.export (main.tf:8)'] });
    assert.deepEqual(shown(k.rotationDays.value), { value: 90, trace: ['local.rotation = 90 (main.tf:9)'] });
  });

  it('keeps values it cannot decide unknown, with the reason', async () => {
    const text = lines(
      'variable "region" {}',
      'module "remote" {',
      '  source = "app.terraform.io/acme/kms/thalassa"',
      '}',
      'resource "thalassa_kms_key" "a" {',
      '  region         = var.region',
      '  name           = module.remote.key_name',
      '  key_type       = [for t in ["aes256-gcm96"] : t][0]',
      '  export_allowed = terraform.workspace == "prod"',
      '  status         = replace("x", "x", "y")',
      '}',
    );
    const k = key(await facts({ 'main.tf': text }), 'thalassa_kms_key.a');
    assert.deepEqual(shown(k.region), { value: '?var.region has no default and not set in terraform.tfvars or *.auto.tfvars', trace: ['var.region (main.tf:1)'] });
    assert.deepEqual(shown(k.name), {
      value: '?outputs of module "remote" (app.terraform.io/acme/kms/thalassa) are not known: it is not in the workspace',
      trace: ['module.remote.key_name'],
    });
    assert.equal(shown(k.keyType).value, '?a for expression is not evaluated');
    assert.equal(shown(k.exportAllowed.value).value, '?an operator expression is not evaluated');
    assert.equal(shown(k.status.value).value, '?function replace() is not evaluated');
  });

  it('treats names that are also JavaScript object members as plain names', async () => {
    const set = await facts({
      'main.tf': lines('resource "toString" "x" {}', 'resource "thalassa_kms_key" "constructor" {', '  region = constructor("x")', '}'),
      'extra.tf.json': '{"constructor": {"a": {}}, "resource": {"thalassa_kms_key": {"__proto__": {"region": "nl-01"}}}}',
    });
    assert.deepEqual(
      set.keys.map((k) => [k.address, shown(k.region).value]),
      [
        ['thalassa_kms_key.__proto__', 'nl-01'],
        ['thalassa_kms_key.constructor', '?function constructor() is not evaluated'],
      ],
    );
  });

  it('never shows a sensitive variable in a trace', async () => {
    const text = lines('variable "region" {', '  default   = "nl-01"', '  sensitive = true', '}', 'resource "thalassa_kms_key" "a" {', '  region = var.region', '}');
    const k = key(await facts({ 'main.tf': text }), 'thalassa_kms_key.a');
    assert.deepEqual(shown(k.region), { value: 'nl-01', trace: ['var.region (literal, 5 chars) (main.tf:2)'] });
  });
});

describe('terraform: references between blocks', () => {
  it('resolves kms_key_id to the key resource and reads its region', async () => {
    const text = lines(
      'resource "thalassa_kms_key" "app" {',
      '  name   = "app"',
      '  region = "nl-01"',
      '}',
      '',
      'resource "thalassa_secret" "db" {',
      '  region     = thalassa_kms_key.app.region',
      '  path       = "/app/prod/db/password"',
      '  kms_key_id = thalassa_kms_key.app.id',
      '}',
    );
    const set = await facts({ 'main.tf': text });
    const k = key(set, 'thalassa_kms_key.app');
    const u = use(set, 'thalassa_secret.db');
    assert.equal(u.purpose, 'secret');
    assert.deepEqual(u.key, { known: true, value: { defId: k.id, address: 'thalassa_kms_key.app' }, trace: [{ label: 'thalassa_kms_key.app.id', loc: k.loc }] });
    assert.deepEqual(shown(u.region), { value: 'nl-01', trace: ['thalassa_kms_key.app.region = "nl-01" (main.tf:3)'] });
    assert.equal(textAt(text, u.keyLoc), 'thalassa_kms_key.app.id');
    assert.equal(textAt(text, u.regionLoc), 'thalassa_kms_key.app.region');
    assert.equal(textAt(text, u.nameLoc), 'kms_key_id');
    assert.equal(textAt(text, u.loc), 'resource "thalassa_secret" "db" {');
    assert.deepEqual(shown(u.environment), { value: 'prod', trace: ['path = "/app/prod/db/password" (main.tf:8)'] });
    assert.equal(u.inLoop, false);
    assert.equal(u.scope, `terraform:${WS}`);
    assert.equal(u.order, text.indexOf('resource "thalassa_secret"'));
    assert.deepEqual(u.regionWriter, { style: 'hcl', insertAt: { file: `${WS}/main.tf`, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } } }, before: '  ', after: '\n' });
  });

  it('takes a literal key identity or name as text, and a DNSSEC zone without kms_key_id as no use', async () => {
    const text = lines(
      'resource "thalassa_secret" "s" {',
      '  region     = "nl-01"',
      '  path       = "/s"',
      '  kms_key_id = "kms-abc123"',
      '}',
      'resource "thalassa_dns_zone_dnssec" "auto" {',
      '  zone_id = "zone-1"',
      '  region  = "nl-01"',
      '}',
      'resource "thalassa_dns_zone_dnssec" "own" {',
      '  zone_id    = "zone-2"',
      '  region     = "nl-01"',
      '  kms_key_id = "dnssec-signing"',
      '}',
    );
    const set = await facts({ 'main.tf': text });
    assert.deepEqual(
      set.uses.map((u) => [u.consumer, u.purpose, shown(u.key).value]),
      [
        ['thalassa_secret.s', 'secret', { text: 'kms-abc123' }],
        ['thalassa_dns_zone_dnssec.own', 'dnssec', { text: 'dnssec-signing' }],
      ],
    );
  });

  it('reads a data source: identity from id, nothing about rotation or export', async () => {
    const text = lines(
      'data "thalassa_kms_key" "shared" {',
      '  region = "nl-02"',
      '  id     = "kms-abc123"',
      '}',
      'resource "thalassa_dns_zone_dnssec" "zone" {',
      '  zone_id    = "zone-1"',
      '  region     = data.thalassa_kms_key.shared.region',
      '  kms_key_id = data.thalassa_kms_key.shared.id',
      '}',
    );
    const set = await facts({ 'main.tf': text });
    const d = key(set, 'data.thalassa_kms_key.shared');
    assert.equal(d.kind, 'data');
    assert.deepEqual(shown(d.identity), { value: 'kms-abc123', trace: [] });
    assert.deepEqual(shown(d.name), { value: '?the data source looks the key up by id', trace: [] });
    assert.equal(shown(d.region).value, 'nl-02');
    for (const attr of [d.exportAllowed, d.rotationEnabled, d.rotationDays, d.importMaterial, d.allowRotation, d.status]) {
      assert.deepEqual([attr.present, shown(attr.value).value], [false, '?read from the existing key']);
    }
    assert.equal(shown(d.keyType).value, '?read from the existing key');
    assert.equal(d.writer, undefined);
    assert.equal(textAt(text, d.nameLoc), '"thalassa_kms_key" "shared"');
    const u = use(set, 'thalassa_dns_zone_dnssec.zone');
    assert.equal(u.purpose, 'dnssec');
    assert.deepEqual(shown(u.key).value, { defId: d.id, address: 'data.thalassa_kms_key.shared' });
    assert.deepEqual(shown(u.region), { value: 'nl-02', trace: ['data.thalassa_kms_key.shared.region = "nl-02" (main.tf:2)'] });
  });

  it('reads a data source looked up by name', async () => {
    const text = lines('data "thalassa_kms_key" "byname" {', '  region = "nl-01"', '  name   = "prod-secrets"', '}');
    const d = key(await facts({ 'main.tf': text }), 'data.thalassa_kms_key.byname');
    assert.deepEqual([shown(d.name).value, d.identity, shown(d.environment)], ['prod-secrets', undefined, { value: 'prod', trace: ['name = "prod-secrets" (main.tf:3)'] }]);
  });

  it('makes one key per for_each entry and resolves an indexed reference to that instance', async () => {
    const text = lines(
      'variable "keys" {',
      '  default = {',
      '    prod    = { region = "nl-01", rotate = true }',
      '    staging = { region = "nl-02", rotate = false }',
      '  }',
      '}',
      'resource "thalassa_kms_key" "k" {',
      '  for_each             = var.keys',
      '  name                 = "orders-${each.key}"',
      '  region               = each.value.region',
      '  key_rotation_enabled = each.value.rotate',
      '}',
      'resource "thalassa_secret" "orders" {',
      '  region     = thalassa_kms_key.k["prod"].region',
      '  path       = "/orders/token"',
      '  kms_key_id = thalassa_kms_key.k["prod"].id',
      '}',
    );
    const set = await facts({ 'main.tf': text });
    assert.deepEqual(
      set.keys.map((k) => [k.address, shown(k.name).value, shown(k.region), shown(k.rotationEnabled.value).value, shown(k.environment).value]),
      [
        ['thalassa_kms_key.k["prod"]', 'orders-prod', { value: 'nl-01', trace: ['each.value.region = "nl-01" (main.tf:3)'] }, true, 'prod'],
        ['thalassa_kms_key.k["staging"]', 'orders-staging', { value: 'nl-02', trace: ['each.value.region = "nl-02" (main.tf:4)'] }, false, 'staging'],
      ],
    );
    const prod = key(set, 'thalassa_kms_key.k["prod"]');
    assert.equal(textAt(text, prod.region.trace[0].loc), 'region = "nl-01"');
    assert.equal(where(prod.region.trace[0].loc), 'main.tf:3:17-3:33');
    assert.notEqual(prod.id, key(set, 'thalassa_kms_key.k["staging"]').id);
    const u = use(set, 'thalassa_secret.orders');
    assert.deepEqual(shown(u.key).value, { defId: prod.id, address: 'thalassa_kms_key.k["prod"]' });
    assert.deepEqual(shown(u.region), {
      value: 'nl-01',
      trace: ['thalassa_kms_key.k["prod"].region = "nl-01" (main.tf:10)', 'each.value.region = "nl-01" (main.tf:3)'],
    });
  });

  it('makes one key per for_each set element', async () => {
    const text = lines('resource "thalassa_kms_key" "k" {', '  for_each = toset(["prod", "dev", "prod"])', '  name     = each.value', '}');
    assert.deepEqual(
      (await facts({ 'main.tf': text })).keys.map((k) => [k.address, shown(k.name).value]),
      [
        ['thalassa_kms_key.k["prod"]', 'prod'],
        ['thalassa_kms_key.k["dev"]', 'dev'],
      ],
    );
  });

  it('makes one key per count index', async () => {
    const text = lines(
      'resource "thalassa_kms_key" "k" {',
      '  count  = 2',
      '  name   = "shard-${count.index}"',
      '  region = "nl-01"',
      '}',
      'resource "thalassa_secret" "s" {',
      '  region     = "nl-01"',
      '  path       = "/s"',
      '  kms_key_id = thalassa_kms_key.k[1].id',
      '}',
    );
    const set = await facts({ 'main.tf': text });
    assert.deepEqual(
      set.keys.map((k) => [k.address, shown(k.name)]),
      [
        ['thalassa_kms_key.k[0]', { value: 'shard-0', trace: ['count.index = 0 (main.tf:2)'] }],
        ['thalassa_kms_key.k[1]', { value: 'shard-1', trace: ['count.index = 1 (main.tf:2)'] }],
      ],
    );
    assert.equal((shown(use(set, 'thalassa_secret.s').key).value as { defId: string }).defId, key(set, 'thalassa_kms_key.k[1]').id);
  });

  it('keeps a block whose count or for_each is unknown, with each/count unknown', async () => {
    const text = lines('variable "n" {}', 'resource "thalassa_kms_key" "k" {', '  count  = var.n', '  name   = "k-${count.index}"', '  region = "nl-01"', '}');
    const set = await facts({ 'main.tf': text });
    const k = key(set, 'thalassa_kms_key.k');
    assert.equal(shown(k.name).value, '?count is not known: var.n has no default and not set in terraform.tfvars or *.auto.tfvars');
    assert.equal(shown(k.region).value, 'nl-01');
  });

  it('picks, of blocks repeated with one address (documentation snippets), the one before the reference', async () => {
    const text = lines(
      'resource "thalassa_kms_key" "k" { region = "nl-01" }',
      'resource "thalassa_secret" "a" {',
      '  region     = "nl-01"',
      '  path       = "/a"',
      '  kms_key_id = thalassa_kms_key.k.id',
      '}',
      'resource "thalassa_kms_key" "k" { region = "nl-02" }',
      'resource "thalassa_secret" "b" {',
      '  region     = "nl-01"',
      '  path       = "/b"',
      '  kms_key_id = thalassa_kms_key.k.id',
      '}',
    );
    const set = await facts({ 'main.tf': text });
    const [first, second] = set.keys;
    assert.notEqual(first.id, second.id);
    assert.deepEqual(
      set.uses.map((u) => (shown(u.key).value as { defId: string }).defId),
      [first.id, second.id],
    );
  });
});

describe('terraform: modules', () => {
  it('evaluates a local child module with the call arguments, and reads its outputs in the root', async () => {
    const files = fixtureFiles('child-module');
    const set = await facts(files);
    assert.deepEqual(
      set.keys.map((k) => k.address),
      ['module.kms.thalassa_kms_key.this'],
      'the child folder is not evaluated again as a root of its own',
    );
    const k = set.keys[0];
    assert.equal(k.loc.file, `${WS}/modules/kms/main.tf`);
    assert.equal(textAt(files['modules/kms/main.tf'], k.loc), 'resource "thalassa_kms_key" "this" {');
    assert.equal(k.scope, `terraform:${WS}:module.kms`);
    assert.deepEqual(shown(k.name), { value: 'payments-key', trace: ['var.key_name = "payments" (main.tf:4)'] });
    assert.equal(where(k.name.trace[0].loc), 'main.tf:4:3-4:27');
    assert.deepEqual(shown(k.region), { value: 'nl-02', trace: ['var.region = "nl-02" (main.tf:5)', 'var.region = "nl-02" (terraform.tfvars:1)'] });
    // The child's own terraform.tfvars is not loaded, the call's argument wins over the default.
    assert.deepEqual(shown(k.rotationDays.value), { value: 90, trace: ['var.rotate_days = 90 (main.tf:6)'] });
    assert.equal(textAt(files['modules/kms/main.tf'], k.rotationDays.valueLoc), 'var.rotate_days');

    const u = use(set, 'thalassa_secret.db');
    assert.deepEqual(u.key, {
      known: true,
      value: { defId: k.id, address: 'module.kms.thalassa_kms_key.this' },
      trace: [
        { label: 'module.kms.key_id = module.kms.thalassa_kms_key.this.id', loc: { file: `${WS}/modules/kms/outputs.tf`, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 34 } } } },
        { label: 'thalassa_kms_key.this.id', loc: k.loc },
      ],
    });
    assert.deepEqual(shown(u.region), {
      value: 'nl-02',
      trace: ['module.kms.region = "nl-02" (outputs.tf:6)', 'thalassa_kms_key.this.region = "nl-02" (main.tf:3)', 'var.region = "nl-02" (main.tf:5)', 'var.region = "nl-02" (terraform.tfvars:1)'],
    });
  });

  it('evaluates a shared module once per calling root, with the folder as environment', async () => {
    const set = await facts(fixtureFiles('environments'));
    assert.deepEqual(
      set.keys.map((k) => [k.address, k.scope, shown(k.name).value, shown(k.environment)]),
      [
        ['module.key.thalassa_kms_key.k', `terraform:${WS}/envs/prod:module.key`, 'orders-prod', { value: 'prod', trace: ['name = "orders-prod" (main.tf:6)', 'var.name = "orders-prod" (main.tf:3)'] }],
        ['module.key.thalassa_kms_key.k', `terraform:${WS}/envs/staging:module.key`, 'orders-staging', { value: 'staging', trace: ['name = "orders-staging" (main.tf:6)', 'var.name = "orders-staging" (main.tf:3)'] }],
      ],
    );
    assert.deepEqual(
      set.uses.map((u) => [u.consumer, (shown(u.key).value as { defId: string }).defId, shown(u.environment)]),
      [
        ['thalassa_secret.orders', set.keys[0].id, { value: 'prod', trace: ['folder envs/prod'] }],
        ['thalassa_secret.orders', set.keys[1].id, { value: 'staging', trace: ['folder envs/staging'] }],
      ],
    );
  });

  it('addresses instances of a module with for_each', async () => {
    const set = await facts({
      'main.tf': lines('module "kms" {', '  for_each = toset(["a", "b"])', '  source   = "./kms"', '  name     = each.key', '}', 'output "a" { value = module.kms["a"].id }'),
      'kms/main.tf': lines('variable "name" {}', 'resource "thalassa_kms_key" "k" { name = var.name }', 'output "id" { value = thalassa_kms_key.k.id }'),
    });
    assert.deepEqual(
      set.keys.map((k) => [k.address, shown(k.name).value]),
      [
        ['module.kms["a"].thalassa_kms_key.k', 'a'],
        ['module.kms["b"].thalassa_kms_key.k', 'b'],
      ],
    );
  });

  it('stops at a module cycle', async () => {
    const set = await facts({
      'main.tf': lines('module "a" {', '  source = "./a"', '}'),
      'a/main.tf': lines('module "b" {', '  source = "../b"', '}', 'resource "thalassa_kms_key" "ka" { region = module.b.region }'),
      'b/main.tf': lines('module "a" {', '  source = "../a"', '}', 'resource "thalassa_kms_key" "kb" { region = "nl-01" }', 'output "region" { value = module.a.missing }'),
    });
    assert.deepEqual(
      set.keys.map((k) => [k.address, shown(k.region).value]),
      [
        ['module.a.module.b.thalassa_kms_key.kb', 'nl-01'],
        ['module.a.thalassa_kms_key.ka', '?module "a" calls itself (module cycle)'],
      ],
    );
  });

  it('only evaluates module trees that mention thalassa_', async () => {
    const set = await facts({
      'app/main.tf': 'resource "aws_kms_key" "k" {\n  description = "not ours"\n}\n',
      'app/broken.tf': 'resource "aws_s3_bucket" "b" {\n',
    });
    assert.deepEqual(set, { keys: [], uses: [], prints: [], comments: [], notes: [] });
  });

  it('prefers x.tofu over x.tf in one folder (OpenTofu)', async () => {
    const set = await facts({
      'main.tf': 'resource "thalassa_kms_key" "k" { region = "nl-01" }\n',
      'main.tofu': 'resource "thalassa_kms_key" "k" { region = "nl-02" }\n',
    });
    assert.deepEqual(set.keys.map((k) => [k.loc.file, shown(k.region).value]), [[`${WS}/main.tofu`, 'nl-02']]);
  });
});

describe('terraform: import_key_material', () => {
  it('classifies literal, file and variable material without putting the material in traces', async () => {
    const material = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ+A==';
    const text = lines(
      'variable "material" {}',
      `variable "inline" { default = "${material}" }`,
      'locals { key_file = "keys/raw.bin" }',
      'resource "thalassa_kms_key" "literal" {',
      `  import_key_material = var.inline`,
      '}',
      'resource "thalassa_kms_key" "file" {',
      '  import_key_material = filebase64(local.key_file)',
      '}',
      'resource "thalassa_kms_key" "variable" {',
      '  import_key_material = var.material',
      '}',
      'resource "thalassa_kms_key" "direct" {',
      `  import_key_material = "${material}"`,
      '}',
    );
    const set = await facts({ 'main.tf': text });
    assert.deepEqual(shown(key(set, 'thalassa_kms_key.literal').importMaterial.value), { value: { kind: 'literal', text: material }, trace: ['var.inline (literal, 44 chars) (main.tf:2)'] });
    assert.deepEqual(shown(key(set, 'thalassa_kms_key.file').importMaterial.value), {
      value: { kind: 'file', path: 'keys/raw.bin', reader: 'filebase64' },
      trace: ['local.key_file = "keys/raw.bin" (main.tf:3)'],
    });
    assert.deepEqual(shown(key(set, 'thalassa_kms_key.variable').importMaterial.value), { value: { kind: 'variable', name: 'material' }, trace: ['var.material (main.tf:1)'] });
    const direct = key(set, 'thalassa_kms_key.direct').importMaterial;
    assert.deepEqual([direct.present, shown(direct.value)], [true, { value: { kind: 'literal', text: material }, trace: [] }]);
    assert.equal(where(direct.valueLoc), 'main.tf:14:25-14:71');
    const everyLabel = JSON.stringify(set.keys.map((k) => k.importMaterial.value.trace));
    assert.ok(!everyLabel.includes(material.slice(0, 10)), everyLabel);
  });
});

describe('terraform: environments', () => {
  it('reads the environment from labels, the instance key, the block name and envs/ folders', async () => {
    const set = await facts({
      'svc/main.tf': lines(
        'resource "thalassa_kms_key" "a" {',
        '  name   = "app"',
        '  labels = { environment = "production" }',
        '}',
        'resource "thalassa_kms_key" "staging" {',
        '  name = "app"',
        '}',
        'resource "thalassa_kms_key" "plain" {',
        '  name = "app"',
        '}',
      ),
      'environments/qa/main.tf': 'resource "thalassa_kms_key" "k" {\n  name = "app"\n}\n',
    });
    assert.deepEqual(
      set.keys.map((k) => [k.address, shown(k.environment)]),
      [
        ['thalassa_kms_key.k', { value: 'qa', trace: ['folder environments/qa'] }],
        ['thalassa_kms_key.a', { value: 'prod', trace: ['labels.environment = "production" (main.tf:3)'] }],
        ['thalassa_kms_key.staging', { value: 'staging', trace: ['thalassa_kms_key.staging (main.tf:5)'] }],
        ['thalassa_kms_key.plain', { value: undefined, trace: [] }],
      ],
    );
  });

  it('names environments of sibling folders, but never from folders above the Terraform code', async () => {
    const set = await facts({
      'prod/main.tf': 'resource "thalassa_kms_key" "k" {\n  name = "app"\n}\n',
      'dev/main.tf': 'resource "thalassa_kms_key" "k" {\n  name = "app"\n}\n',
    });
    assert.deepEqual(set.keys.map((k) => shown(k.environment).value), ['dev', 'prod']);
    const alone = await extract(createTerraformExtractor(), { 'dev/project/main.tf': 'resource "thalassa_kms_key" "k" {\n  name = "app"\n}\n' });
    assert.equal(alone.keys[0].environment, undefined);
  });
});

describe('terraform: half-typed files', () => {
  const text = lines(
    'resource "thalassa_kms_key" "typing" {',
    '  region = "nl-01"',
    '  labels = {',
    '  export_allowed =',
    '',
    'resource "thalassa_kms_key" "later" {',
    '  region         = "nl-02"',
    '  export_allowed = true',
    '}',
    '',
    '# kms-lint-disable-next-line rotation-schedule -- legacy',
    'resource "thalassa_secret" "s" {',
    '  region     = "nl-02"',
    '  path       = "/s"',
    '  kms_key_id = thalassa_kms_key.later.id',
    '}',
  );

  it('still reads the blocks after an unclosed block, with exact ranges', async () => {
    const set = await facts({ 'main.tf': text });
    const later = key(set, 'thalassa_kms_key.later');
    assert.equal(where(later.loc), 'main.tf:6:1-6:38');
    assert.equal(where(later.exportAllowed.loc), 'main.tf:8:3-8:24');
    assert.equal(where(later.exportAllowed.removeLoc), 'main.tf:8:1-9:1');
    assert.equal(later.order, text.indexOf('resource "thalassa_kms_key" "later"'));
    assert.equal(where(later.writer?.insertAt), 'main.tf:9:1-9:1');
    assert.equal((shown(use(set, 'thalassa_secret.s').key).value as { defId: string }).defId, later.id);
    assert.deepEqual(
      set.comments.map((c) => [where(c.loc), c.text]),
      [['main.tf:11:1-11:57', '# kms-lint-disable-next-line rotation-schedule -- legacy']],
    );
  });

  it('keeps what the half-typed block may hold unknown, offers no writer there, and notes the recovery without file contents', async () => {
    const set = await facts({ 'main.tf': text });
    const typing = key(set, 'thalassa_kms_key.typing');
    assert.equal(shown(typing.region).value, 'nl-01');
    assert.deepEqual([typing.exportAllowed.present, shown(typing.exportAllowed.value).value], [false, '?export_allowed may be in the part of the block with a syntax error']);
    assert.equal(typing.writer, undefined);
    assert.deepEqual(set.notes, [{ file: `${WS}/main.tf`, message: 'Terraform syntax error: the file was read with error recovery, so attributes in the broken part may be missed.' }]);
  });

  it('keeps a block whose error stays inside one attribute (a Go format verb) editable', async () => {
    const text = lines('resource "thalassa_secret" "s" {', '  region     = %q', '  path       = "/s"', '  kms_key_id = "kms-abc123"', '}');
    const u = use(await facts({ 'main.tf': text }), 'thalassa_secret.s');
    assert.deepEqual([shown(u.region).value, shown(u.key).value, where(u.regionWriter?.insertAt)], ['?an operator expression is not evaluated', { text: 'kms-abc123' }, 'main.tf:5:1-5:1']);
  });

  it('reads a half-typed tfvars file attribute by attribute', async () => {
    const set = await facts({
      'main.tf': 'variable "a" {}\nvariable "b" {}\nresource "thalassa_kms_key" "k" {\n  name   = var.a\n  region = var.b\n}\n',
      'terraform.tfvars': 'a = [\nb = "nl-01"\n',
    });
    const k = key(set, 'thalassa_kms_key.k');
    assert.equal(shown(k.region).value, 'nl-01');
    assert.equal(set.notes.length, 1);
  });
});

describe('terraform: JSON syntax', () => {
  const json = [
    '{',
    '  "variable": { "region": { "default": "nl-01" } },',
    '  "resource": {',
    '    "thalassa_kms_key": {',
    '      "main": {',
    '        "//": "kms-lint-disable-next-line export-allowed -- migration",',
    '        "export_allowed": true,',
    '        "region": "${var.region}",',
    '        "name": "key-${var.region}"',
    '      }',
    '    },',
    '    "thalassa_secret": {',
    '      "db": [{ "region": "nl-01", "path": "/db", "kms_key_id": "${thalassa_kms_key.main.id}" }]',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  it('reads .tf.json blocks, templates and comment properties with exact ranges', async () => {
    const set = await facts({ 'main.tf.json': json });
    const k = key(set, 'thalassa_kms_key.main');
    assert.equal(shown(k.exportAllowed.value).value, true);
    assert.equal(textAt(json, k.exportAllowed.loc), '"export_allowed": true');
    assert.equal(textAt(json, k.exportAllowed.valueLoc), 'true');
    // Removing the property takes its comma along, so the object stays valid JSON.
    assert.equal(applyEdits(json, [remove(k.exportAllowed)!]).split('\n')[6], '        "region": "${var.region}",');
    assert.deepEqual(shown(k.region), { value: 'nl-01', trace: ['var.region = "nl-01" (main.tf.json:2)'] });
    assert.equal(textAt(json, k.regionLoc), '"${var.region}"');
    assert.equal(shown(k.name).value, 'key-nl-01');
    assert.equal(textAt(json, k.nameLoc), '"main"');
    assert.equal(k.writer, undefined);
    assert.deepEqual(shown(use(set, 'thalassa_secret.db').key).value, { defId: k.id, address: 'thalassa_kms_key.main' });
    assert.deepEqual(
      set.comments.map((c) => [where(c.loc), c.text]),
      [['main.tf.json:6:9-6:71', 'kms-lint-disable-next-line export-allowed -- migration']],
    );
  });

  it('keeps a half-typed JSON body unknown where it is broken, and notes the recovery', async () => {
    const text = '{"resource": {"thalassa_kms_key": {"k": {\n  "region": "nl-01",\n  "export_allowed": tr\n';
    const set = await facts({ 'main.tf.json': text });
    const k = key(set, 'thalassa_kms_key.k');
    assert.equal(shown(k.region).value, 'nl-01');
    assert.deepEqual([k.exportAllowed.present, shown(k.exportAllowed.value).value], [false, '?export_allowed may be in the part of the block with a syntax error']);
    assert.deepEqual(set.notes.map((n) => n.file), [`${WS}/main.tf.json`]);
  });

  it('removes the last property with the comma before it', async () => {
    const text = '{"resource": {"thalassa_kms_key": {"k": {\n  "region": "nl-01",\n  "export_allowed": true\n}}}}\n';
    const k = key(await facts({ 'main.tf.json': text }), 'thalassa_kms_key.k');
    assert.equal(applyEdits(text, [remove(k.exportAllowed)!]), '{"resource": {"thalassa_kms_key": {"k": {\n  "region": "nl-01"\n}}}}\n');
  });
});

describe('terraform: comments', () => {
  it('collects #, // and /* */ comments of every file read', async () => {
    const text = lines('# hash', 'resource "thalassa_kms_key" "k" { // slashes', '  /* block', '     comment */ region = "nl-01"', '}');
    const set = await facts({ 'main.tf': text });
    assert.deepEqual(
      set.comments.map((c) => [where(c.loc), c.text]),
      [
        ['main.tf:1:1-1:7', '# hash'],
        ['main.tf:2:35-2:45', '// slashes'],
        ['main.tf:3:3-4:16', '/* block\n     comment */'],
      ],
    );
  });

  it('collects comments of a file outside evaluated modules only when they hold a directive', async () => {
    const set = await facts({ 'other/main.tf': '# kms-lint-disable-file export-allowed -- not ours\n# plain\n' });
    assert.deepEqual(set.comments.map((c) => c.text), ['# kms-lint-disable-file export-allowed -- not ours', '# plain']);
  });
});

describe('terraform: embedded text', () => {
  it('analyses a blanked host text as one root module, at host positions', async () => {
    const host = ['# Keys', '', '```hcl', 'resource "thalassa_kms_key" "docs" {', '  region = "nl-01"', '}', '```', ''].join('\n');
    const start = host.indexOf('resource');
    const end = host.indexOf('}\n```') + 1;
    const blanked = host.slice(0, start).replace(/[^\n]/g, ' ') + host.slice(start, end) + host.slice(end).replace(/[^\n]/g, ' ');
    const set = await extractTerraformText(`${WS}/README.md`, blanked);
    const fenced = await extractTerraformText(`${WS}/README.md`, blanked, `markdown:${WS}/README.md#fence1`);
    assert.equal(fenced.keys[0].scope, `markdown:${WS}/README.md#fence1`);
    assert.notEqual(fenced.keys[0].id, set.keys[0].id);
    const k = key(set, 'thalassa_kms_key.docs');
    assert.equal(where(k.loc), 'README.md:4:1-4:37');
    assert.equal(where(k.regionLoc), 'README.md:5:12-5:19');
    assert.equal(where(k.writer?.insertAt), 'README.md:6:1-6:1');
    assert.equal(k.scope, `terraform:${WS}/README.md`);
    assert.deepEqual(set.comments, []);
  });
});

describe('terraform: through the engine', () => {
  it('re-evaluates when a tfvars file changes, without stale parse results', async () => {
    const { createEngine } = await import('../../server/src/createEngine');
    const engine = createEngine(WS);
    engine.setFile(`${WS}/main.tf`, 'variable "r" {}\nresource "thalassa_kms_key" "k" {\n  region = var.r\n}\n');
    engine.setFile(`${WS}/terraform.tfvars`, 'r = "nl-01"\n');
    const first = await engine.analyze();
    assert.equal(shown(first.index.keys[0].region).value, 'nl-01');
    engine.setFile(`${WS}/terraform.tfvars`, 'r = "nl-02"\n');
    const second = await engine.analyze();
    assert.equal(shown(second.index.keys[0].region).value, 'nl-02');
  });

  it('joins a secret to its key in the workspace index', async () => {
    const { index } = await analyze(fixtureFiles('child-module'));
    assert.deepEqual(index.definitionsFor(index.uses[0]).map((k) => k.address), ['module.kms.thalassa_kms_key.this']);
  });
});
