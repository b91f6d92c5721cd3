// restCallFacts: what a REST call to the Thalassa API means, independent of who wrote it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Loc, Value } from '../../server/src/engine/types';
import { known, unknown } from '../../server/src/engine/value';
import { restCallFacts, type RestBodyField, type RestCall, type UrlPart } from '../../server/src/surfaces/rest/restCall';

const FILE = '/ws/script.sh';

function loc(line: number, start: number, end: number, endLine = line): Loc {
  return { file: FILE, range: { start: { line, character: start }, end: { line: endLine, character: end } } };
}

/** [line, startChar, endChar] of a loc, for compact assertions. */
function at(l: Loc | undefined): [number, number, number] | undefined {
  return l && [l.range.start.line, l.range.start.character, l.range.end.character];
}

/** A call whose URL literal is written (quoted) at line 0 from column 10. */
function call(method: string | Value<string>, url: string, extra: Partial<RestCall> = {}): RestCall {
  return {
    surface: 'rest',
    method: typeof method === 'string' ? known(method) : method,
    url: known(url),
    urlLoc: loc(0, 10, 10 + url.length + 2),
    loc: loc(0, 0, 80),
    nameLoc: loc(0, 0, 4),
    scope: FILE,
    order: 0,
    inLoop: false,
    ...extra,
  };
}

function field(name: string, value: unknown, line: number, extra: Partial<RestBodyField> = {}): RestBodyField {
  const v: Value<unknown> = value === undefined ? unknown('a variable') : known(value);
  return { name, value: v, loc: loc(line, 2, 30), valueLoc: loc(line, 20, 30), removeLoc: loc(line - 1, 10, 30, line), ...extra };
}

function body(fields: RestBodyField[]): RestCall['body'] {
  return { kind: 'fields', fields, loc: loc(1, 0, 1, 9), writer: { style: 'json', insertAt: loc(8, 30, 30), before: ',\n  ', after: '' } };
}

describe('restCallFacts: key operations', () => {
  const base = 'https://api.thalassa.cloud/v1/kms/nl-01/keys/kms-abc123';

  for (const [method, suffix, purpose] of [
    ['POST', '/encrypt', 'encrypt'],
    ['POST', '/decrypt', 'decrypt'],
    ['POST', '/sign', 'sign'],
    ['POST', '/verify', 'verify'],
    ['POST', '/hmac', 'hmac'],
    ['POST', '/verify-hmac', 'verify-hmac'],
    ['POST', '/export', 'export'],
    ['POST', '/rotate', 'rotate'],
    ['POST', '/disable', 'disable'],
    ['POST', '/enable', 'enable'],
    ['GET', '/public-key', 'public-key'],
    ['PATCH', '/rotation', 'rotation-update'],
    ['GET', '', 'get'],
    ['DELETE', '', 'delete'],
    ['DELETE', '/cancel-deletion', 'cancel-deletion'],
  ] as const) {
    test(`${method} …/keys/{id}${suffix} is a ${purpose}`, () => {
      const facts = restCallFacts(call(method, base + suffix));
      assert.deepEqual(facts.uses.map((u) => u.purpose), [purpose]);
    });
  }

  test('region and key come from the path, with their exact ranges inside the quoted literal', () => {
    const [use] = restCallFacts(call('POST', `${base}/encrypt`)).uses;
    assert.deepEqual(use.region, known('nl-01'));
    assert.deepEqual(use.key, known({ text: 'kms-abc123' }));
    // `"https://api.thalassa.cloud/v1/kms/` is 35 characters from column 10.
    assert.deepEqual(at(use.regionLoc), [0, 45, 50]);
    assert.deepEqual(at(use.keyLoc), [0, 56, 66]);
    assert.equal(use.regionWriter?.style, 'cli');
    assert.deepEqual(at(use.loc), [0, 0, 80]);
  });

  test('public-key is never an export', () => {
    const facts = restCallFacts(call('GET', `${base}/public-key?version=2`));
    assert.deepEqual(facts.uses.map((u) => u.purpose), ['public-key']);
  });

  test('a method the endpoint does not accept is not an API call', () => {
    assert.deepEqual(restCallFacts(call('GET', `${base}/encrypt`)).uses, []);
    assert.deepEqual(restCallFacts(call('POST', base)).uses, []);
    assert.deepEqual(restCallFacts(call('POST', `${base}/public-key`)).uses, []);
  });

  test('an unknown method still names the operation when the path alone does', () => {
    const [use] = restCallFacts(call(unknown('method from a variable'), `${base}/decrypt`)).uses;
    assert.equal(use.purpose, 'decrypt');
    assert.deepEqual(restCallFacts(call(unknown('method from a variable'), base)).uses, []);
  });

  test('non-KMS and unrelated URLs give no facts', () => {
    for (const url of ['https://api.thalassa.cloud/v1/iaas/nl-01/vpcs', 'https://example.com/v1/kms', 'https://api.thalassa.cloud/v1/kms/summary', 'https://api.thalassa.cloud/v1/kms/nl-01/wrapping-key', 'https://api.thalassa.cloud/v1/kms/nl-01/keys']) {
      const facts = restCallFacts(call('GET', url));
      assert.deepEqual([facts.keys, facts.uses], [[], []], url);
    }
    const facts = restCallFacts({ ...call('POST', 'x'), url: unknown('URL from a variable') });
    assert.deepEqual(facts.uses, []);
  });

  test('URL parts: unknown base, resolved region, unknown key, defId', () => {
    const parts: UrlPart[] = [
      { kind: 'value', value: unknown('environment variable API'), loc: loc(3, 10, 16) },
      { kind: 'text', text: '/v1/kms/', loc: loc(3, 16, 24) },
      { kind: 'value', value: known('nl-02', [{ label: 'region = "nl-02"', loc: loc(1, 0, 16) }]), loc: loc(3, 24, 33) },
      { kind: 'text', text: '/keys/', loc: loc(3, 33, 39) },
      { kind: 'value', value: unknown('parameter keyId'), loc: loc(3, 39, 47) },
      { kind: 'text', text: '/encrypt', loc: loc(3, 47, 55) },
    ];
    const [use] = restCallFacts({ ...call('POST', ''), url: unknown('template'), urlParts: parts }).uses;
    assert.equal(use.purpose, 'encrypt');
    assert.deepEqual(use.region, known('nl-02', [{ label: 'region = "nl-02"', loc: loc(1, 0, 16) }]));
    assert.deepEqual(at(use.regionLoc), [3, 24, 33]);
    // A substituted region is not a literal a fix could replace bare.
    assert.equal(use.regionWriter, undefined);
    assert.deepEqual(use.key, unknown('parameter keyId'));
    assert.deepEqual(at(use.keyLoc), [3, 39, 47]);

    const resolved = parts.map((p, i) => (i === 4 ? { ...p, defId: 'api-create:x' } : p));
    const [byDef] = restCallFacts({ ...call('POST', ''), url: unknown('template'), urlParts: resolved }).uses;
    assert.deepEqual(byDef.key.known && byDef.key.value, { defId: 'api-create:x' });
  });

  test('a region variable inside a segment makes only that segment unknown', () => {
    const parts: UrlPart[] = [
      { kind: 'text', text: '/v1/kms/nl-', loc: loc(0, 1, 12) },
      { kind: 'value', value: unknown('parameter n'), loc: loc(0, 12, 16) },
      { kind: 'text', text: '/keys/app/rotate', loc: loc(0, 16, 32) },
    ];
    const [use] = restCallFacts({ ...call('POST', ''), urlParts: parts }).uses;
    assert.equal(use.region.known, false);
    assert.deepEqual(at(use.regionLoc), [0, 9, 16]);
    assert.deepEqual(use.key, known({ text: 'app' }));
  });

  test('statementStart passes through on delete', () => {
    const statementStart = { loc: loc(0, 0, 0), indent: '', text: 'curl -X POST …/disable\n' };
    const [use] = restCallFacts(call('DELETE', base, { statementStart })).uses;
    assert.deepEqual(use.statementStart, statementStart);
  });
});

describe('restCallFacts: payloads', () => {
  const url = 'https://api.thalassa.cloud/v1/kms/nl-01/keys/app/encrypt';

  test('a base64 literal counts its decoded bytes', () => {
    const [use] = restCallFacts(call('POST', url, { body: body([field('plaintext', 'aGVsbG8=', 2)]) })).uses;
    assert.deepEqual(use.payload, { source: 'literal', bytes: 5, via: 'a literal', loc: loc(2, 20, 30) });
  });

  test('a large literal is large', () => {
    const b64 = Buffer.alloc(100).toString('base64');
    const [use] = restCallFacts(call('POST', url, { body: body([field('plaintext', b64, 2)]) })).uses;
    assert.equal(use.payload?.bytes, 100);
  });

  test("the host's provenance wins: a locally generated 32-byte DEK", () => {
    const payload = { source: 'random' as const, bytes: 32, name: 'dek', via: 'crypto.randomBytes(32)', loc: loc(2, 20, 30) };
    const [use] = restCallFacts(call('POST', url, { body: body([field('plaintext', undefined, 2, { payload })]) })).uses;
    assert.deepEqual(use.payload, payload);
  });

  test('a body read from a file (curl -d @file) is a file payload', () => {
    const [use] = restCallFacts(call('POST', url, { body: { kind: 'file', path: 'data.json', loc: loc(0, 70, 80) } })).uses;
    assert.deepEqual(use.payload, { source: 'file', via: 'request body from file data.json', path: 'data.json', loc: loc(0, 70, 80) });
  });

  test('decrypt reads ciphertext; sign has no payload', () => {
    const dec = restCallFacts(call('POST', url.replace('encrypt', 'decrypt'), { body: body([field('ciphertext', 'dGhhbGFzc2E6djE6eHl6', 2)]) })).uses[0];
    assert.equal(dec.payload?.source, 'literal');
    const sign = restCallFacts(call('POST', url.replace('encrypt', 'sign'), { body: body([field('input', 'aGVsbG8=', 2)]) })).uses[0];
    assert.equal(sign.payload, undefined);
  });
});

describe('restCallFacts: create, secrets, DNSSEC', () => {
  const create = 'https://api.thalassa.cloud/v1/kms/nl-01/keys';

  test('POST /keys is an api-create definition with attributes from the body', () => {
    const fields = [
      field('name', 'app-data', 2),
      field('keyType', 'aes256-gcm96', 3),
      field('exportAllowed', true, 4),
      field('keyRotationEnabled', undefined, 5),
      field('importKeyMaterial', 'd3JhcHBlZA==', 6),
    ];
    const facts = restCallFacts(call('POST', create, { body: body(fields) }));
    assert.equal(facts.uses.length, 0);
    const [key] = facts.keys;
    assert.equal(key.kind, 'api-create');
    assert.deepEqual([key.name, key.region, key.keyType], [known('app-data'), known('nl-01'), known('aes256-gcm96')]);
    assert.deepEqual(at(key.regionLoc), [0, 45, 50]);
    assert.deepEqual(key.exportAllowed, { present: true, value: known(true), loc: loc(4, 2, 30), valueLoc: loc(4, 20, 30), removeLoc: loc(3, 10, 30, 4) });
    assert.deepEqual([key.rotationEnabled.present, key.rotationEnabled.value.known], [true, false]);
    assert.deepEqual([key.rotationDays.present, key.rotationDays.value.known], [false, false]);
    assert.deepEqual(key.allowRotation.value.known && key.allowRotation.value.value, false);
    assert.deepEqual(key.importMaterial.value, known({ kind: 'literal', text: 'd3JhcHBlZA==' }));
    assert.equal(key.writer?.style, 'json');
  });

  test('a type mismatch is unknown, not a guess', () => {
    const [key] = restCallFacts(call('POST', create, { body: body([field('name', 'a', 2), field('exportAllowed', 'yes', 3)]) })).keys;
    assert.deepEqual([key.exportAllowed.present, key.exportAllowed.value.known], [true, false]);
  });

  test('a create whose body is in a file or unknown gives no definition', () => {
    assert.deepEqual(restCallFacts(call('POST', create, { body: { kind: 'file', path: 'k.json', loc: loc(0, 0, 5) } })).keys, []);
    assert.deepEqual(restCallFacts(call('POST', create)).keys, []);
  });

  test('secret create: key from kmsKeyIdentity, environment from the path', () => {
    const [use] = restCallFacts(
      call('POST', 'https://api.thalassa.cloud/v1/secrets/nl-01/secrets', { body: body([field('path', '/app/production/db', 2), field('kmsKeyIdentity', 'kms-abc', 3)]) }),
    ).uses;
    assert.deepEqual([use.purpose, use.key, use.region, use.consumer], ['secret', known({ text: 'kms-abc' }), known('nl-01'), '/app/production/db']);
    assert.equal(use.environment?.known && use.environment.value, 'prod');
    assert.deepEqual(at(use.keyLoc), [3, 20, 30]);
  });

  test('DNSSEC: region from the body; no key means the platform key', () => {
    const url = 'https://api.thalassa.cloud/v1/dns/zones/zone-1/dnssec';
    const [use] = restCallFacts(call('PUT', url, { body: body([field('region', 'nl-01', 2, { isLiteral: true }), field('kmsKeyIdentity', 'kms-dns', 3)]) })).uses;
    assert.deepEqual([use.purpose, use.key, use.region, use.consumer], ['dnssec', known({ text: 'kms-dns' }), known('nl-01'), 'DNS zone zone-1']);
    assert.deepEqual(at(use.regionLoc), [2, 20, 30]);
    assert.equal(use.regionWriter?.style, 'json');
    assert.deepEqual(restCallFacts(call('PUT', url, { body: body([field('region', 'nl-01', 2)]) })).uses, []);
    assert.deepEqual(restCallFacts(call('GET', url)).uses, []);
  });
});
