// .http / .rest files and the JSON/YAML request bodies next to them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, applyEdits } from '../helpers/ruleTester';
import { createHttpExtractor } from '../../server/src/surfaces/http/extractHttpFacts';
import { parseHttpFile } from '../../server/src/surfaces/http/httpFile';
import { extract, fixture, textAt, where } from './surfaceTestUtils';

const keysHttp = fixture('http', 'keys.http');
const fixtures = {
  'api/keys.http': keysHttp,
  'api/import-key.json': fixture('http', 'import-key.json'),
  'api/create-key.json': fixture('http', 'create-key.json'),
  'api/not-a-body.json': fixture('http', 'not-a-body.json'),
};

describe('.http request files', () => {
  test('tokenizer: requests, variables, names, bodies and file references', () => {
    const parsed = parseHttpFile(keysHttp);
    assert.deepEqual(
      parsed.requests.map((r) => [r.name, r.method?.text, r.url.text, r.httpVersion, r.headers.length, r.body?.fileRef?.path]),
      [
        ['createKey', 'POST', '{{baseUrl}}/v1/kms/{{region}}/keys', 'HTTP/1.1', 2, undefined],
        [undefined, 'POST', '{{baseUrl}}/v1/kms/{{region}}/keys/{{createKey.response.body.identity}}/encrypt', undefined, 2, undefined],
        [undefined, 'GET', '{{baseUrl}}/v1/kms/{{region}}/keys/signing/public-key', undefined, 1, undefined],
        [undefined, 'POST', '{{baseUrl}}/v1/kms/{{region}}/keys', undefined, 2, './import-key.json'],
        [undefined, 'DELETE', '{{baseUrl}}/v1/kms/{{region}}/keys/orders', undefined, 1, undefined],
      ],
    );
    assert.deepEqual(parsed.variables.map((v) => [v.name, v.value.text]), [
      ['baseUrl', 'https://api.thalassa.cloud'],
      ['region', 'nl-01'],
      ['token', '{{$dotenv THALASSA_TOKEN}}'],
    ]);
  });

  test('create: a definition with the inline JSON body fields at exact positions', async () => {
    const facts = await extract(createHttpExtractor(), fixtures);
    const key = facts.keys.find((k) => k.loc.file === '/ws/api/keys.http' && k.name.known && k.name.value === 'orders')!;
    assert.deepEqual([where(key.loc), where(key.nameLoc), where(key.regionLoc)], ['api/keys.http:8:1-16:2', 'api/keys.http:8:1-8:5', 'api/keys.http:8:25-8:35']);
    assert.deepEqual(key.region.known && key.region.value, 'nl-01');
    assert.deepEqual(key.region.trace.map((s) => s.label), ['@region = nl-01']);
    assert.equal(textAt(keysHttp, key.exportAllowed.loc), '"exportAllowed": true');
    assert.equal(textAt(keysHttp, key.exportAllowed.valueLoc), 'true');
    assert.deepEqual([key.rotationEnabled.present, key.rotationEnabled.value.known && key.rotationEnabled.value.value], [false, false]);
    // New fields go after the last member, on their own line with its indentation.
    assert.deepEqual([key.writer?.style, where(key.writer?.insertAt), key.writer?.before, key.writer?.after], ['json', 'api/keys.http:15:24-15:24', ',\n  ', '']);
    assert.equal(applyEdits(keysHttp, [{ file: '', range: key.exportAllowed.removeLoc!.range, newText: '' }]).split('\n').slice(11, 15).join('\n'), '{\n  "name": "orders",\n  "keyType": "aes256-gcm96"\n}');
  });

  test('a later request names the created key by response reference; its DEK payload is a variable', async () => {
    const facts = await extract(createHttpExtractor(), fixtures);
    const created = facts.keys.find((k) => k.name.known && k.name.value === 'orders')!;
    const encrypt = facts.uses.find((u) => u.purpose === 'encrypt')!;
    assert.deepEqual(encrypt.key.known && encrypt.key.value, { defId: created.id });
    assert.equal(textAt(keysHttp, encrypt.keyLoc), '{{createKey.response.body.identity}}');
    assert.equal(textAt(keysHttp, encrypt.regionLoc), '{{region}}');
    assert.deepEqual(encrypt.payload && { ...encrypt.payload, loc: where(encrypt.payload.loc) }, { source: 'variable', name: 'dek', via: '{{dek}}', loc: 'api/keys.http:25:16-25:25' });
  });

  test('public-key is a public-key use, never an export', async () => {
    const facts = await extract(createHttpExtractor(), fixtures);
    assert.deepEqual(facts.uses.map((u) => u.purpose), ['encrypt', 'public-key', 'delete']);
    const pub = facts.uses[1];
    assert.deepEqual([pub.key.known && pub.key.value, where(pub.nameLoc)], [{ text: 'signing' }, 'api/keys.http:29:1-29:4']);
  });

  test('`< ./file.json` reads the referenced body with positions in that file', async () => {
    const facts = await extract(createHttpExtractor(), fixtures);
    const byok = facts.keys.find((k) => k.name.known && k.name.value === 'byok')!;
    assert.deepEqual([where(byok.loc), where(byok.regionLoc)], ['api/keys.http:33:1-37:20', 'api/keys.http:33:25-33:35']);
    assert.deepEqual([where(byok.importMaterial.valueLoc), where(byok.rotationEnabled.loc)], ['api/import-key.json:4:24-4:70', 'api/import-key.json:5:3-5:29']);
    assert.equal(byok.writer?.insertAt.file, '/ws/api/import-key.json');
    // Read once, through the request: no second, region-less definition for the same file.
    assert.equal(facts.keys.filter((k) => k.name.known && k.name.value === 'byok').length, 1);
  });

  test('delete: the fix inserts a POST …/disable request with the same headers before it', async () => {
    const facts = await extract(createHttpExtractor(), fixtures);
    const del = facts.uses.find((u) => u.purpose === 'delete')!;
    assert.deepEqual([where(del.nameLoc), textAt(keysHttp, del.keyLoc)], ['api/keys.http:40:1-40:7', 'orders']);
    const s = del.statementStart!;
    const fixed = applyEdits(keysHttp, [{ file: s.loc.file, range: s.loc.range, newText: s.text }]);
    assert.equal(
      fixed.split('\n').slice(38).join('\n'),
      '###\nPOST {{baseUrl}}/v1/kms/{{region}}/keys/orders/disable\nAuthorization: Bearer {{token}}\n\n### Delete the key\nDELETE {{baseUrl}}/v1/kms/{{region}}/keys/orders\nAuthorization: Bearer {{token}}\n',
    );
    const after = await extract(createHttpExtractor(), { 'api/keys.http': fixed });
    const disable = after.uses.find((u) => u.purpose === 'disable')!;
    const delAfter = after.uses.find((u) => u.purpose === 'delete')!;
    assert.deepEqual([disable.key, disable.scope === delAfter.scope, disable.order < delAfter.order], [delAfter.key, true, true]);
  });

  test('a first request without a separator gets the separator after the inserted request', async () => {
    const text = '@r = nl-01\n\nDELETE https://api.thalassa.cloud/v1/kms/{{r}}/keys/kms-1\n';
    const [del] = (await extract(createHttpExtractor(), { 'x.http': text })).uses;
    const fixed = applyEdits(text, [{ file: '', range: del.statementStart!.loc.range, newText: del.statementStart!.text }]);
    assert.equal(fixed, '@r = nl-01\n\nPOST https://api.thalassa.cloud/v1/kms/{{r}}/keys/kms-1/disable\n\n###\nDELETE https://api.thalassa.cloud/v1/kms/{{r}}/keys/kms-1\n');
  });

  test('comments and separator titles are comments, never facts', async () => {
    const text = '# POST https://api.thalassa.cloud/v1/kms/nl-01/keys/k/export\n// DELETE https://api.thalassa.cloud/v1/kms/nl-01/keys/k\n### GET https://api.thalassa.cloud/v1/kms/nl-01/keys/k/export\n';
    const facts = await extract(createHttpExtractor(), { 'c.rest': text });
    assert.deepEqual([facts.keys, facts.uses], [[], []]);
    assert.deepEqual(facts.comments.map((c) => where(c.loc)), ['c.rest:1:1-1:61', 'c.rest:2:1-2:57', 'c.rest:3:1-3:62']);
  });

  test('variables: undefined and environment ones are unknown; literals and JSON scalars are resolved', async () => {
    const text = [
      '@days = 400',
      '@material = {{$processEnv WRAPPED}}',
      'POST https://api.thalassa.cloud/v1/kms/{{region}}/keys',
      'Content-Type: application/json',
      '',
      '{"name": "k", "keyType": "aes256-gcm96", "keyRotationEnabled": true, "rotationPeriodInDays": {{days}}, "importKeyMaterial": "{{material}}"}',
      '',
    ].join('\n');
    const [key] = (await extract(createHttpExtractor(), { 'v.http': text })).keys;
    assert.equal(key.region.known, false);
    assert.equal(textAt(text, key.regionLoc), '{{region}}');
    assert.deepEqual(key.rotationDays.value.known && key.rotationDays.value.value, 400);
    assert.equal(textAt(text, key.rotationDays.valueLoc), '{{days}}');
    assert.deepEqual(key.importMaterial.value, { known: true, value: { kind: 'variable', name: 'material' }, trace: [{ label: '@material', loc: key.importMaterial.value.trace[0].loc }] });
    // An inline body: new fields are appended inline.
    assert.deepEqual([key.writer?.before, key.writer?.after], [', ', '']);
  });

  test('a plaintext literal payload counts its decoded bytes; a file body is a file payload', async () => {
    const big = Buffer.alloc(300, 7).toString('base64');
    const text = `POST https://api.thalassa.cloud/v1/kms/nl-01/keys/app/encrypt\n\n{ "plaintext": "${big}" }\n\n###\nPOST https://api.thalassa.cloud/v1/kms/nl-01/keys/app/encrypt\n\n< ./records.csv\n`;
    const uses = (await extract(createHttpExtractor(), { 'p.http': text })).uses;
    assert.deepEqual(uses.map((u) => [u.payload?.source, u.payload?.bytes]), [['literal', 300], ['file', undefined]]);
    assert.equal(where(uses[1].payload!.loc), 'p.http:8:1-8:16');
  });

  test('half-typed requests and bodies do not throw', async () => {
    for (const text of ['POST', 'POST https://api.thalassa.cloud/v1/kms/nl-01/keys\n\n{ "name": "a", "exportAllowed": tr', '###\n###\n@x =\n{{', 'GET {{\n\n{"a": {{b']) {
      await extract(createHttpExtractor(), { 'h.http': text });
    }
  });
});

describe('JSON and YAML request-body files', () => {
  test('a standalone create body: fields with exact positions, region unknown', async () => {
    const facts = await extract(createHttpExtractor(), { 'bodies/create-key.json': fixtures['api/create-key.json'] });
    const [key] = facts.keys;
    assert.deepEqual([key.surface, where(key.nameLoc), key.region.known, key.regionLoc], ['json', 'bodies/create-key.json:2:3-2:20', false, undefined]);
    assert.deepEqual([where(key.rotationDays.loc), key.rotationDays.value.known && key.rotationDays.value.value], ['bodies/create-key.json:5:3-5:31', 5000]);
  });

  test('a JSON file without the shape of a body gives nothing', async () => {
    const facts = await extract(createHttpExtractor(), { 'package.json': fixtures['api/not-a-body.json'], 'main.tf.json': '{"keyType": 1, "name": 2}' });
    assert.deepEqual([facts.keys, facts.uses, facts.comments], [[], [], []]);
  });

  test('YAML bodies: block mapping fields, whole-line removal, comments', async () => {
    const text = '# kms-lint-disable-next-line export-allowed -- migration key\nexportAllowed: true\nname: legacy\nkeyType: rsa-2048\n';
    const facts = await extract(createHttpExtractor(), { 'key.yaml': text });
    const [key] = facts.keys;
    assert.deepEqual([key.surface, where(key.exportAllowed.loc), where(key.exportAllowed.removeLoc)], ['yaml', 'key.yaml:2:1-2:20', 'key.yaml:2:1-3:1']);
    assert.deepEqual([where(key.writer?.insertAt), key.writer?.before], ['key.yaml:4:18-4:18', '\n']);
    assert.deepEqual(facts.comments.map((c) => c.text), ['# kms-lint-disable-next-line export-allowed -- migration key']);
  });

  test('secret and DNSSEC bodies reference keys', async () => {
    const facts = await extract(createHttpExtractor(), {
      'secret.json': '{ "path": "/app/staging/db", "kmsKeyIdentity": "kms-app", "secretString": "c2VjcmV0" }',
      'dnssec.json': '{ "region": "nl-02", "kmsKeyIdentity": "kms-dns" }',
    });
    assert.deepEqual(
      facts.uses.map((u) => [u.purpose, u.key.known && u.key.value, u.region.known && u.region.value, u.environment?.known && u.environment.value]),
      [
        ['secret', { text: 'kms-app' }, false, 'staging'],
        ['dnssec', { text: 'kms-dns' }, 'nl-02', undefined],
      ],
    );
  });
});

describe('through the engine', () => {
  test('rules see .http and body-file facts', async () => {
    const { findings } = await analyze(fixtures);
    const got = findings.filter((f) => f.ruleId !== 'suppression-justification').map((f) => `${f.ruleId} ${where(f.loc)}`);
    for (const expected of [
      'export-allowed api/keys.http:15:3-15:24',
      'rotation-schedule api/keys.http:8:1-8:5',
      'byok-raw-material api/import-key.json:4:24-4:70',
      'import-rotation api/import-key.json:5:3-5:29',
      'rotation-schedule api/create-key.json:5:3-5:31',
      'disable-before-delete api/keys.http:40:1-40:7',
    ]) {
      assert.ok(got.includes(expected), `${expected} not in\n${got.join('\n')}`);
    }
    assert.ok(!got.some((g) => g.startsWith('export-allowed api/keys.http:29')), 'public-key is not an export');
  });
});
