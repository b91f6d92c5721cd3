// TypeScript / JavaScript: fetch, axios and got calls to the Thalassa API.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, applyEdits } from '../helpers/ruleTester';
import { createJavaScriptExtractor } from '../../server/src/surfaces/javascript/extractJavaScriptFacts';
import { extract, fixture, textAt, where } from './surfaceTestUtils';

const clientTs = fixture('javascript', 'kmsClient.ts');

async function facts(code: string, name = 'src/app.ts') {
  return extract(createJavaScriptExtractor(), { [name]: code });
}

describe('TypeScript client fixture', () => {
  test('each call is recognised with its purpose, region and key', async () => {
    const f = await facts(clientTs, 'src/kmsClient.ts');
    assert.deepEqual(
      f.uses.map((u) => [u.purpose, where(u.nameLoc), u.region.known && u.region.value, u.key.known ? u.key.value : u.key.reason]),
      [
        ['encrypt', 'src/kmsClient.ts:13:21-13:26', 'nl-01', '`keyId` is a parameter'],
        ['encrypt', 'src/kmsClient.ts:24:13-24:17', 'nl-01', '`keyId` is a parameter'],
        ['decrypt', 'src/kmsClient.ts:37:30-37:34', 'nl-01', '`keyId` is a parameter'],
        ['delete', 'src/kmsClient.ts:42:9-42:14', 'nl-01', '`keyId` is a parameter'],
        ['public-key', 'src/kmsClient.ts:46:14-46:17', 'nl-01', '`keyId` is a parameter'],
        ['encrypt', 'src/kmsClient.ts:51:15-51:19', 'nl-01', { text: 'app' }],
      ],
    );
  });

  test('regions point at where they are written: the template of the call, or the axios baseURL', async () => {
    const f = await facts(clientTs, 'src/kmsClient.ts');
    assert.equal(textAt(clientTs, f.uses[0].regionLoc), '${region}');
    assert.equal(where(f.uses[0].regionLoc), 'src/kmsClient.ts:13:42-13:51');
    assert.equal(where(f.uses[1].regionLoc), 'src/kmsClient.ts:8:52-8:61');
    assert.deepEqual(f.uses[0].region.trace.map((s) => [s.label, where(s.loc)]), [['region = "nl-01"', 'src/kmsClient.ts:7:7-7:23']]);
  });

  test('payloads: a local 32-byte DEK is random 32; a file read is a file; a loop variable is in a loop', async () => {
    const f = await facts(clientTs, 'src/kmsClient.ts');
    const p = f.uses.map((u) => u.payload && { source: u.payload.source, bytes: u.payload.bytes, name: u.payload.name, via: u.payload.via, loc: where(u.payload.loc) });
    assert.deepEqual(p[0], { source: 'random', bytes: 32, name: 'dek', via: 'crypto.randomBytes(32)', loc: 'src/kmsClient.ts:16:39-16:61' });
    assert.deepEqual(p[1], { source: 'file', bytes: undefined, name: 'report', via: "readFileSync('report.csv')", loc: 'src/kmsClient.ts:24:57-24:82' });
    assert.deepEqual(p[2], { source: 'variable', bytes: undefined, name: 'ciphertext', via: 'parameter `ciphertext`', loc: 'src/kmsClient.ts:37:63-37:73' });
    assert.deepEqual([p[5]?.source, p[5]?.name, f.uses[5].inLoop, f.uses[0].inLoop], ['variable', 'row', true, false]);
  });

  test('create: a definition whose fields sit in the body object', async () => {
    const f = await facts(clientTs, 'src/kmsClient.ts');
    const [key] = f.keys;
    assert.deepEqual([where(key.loc), where(key.nameLoc), key.name.known && key.name.value], ['src/kmsClient.ts:33:10-33:58', 'src/kmsClient.ts:33:16-33:20', 'orders']);
    assert.deepEqual([textAt(clientTs, key.exportAllowed.loc), textAt(clientTs, key.exportAllowed.valueLoc)], ['exportAllowed: true', 'true']);
    // The object has a trailing comma: new members go after it, each with its own comma.
    assert.deepEqual([where(key.writer?.insertAt), key.writer?.before, key.writer?.after], ['src/kmsClient.ts:31:25-31:25', '\n    ', ',']);
    const removed = applyEdits(clientTs, [{ file: '', range: key.exportAllowed.removeLoc!.range, newText: '' }]);
    assert.equal(removed.split('\n').slice(27, 31).join('\n'), "  const body = {\n    name: 'orders',\n    keyType: 'aes256-gcm96',\n  };");
  });

  test('decrypted plaintext reaching console.log is a sensitive print', async () => {
    const f = await facts(clientTs, 'src/kmsClient.ts');
    assert.deepEqual(f.prints.map((p) => [p.value, p.sink, where(p.loc)]), [['plaintext', 'console.log', 'src/kmsClient.ts:38:29-38:43']]);
  });

  test('delete: the fix inserts an awaited fetch …/disable with the same headers', async () => {
    const f = await facts(clientTs, 'src/kmsClient.ts');
    const del = f.uses.find((u) => u.purpose === 'delete')!;
    const s = del.statementStart!;
    const fixed = applyEdits(clientTs, [{ file: '', range: s.loc.range, newText: s.text }]);
    assert.equal(
      fixed.split('\n').slice(40, 44).join('\n'),
      "export async function retire(keyId: string, headers: Record<string, string>) {\n  await fetch(`${API}/v1/kms/${region}/keys/${keyId}/disable`, { method: 'POST', headers });\n  await fetch(`${API}/v1/kms/${region}/keys/${keyId}`, { method: 'DELETE', headers });\n}",
    );
    const after = await facts(fixed, 'src/kmsClient.ts');
    const disable = after.uses.find((u) => u.purpose === 'disable')!;
    const delAfter = after.uses.find((u) => u.purpose === 'delete')!;
    assert.deepEqual([disable.scope === delAfter.scope, disable.order < delAfter.order, disable.key.known ? 0 : disable.key.reason], [true, true, '`keyId` is a parameter']);
  });
});

describe('envelope-encryption fix', () => {
  test('a whole-file encrypt moves into a DEK-wrapping callback; helpers and the crypto import are added once', async () => {
    const f = await facts(clientTs, 'src/kmsClient.ts');
    const fix = f.uses[1].envelopeFix!;
    assert.equal(fix.title, 'Encrypt locally with a data key (envelope encryption)');
    const fixed = applyEdits(clientTs, fix.edits);
    const lines = fixed.split('\n');
    assert.equal(lines[4], "import * as envelopeCrypto from 'node:crypto';");
    assert.equal(lines[24], "  await envelopeEncrypt(report, async (dek) => (await kms.post(`/keys/${keyId}/encrypt`, { plaintext: dek })).data.ciphertext);");
    assert.ok(fixed.includes('async function envelopeEncrypt(data: Buffer, wrapKey: (dekBase64: string) => Promise<string>)'));
    assert.ok(fixed.includes("const dek = envelopeCrypto.randomBytes(32);"));
    // Re-analysed: the KMS call now sends `dek`, and the helpers are not added again.
    const after = await facts(fixed, 'src/kmsClient.ts');
    assert.deepEqual([after.uses[1].payload?.name, after.uses[1].payload?.source], ['dek', 'variable']);
    assert.deepEqual(after.uses[5].envelopeFix!.edits.length, 1);
  });

  test('decrypt through fetch in plain JavaScript (CommonJS): untyped helpers, require', async () => {
    const code = "const fetch = require('node-fetch');\nasync function open(c) {\n  return fetch('https://api.thalassa.cloud/v1/kms/nl-01/keys/k/decrypt', { method: 'POST', body: JSON.stringify({ ciphertext: c }) });\n}\n";
    const [use] = (await facts(code, 'open.cjs')).uses;
    const fixed = applyEdits(code, use.envelopeFix!.edits);
    assert.equal(fixed.split('\n')[0], "const envelopeCrypto = require('node:crypto');");
    assert.equal(fixed.split('\n')[3], "  return envelopeDecrypt(c, async (wrappedKey) => (await (await fetch('https://api.thalassa.cloud/v1/kms/nl-01/keys/k/decrypt', { method: 'POST', body: JSON.stringify({ ciphertext: wrappedKey }) })).json()).plaintext);");
    assert.ok(fixed.includes('async function envelopeDecrypt(envelope, unwrapKey) {'));
  });
});

describe('clients, aliases and bodies', () => {
  test('got.extend({ prefixUrl }) instances with a relative path and a json body', async () => {
    const code = "import got from 'got';\nconst kms = got.extend({ prefixUrl: 'https://api.thalassa.cloud/v1/kms/nl-02' });\nexport const run = () => kms.post('keys/k1/export', { json: { keyVersion: '1' } });\n";
    const [use] = (await facts(code)).uses;
    assert.deepEqual([use.purpose, use.region.known && use.region.value, use.key.known && use.key.value, textAt(code, use.keyLoc)], ['export', 'nl-02', { text: 'k1' }, 'k1']);
  });

  test('require aliases, axios(config) and a lower-case method', async () => {
    const code = "const http = require('axios');\nasync function drop() {\n  await http({ method: 'delete', url: 'https://api.thalassa.cloud/v1/kms/nl-01/keys/kms-9' });\n}\n";
    const [use] = (await facts(code, 'drop.js')).uses;
    assert.deepEqual([use.purpose, use.key.known && use.key.value, where(use.keyLoc)], ['delete', { text: 'kms-9' }, 'drop.js:3:85-3:90']);
    const fixed = applyEdits(code, [{ file: '', range: use.statementStart!.loc.range, newText: use.statementStart!.text }]);
    assert.equal(fixed.split('\n')[2], "  await http.post('https://api.thalassa.cloud/v1/kms/nl-01/keys/kms-9/disable');");
  });

  test('node-fetch under another name; a JSON string body is parsed where it is written', async () => {
    const code = "import send from 'node-fetch';\nsend('https://api.thalassa.cloud/v1/kms/nl-01/keys/k/encrypt', { method: 'POST', body: '{\"plaintext\": \"aGVsbG8=\"}' });\n";
    const [use] = (await facts(code)).uses;
    assert.deepEqual([use.purpose, use.payload?.source, use.payload?.bytes, textAt(code, use.payload?.loc)], ['encrypt', 'literal', 5, '"aGVsbG8="']);
  });

  test('request bodies and random generators through conversions', async () => {
    const code = [
      "import express from 'express';",
      'const app = express();',
      "const URL_ENC = 'https://api.thalassa.cloud/v1/kms/nl-01/keys/app/encrypt';",
      "app.post('/seal', async (req, res) => {",
      "  await fetch(URL_ENC, { method: 'POST', body: JSON.stringify({ plaintext: req.body.document }) });",
      '});',
      'export async function wrap() {',
      '  const key = crypto.getRandomValues(new Uint8Array(32));',
      "  await fetch(URL_ENC, { method: 'POST', body: JSON.stringify({ plaintext: Buffer.from(key).toString('base64') }) });",
      "  await fetch(URL_ENC, { method: 'POST', body: JSON.stringify({ plaintext: btoa('hello') }) });",
      '}',
    ].join('\n');
    const uses = (await facts(code)).uses;
    assert.deepEqual(
      uses.map((u) => [u.payload?.source, u.payload?.bytes, u.payload?.name]),
      [
        ['request-body', undefined, undefined],
        ['random', 32, 'key'],
        ['literal', 5, undefined],
      ],
    );
  });

  test('a method from a variable: known only when the path alone decides', async () => {
    const code = "export async function f(method: string) {\n  await fetch('https://api.thalassa.cloud/v1/kms/nl-01/keys/k/rotate', { method });\n  await fetch('https://api.thalassa.cloud/v1/kms/nl-01/keys/k', { method });\n}\n";
    assert.deepEqual((await facts(code)).uses.map((u) => u.purpose), ['rotate']);
  });

  test('public-key is never an export; non-KMS URLs and comments give nothing', async () => {
    const code = [
      "// await fetch('https://api.thalassa.cloud/v1/kms/nl-01/keys/k/export', { method: 'POST' });",
      "/* axios.post('https://api.thalassa.cloud/v1/kms/nl-01/keys', { exportAllowed: true }) */",
      "await fetch('https://api.thalassa.cloud/v1/kms/nl-01/keys/k/public-key');",
      "await fetch('https://api.thalassa.cloud/v1/iaas/nl-01/vpcs', { method: 'POST' });",
      "const doc = 'POST /v1/kms/nl-01/keys/k/export';",
    ].join('\n');
    const f = await facts(code, 'x.mjs');
    assert.deepEqual([f.keys.length, f.uses.map((u) => u.purpose), f.comments.length], [0, ['public-key'], 2]);
  });

  test('a TSX component and a locally shadowed fetch', async () => {
    const tsx = "export function Btn({ id }: { id: string }) {\n  return <button onClick={() => fetch(`/v1/kms/nl-01/keys/${id}/disable`, { method: 'POST' })}>kms</button>;\n}\n";
    assert.deepEqual((await facts(tsx, 'Btn.tsx')).uses.map((u) => [u.purpose, u.key.known]), [['disable', false]]);
    const shadowed = "function f(fetch: any) { return fetch('/v1/kms/nl-01/keys/k/export', { method: 'POST' }); }\n";
    assert.deepEqual((await facts(shadowed)).uses, []);
  });

  test('export key material printed through a destructured response', async () => {
    const code = "import axios from 'axios';\nexport async function dump() {\n  const { data: { keyMaterial } } = await axios.post('https://api.thalassa.cloud/v1/kms/nl-01/keys/k/export');\n  console.info(`material ${keyMaterial}`);\n  console.info('exported', keyMaterial.length > 0 ? 'ok' : 'none');\n}\n";
    const f = await facts(code);
    // Its length is not the material.
    assert.deepEqual(f.prints.map((p) => [p.value, p.sink, where(p.loc)]), [['key-material', 'console.info', 'src/app.ts:4:16-4:41']]);
  });

  test("a use of a created key's identity names that definition; the engine sees the region mismatch", async () => {
    const code = [
      "import axios from 'axios';",
      "const api = axios.create({ baseURL: 'https://api.thalassa.cloud/v1/kms' });",
      'export async function setup() {',
      "  const { data: key } = await api.post('/nl-01/keys', { name: 'audit', keyType: 'aes256-gcm96', keyRotationEnabled: true, rotationPeriodInDays: 90 });",
      '  const dek = crypto.randomBytes(32);',
      "  await api.post(`/nl-02/keys/${key.identity}/encrypt`, { plaintext: dek.toString('base64') });",
      "  await fetch('https://api.thalassa.cloud/v1/secrets/nl-01/secrets', { method: 'POST', body: JSON.stringify({ path: '/audit/prod/x', kmsKeyIdentity: key.identity }) });",
      '}',
    ].join('\n');
    const f = await facts(code);
    const [def] = f.keys;
    assert.deepEqual(f.uses.map((u) => [u.purpose, u.key.known && u.key.value]), [['encrypt', { defId: def.id }], ['secret', { defId: def.id }]]);
    const { findings } = await analyze({ 'src/app.ts': code });
    assert.deepEqual(findings.filter((x) => x.ruleId === 'cross-region-key').map((x) => `${where(x.loc)} ${x.fixes.map((fx) => fx.title)}`), ['src/app.ts:6:20-6:25 Use the key\'s region "nl-01"']);
  });

  test('half-typed code does not throw', async () => {
    for (const code of [
      "const r = await fetch(`${API}/v1/kms/nl-01/keys/k/decrypt`, { method: 'POST', body: JSON.stringify({ ciphertext: c ",
      "axios.post('https://api.thalassa.cloud/v1/kms/nl-01/keys', { name: 'a', exportAllowed: ",
      'fetch(',
      "import got from 'got'; got.extend({ prefixUrl: kms }).post(",
    ]) {
      await facts(code);
    }
  });
});

describe('TS/JS through the engine', () => {
  test('rules see the facts: findings at the payload, the member, the method name', async () => {
    const { findings } = await analyze({ 'src/kmsClient.ts': clientTs });
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${where(f.loc)}`),
      [
        'envelope-encryption src/kmsClient.ts:24:57-24:82',
        'export-allowed src/kmsClient.ts:31:5-31:24',
        'rotation-schedule src/kmsClient.ts:33:16-33:20',
        'sensitive-logging src/kmsClient.ts:38:29-38:43',
        'disable-before-delete src/kmsClient.ts:42:9-42:14',
        'envelope-encryption src/kmsClient.ts:51:54-51:89',
      ],
    );
    const rotation = findings.find((f) => f.ruleId === 'rotation-schedule')!;
    const fixed = applyEdits(clientTs, rotation.fixes[0].edits);
    assert.equal(fixed.split('\n').slice(27, 34).join('\n'), "  const body = {\n    name: 'orders',\n    keyType: 'aes256-gcm96',\n    exportAllowed: true,\n    keyRotationEnabled: true,\n    rotationPeriodInDays: 90,\n  };");
  });
});
