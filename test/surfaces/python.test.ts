// Python: requests and httpx calls to the Thalassa API.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, applyEdits } from '../helpers/ruleTester';
import { createPythonExtractor } from '../../server/src/surfaces/python/extractPythonFacts';
import { extract, fixture, textAt, where } from './surfaceTestUtils';

const clientPy = fixture('python', 'kms_client.py');

async function facts(code: string, name = 'app.py') {
  return extract(createPythonExtractor(), { [name]: code });
}

describe('Python client fixture', () => {
  test('each call with purpose, region and key', async () => {
    const f = await facts(clientPy, 'app/kms_client.py');
    assert.deepEqual(
      f.uses.map((u) => [u.purpose, where(u.nameLoc), u.region.known && u.region.value, u.key.known ? u.key.value : u.key.reason]),
      [
        ['encrypt', 'app/kms_client.py:19:15-19:19', 'nl-01', '`key_id` is a parameter'],
        ['encrypt', 'app/kms_client.py:30:8-30:12', 'nl-01', '`key_id` is a parameter'],
        ['encrypt', 'app/kms_client.py:35:8-35:12', 'nl-01', { text: 'app' }],
        ['decrypt', 'app/kms_client.py:51:23-51:27', 'nl-01', '`key_id` is a parameter'],
        ['delete', 'app/kms_client.py:59:13-59:19', 'nl-01', '`key_id` is a parameter'],
        ['public-key', 'app/kms_client.py:63:15-63:18', 'nl-01', '`key_id` is a parameter'],
        ['encrypt', 'app/kms_client.py:68:12-68:16', 'nl-01', { text: 'app' }],
      ],
    );
  });

  test('f-string regions: at the interpolation, traced to the module constant; httpx base_url', async () => {
    const f = await facts(clientPy, 'app/kms_client.py');
    assert.equal(textAt(clientPy, f.uses[0].regionLoc), '{REGION}');
    assert.deepEqual(f.uses[0].region.trace.map((s) => [s.label, where(s.loc)]), [['REGION = "nl-01"', 'app/kms_client.py:11:1-11:17']]);
    assert.equal(where(f.uses[3].regionLoc), 'app/kms_client.py:50:47-50:55');
  });

  test('payloads: os.urandom(32) DEK, a file read, a Flask request body, a loop variable', async () => {
    const f = await facts(clientPy, 'app/kms_client.py');
    const p = f.uses.map((u) => u.payload && { source: u.payload.source, bytes: u.payload.bytes, name: u.payload.name, via: u.payload.via, loc: where(u.payload.loc) });
    assert.deepEqual(p[0], { source: 'random', bytes: 32, name: 'dek', via: 'os.urandom(32)', loc: 'app/kms_client.py:21:28-21:58' });
    assert.deepEqual(p[1], { source: 'file', bytes: undefined, name: 'blob', via: 'open("backup.tar", "rb")', loc: 'app/kms_client.py:30:80-30:111' });
    assert.deepEqual([p[2]?.source, p[2]?.via], ['request-body', 'request.get_data()']);
    assert.deepEqual([p[6]?.source, p[6]?.name, f.uses[6].inLoop, f.uses[0].inLoop], ['variable', 'row', true, false]);
  });

  test('create: a definition whose fields are in the dict, with Python edits', async () => {
    const f = await facts(clientPy, 'app/kms_client.py');
    const [key] = f.keys;
    assert.deepEqual([where(key.nameLoc), key.name.known && key.name.value, textAt(clientPy, key.exportAllowed.loc)], ['app/kms_client.py:46:15-46:19', 'billing', '"exportAllowed": True']);
    assert.deepEqual([key.rotationDays.value.known && key.rotationDays.value.value, textAt(clientPy, key.rotationDays.valueLoc)], [90, '90']);
    assert.deepEqual([key.writer?.style, where(key.writer?.insertAt), key.writer?.before, key.writer?.after], ['python', 'app/kms_client.py:44:36-44:36', '\n        ', ',']);
    const removed = applyEdits(clientPy, [{ file: '', range: key.exportAllowed.removeLoc!.range, newText: '' }]);
    assert.equal(removed.split('\n').slice(38, 44).join('\n'), '    body = {\n        "name": "billing",\n        "keyType": "aes256-gcm96",\n        "keyRotationEnabled": True,\n        "rotationPeriodInDays": 90,\n    }');
  });

  test('decrypted plaintext passed to a logger is a sensitive print; its length is not', async () => {
    const f = await facts(clientPy, 'app/kms_client.py');
    assert.deepEqual(f.prints.map((p) => [p.value, p.sink, where(p.loc)]), [['plaintext', 'log.info', 'app/kms_client.py:53:34-53:51']]);
  });

  test('delete: the fix calls .post(…/disable) on the same session first', async () => {
    const f = await facts(clientPy, 'app/kms_client.py');
    const del = f.uses.find((u) => u.purpose === 'delete')!;
    const fixed = applyEdits(clientPy, [{ file: '', range: del.statementStart!.loc.range, newText: del.statementStart!.text }]);
    assert.equal(
      fixed.split('\n').slice(56, 60).join('\n'),
      'def retire(key_id, headers):\n    session = rq.Session()\n    session.post(f"{API}/v1/kms/{REGION}/keys/{key_id}/disable", headers=headers)\n    session.delete(f"{API}/v1/kms/{REGION}/keys/{key_id}", headers=headers)',
    );
    const after = await facts(fixed, 'app/kms_client.py');
    const disable = after.uses.find((u) => u.purpose === 'disable')!;
    const delAfter = after.uses.find((u) => u.purpose === 'delete')!;
    assert.deepEqual([disable.scope === delAfter.scope, disable.order < delAfter.order], [true, true]);
  });
});

describe('Python envelope-encryption fix', () => {
  test('a whole-file encrypt moves into a DEK-wrapping lambda; helpers and missing imports are added', async () => {
    const f = await facts(clientPy, 'app/kms_client.py');
    const fix = f.uses[1].envelopeFix!;
    const fixed = applyEdits(clientPy, fix.edits);
    const lines = fixed.split('\n');
    assert.equal(lines[8], 'from cryptography.hazmat.primitives.ciphers.aead import AESGCM');
    assert.equal(lines[30], '    envelope_encrypt(blob, lambda dek: rq.post(f"{API}/v1/kms/{REGION}/keys/{key_id}/encrypt", json={"plaintext": dek}).json()["ciphertext"])');
    assert.ok(fixed.endsWith('    return AESGCM(dek).decrypt(base64.b64decode(envelope["nonce"]), base64.b64decode(envelope["ciphertext"]), None)\n'));
    const after = await facts(fixed, 'app/kms_client.py');
    assert.deepEqual([after.uses[1].payload?.name, after.uses[1].envelopeFix!.edits.length], ['dek', 1]);
  });

  test('no fix for an awaited async client or when a helper name is taken by something else', async () => {
    const awaited = 'import httpx\nasync def f(data):\n  async with httpx.AsyncClient() as c:\n    await c.post("https://api.thalassa.cloud/v1/kms/nl-01/keys/k/encrypt", json={"plaintext": data})\n';
    assert.equal((await facts(awaited)).uses[0].envelopeFix, undefined);
    const taken = 'import requests\nos = None\nrequests.post("https://api.thalassa.cloud/v1/kms/nl-01/keys/k/encrypt", json={"plaintext": payload})\n';
    assert.equal((await facts(taken)).uses[0].envelopeFix, undefined);
  });
});

describe('Python clients, bodies and flows', () => {
  test('imported functions, request(), data=json.dumps, dict(), a module-level client', async () => {
    const code = [
      'import json',
      'from requests import post, request',
      'import httpx',
      'BASE = "https://api.thalassa.cloud/v1/kms/nl-02"',
      'kms = httpx.Client(base_url=BASE)',
      'post(BASE + "/keys/k1/sign", data=json.dumps({"input": "aGk="}))',
      'request("PATCH", f"{BASE}/keys/k1/rotation", json=dict(keyRotationEnabled=True))',
      'kms.post("keys/k1/export")',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(
      f.uses.map((u) => [u.purpose, u.region.known && u.region.value, u.key.known && u.key.value]),
      [
        ['sign', 'nl-02', { text: 'k1' }],
        ['rotation-update', 'nl-02', { text: 'k1' }],
        ['export', 'nl-02', { text: 'k1' }],
      ],
    );
  });

  test('a DEK from AESGCM.generate_key and secrets.token_bytes; bytes literals count as bytes', async () => {
    const code = [
      'import base64, secrets, requests',
      'from cryptography.hazmat.primitives.ciphers.aead import AESGCM',
      'URL = "https://api.thalassa.cloud/v1/kms/nl-01/keys/app/encrypt"',
      'def a():',
      '    k = AESGCM.generate_key(bit_length=256)',
      '    requests.post(URL, json={"plaintext": base64.b64encode(k).decode()})',
      'def b():',
      '    requests.post(URL, json={"plaintext": base64.b64encode(secrets.token_bytes(16)).decode("ascii")})',
      'def c():',
      '    requests.post(URL, json={"plaintext": base64.b64encode(b"hello").decode()})',
      'def d():',
      '    requests.post(URL, json={"plaintext": "aGVsbG8="})',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(f.uses.map((u) => [u.payload?.source, u.payload?.bytes]), [['random', 32], ['random', 16], ['literal', 5], ['literal', 5]]);
  });

  test('async httpx clients bound by `async with`, awaited delete fix, self.session', async () => {
    const code = [
      'import httpx, requests',
      'async def drop(key):',
      '    async with httpx.AsyncClient(base_url="https://api.thalassa.cloud") as c:',
      '        await c.delete(f"/v1/kms/nl-01/keys/{key}")',
      'class Kms:',
      '    def __init__(self):',
      '        self.session = requests.Session()',
      '    def unwrap(self, key, ct):',
      '        r = self.session.post(f"https://api.thalassa.cloud/v1/kms/nl-01/keys/{key}/decrypt", json={"ciphertext": ct})',
      '        print(f"got {r.json()[\'plaintext\']}")',
      '        print(r)',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(f.uses.map((u) => u.purpose), ['delete', 'decrypt']);
    const del = f.uses[0];
    const fixed = applyEdits(code, [{ file: '', range: del.statementStart!.loc.range, newText: del.statementStart!.text }]);
    assert.equal(fixed.split('\n')[3], '        await c.post(f"/v1/kms/nl-01/keys/{key}/disable")');
    // The f-string interpolation leaks; the response object itself does not.
    assert.deepEqual(f.prints.map((p) => [p.value, p.sink, where(p.loc)]), [['plaintext', 'print', 'app.py:10:15-10:45']]);
  });

  test('public-key is never an export; comments, docstrings and other hosts give nothing', async () => {
    const code = [
      '"""POST /v1/kms/nl-01/keys/k/export is documented here."""',
      'import requests',
      '# requests.post("https://api.thalassa.cloud/v1/kms/nl-01/keys/k/export")',
      'requests.get("https://api.thalassa.cloud/v1/kms/nl-01/keys/k/public-key")',
      'requests.post("https://example.com/v1/iaas/nl-01/keys/k/export")',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual([f.keys.length, f.uses.map((u) => u.purpose), f.comments.map((c) => where(c.loc))], [0, ['public-key'], ['app.py:3:1-3:73']]);
  });

  test('unknowns stay unknown: environment base, reassigned names, parameters', async () => {
    const code = [
      'import os, requests',
      'def f(region):',
      '    key = "a"',
      '    key = "b"',
      '    requests.post(os.environ["API"] + f"/v1/kms/{region}/keys/{key}/rotate")',
    ].join('\n');
    const [use] = (await facts(code)).uses;
    assert.deepEqual([use.purpose, use.region.known ? use.region.value : use.region.reason, use.key.known ? use.key.value : use.key.reason], ['rotate', '`region` is a parameter', '`key` is assigned more than once']);
  });

  test('str.format and % templates: text at exact positions, placeholders from their arguments', async () => {
    const code = [
      'import requests',
      'REGION = "nl-03"',
      'def f(base, key):',
      '    requests.post("{}/v1/kms/{}/keys/{k}/rotate".format(base, REGION, k=key))',
      '    requests.post("%s/v1/kms/%s/keys/app/disable" % (base, REGION))',
      '    requests.post("%(b)s/v1/kms/%(r)s/keys/app/enable" % {"b": base, "r": "nl-04"})',
    ].join('\n');
    const uses = (await facts(code)).uses;
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.region.known && u.region.value, textAt(code, u.regionLoc), u.key.known ? u.key.value : textAt(code, u.keyLoc)]),
      [
        ['rotate', 'nl-03', 'REGION', 'key'],
        ['disable', 'nl-03', 'REGION', { text: 'app' }],
        ['enable', 'nl-04', '"nl-04"', { text: 'app' }],
      ],
    );
    assert.equal(where(uses[1].keyLoc), 'app.py:5:38-5:41');
  });

  test("a created key's identity in a later URL or kmsKeyIdentity names that definition", async () => {
    const code = [
      'import requests',
      'API = "https://api.thalassa.cloud"',
      'def setup():',
      '    key = requests.post(f"{API}/v1/kms/nl-01/keys", json={"name": "audit", "keyType": "aes256-gcm96", "keyRotationEnabled": True, "rotationPeriodInDays": 90}).json()',
      '    requests.post(f"{API}/v1/kms/nl-02/keys/{key[\'identity\']}/disable")',
      '    requests.post(f"{API}/v1/secrets/nl-01/secrets", json={"path": "/a/prod/b", "kmsKeyIdentity": key["identity"]})',
    ].join('\n');
    const f = await facts(code);
    const [def] = f.keys;
    assert.deepEqual(f.uses.map((u) => [u.purpose, u.key.known && u.key.value]), [['disable', { defId: def.id }], ['secret', { defId: def.id }]]);
    const { findings } = await analyze({ 'app.py': code });
    assert.deepEqual(findings.filter((x) => x.ruleId === 'cross-region-key').map((x) => where(x.loc)), ['app.py:5:34-5:39']);
  });

  test('half-typed code does not throw', async () => {
    for (const code of ['import requests\nrequests.post(f"{API}/v1/kms/nl-01/keys", json={"name": "a", "exportAllowed": ', 'requests.post(', 'def f(:\n  httpx.Client(base_url=', 'with open(']) {
      await facts(code);
    }
  });
});

describe('Python through the engine', () => {
  test('rules see the facts; the export fix writes a Python literal', async () => {
    const { findings } = await analyze({ 'app/kms_client.py': clientPy });
    assert.deepEqual(
      findings.map((f) => `${f.ruleId} ${where(f.loc)}`),
      [
        'envelope-encryption app/kms_client.py:30:80-30:111',
        'envelope-encryption app/kms_client.py:35:75-35:120',
        'export-allowed app/kms_client.py:42:9-42:30',
        'sensitive-logging app/kms_client.py:53:34-53:51',
        'disable-before-delete app/kms_client.py:59:13-59:19',
        'envelope-encryption app/kms_client.py:68:79-68:82',
      ],
    );
    const exportFinding = findings.find((f) => f.ruleId === 'export-allowed')!;
    assert.equal(applyEdits(clientPy, exportFinding.fixes[0].edits).split('\n')[41], '        "exportAllowed": False,');
  });
});
