// tcloud and curl in shell scripts: facts with exact ranges for every command family.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FactSet, KeyUse, Value } from '../../server/src/engine/types';
import { createShellExtractor, extractShellText, isShellScript } from '../../server/src/surfaces/shell/extractShellFacts';
import { applyEdits } from '../helpers/ruleTester';
import { extract, textAt, where } from './surfaceTestUtils';

async function facts(code: string, name = 't.sh'): Promise<FactSet> {
  return extract(createShellExtractor(), { [name]: code });
}

function valueOf<T>(v: Value<T> | undefined): T | string | undefined {
  if (!v) return undefined;
  return v.known ? v.value : `unknown: ${v.reason}`;
}

function use(f: FactSet, purpose: KeyUse['purpose'], nth = 0): KeyUse {
  const found = f.uses.filter((u) => u.purpose === purpose)[nth];
  assert.ok(found, `no ${purpose} use #${nth}; have ${f.uses.map((u) => u.purpose).join(', ')}`);
  return found;
}

describe('shell: which files', () => {
  test('*.sh, *.bash and extension-less files with a sh/bash shebang', () => {
    assert.equal(isShellScript('/ws/deploy.sh', ''), true);
    assert.equal(isShellScript('/ws/deploy.bash', ''), true);
    assert.equal(isShellScript('/ws/bin/rotate', '#!/usr/bin/env bash\n'), true);
    assert.equal(isShellScript('/ws/bin/rotate', '#!/bin/sh -e\n'), true);
    assert.equal(isShellScript('/ws/bin/rotate', '#!/usr/bin/env -S bash -eu\n'), true);
    assert.equal(isShellScript('/ws/bin/tool', '#!/usr/bin/env python3\n'), false);
    assert.equal(isShellScript('/ws/notes.txt', '#!/bin/bash\n'), false);
    assert.equal(isShellScript('/ws/bin/rotate', 'tcloud kms keys create\n'), false);
  });
});

describe('shell: tcloud kms keys create', () => {
  const code = [
    '#!/bin/bash',
    'REGION=nl-01',
    'tcloud kms keys create --name app --region "$REGION" \\',
    '  --export-allowed \\',
    '  --rotation-enabled --rotation-period-days=90 \\',
    '  --key-type aes256-gcm96 > key.txt # created',
    '',
  ].join('\n');

  test('a definition with every flag at its exact place', async () => {
    const f = await facts(code);
    assert.equal(f.keys.length, 1);
    const key = f.keys[0];
    assert.deepEqual([key.kind, key.surface, key.scope, key.order], ['api-create', 'shell', 'shell:/ws/t.sh', 0]);
    assert.equal(where(key.loc), 't.sh:3:1-6:26');
    assert.equal(textAt(code, key.nameLoc), 'keys create');
    assert.deepEqual([valueOf(key.name), valueOf(key.region), valueOf(key.keyType)], ['app', 'nl-01', 'aes256-gcm96']);
    assert.equal(textAt(code, key.regionLoc), '"$REGION"');
    assert.deepEqual(key.region.trace.map((s) => [s.label, where(s.loc)]), [
      ['--region "$REGION"', 't.sh:3:35-3:53'],
      ['REGION=nl-01', 't.sh:2:1-2:13'],
    ]);
    assert.deepEqual([key.exportAllowed.present, valueOf(key.exportAllowed.value)], [true, true]);
    assert.equal(textAt(code, key.exportAllowed.loc), '--export-allowed');
    assert.equal(key.exportAllowed.valueLoc, undefined);
    assert.equal(textAt(code, key.rotationEnabled.loc), '--rotation-enabled');
    assert.deepEqual([valueOf(key.rotationDays.value), textAt(code, key.rotationDays.loc), textAt(code, key.rotationDays.valueLoc)], [90, '--rotation-period-days=90', '90']);
    assert.deepEqual([key.allowRotation.present, valueOf(key.allowRotation.value)], [false, false]);
    assert.deepEqual([key.importMaterial.present, key.importMaterial.value.known], [false, false]);
    assert.deepEqual(valueOf(key.status.value), 'active');
    // New flags go right after the last argument, before the redirect and the comment.
    assert.deepEqual([where(key.writer?.insertAt), key.writer?.style, key.writer?.before, key.writer?.after], ['t.sh:6:26-6:26', 'cli', ' ', '']);
  });

  test('removing a flag alone on a continued line takes the continuation with it', async () => {
    const key = (await facts(code)).keys[0];
    const removed = applyEdits(code, [{ file: '', range: key.exportAllowed.removeLoc!.range, newText: '' }]);
    assert.equal(removed.split('\n').slice(2, 5).join('\n'), ['tcloud kms keys create --name app --region "$REGION" \\', '  --rotation-enabled --rotation-period-days=90 \\', '  --key-type aes256-gcm96 > key.txt # created'].join('\n'));
    // A flag first on its line with others after it: it goes with the space after it.
    const rotation = applyEdits(code, [{ file: '', range: key.rotationEnabled.removeLoc!.range, newText: '' }]);
    assert.equal(rotation.split('\n')[4], '  --rotation-period-days=90 \\');
    // A flag after others on its line: it goes with the space before it.
    const days = applyEdits(code, [{ file: '', range: key.rotationDays.removeLoc!.range, newText: '' }]);
    assert.equal(days.split('\n')[4], '  --rotation-enabled \\');
  });

  test('boolean spellings: =true, =false, =1, =$VAR; a word after a boolean flag is not its value', async () => {
    const f = await facts(
      [
        'tcloud kms keys create --name a --region r --export-allowed=true',
        'tcloud kms keys create --name b --region r --export-allowed=false --allow-rotation=1',
        'tcloud kms keys create --name c --region r --export-allowed="$ALLOW"',
        'tcloud kms keys create --name d --region r --export-allowed false',
      ].join('\n'),
    );
    const byName = (n: string) => f.keys.find((k) => valueOf(k.name) === n)!;
    assert.deepEqual(valueOf(byName('a').exportAllowed.value), true);
    assert.deepEqual(valueOf(byName('b').exportAllowed.value), false);
    assert.deepEqual(valueOf(byName('b').allowRotation.value), true);
    assert.deepEqual(valueOf(byName('c').exportAllowed.value), 'unknown: $ALLOW is not set in the script');
    assert.deepEqual(valueOf(byName('d').exportAllowed.value), true);
  });

  test('absent flags are known defaults, unless words only known at run time may add flags', async () => {
    const f = await facts('tcloud kms keys create --name a --region r\ntcloud kms keys create --name b --region r $EXTRA_FLAGS\n');
    assert.deepEqual(valueOf(f.keys[0].exportAllowed.value), false);
    assert.deepEqual(f.keys[0].exportAllowed.value.trace.map((s) => s.label), ['--export-allowed not set: the default is false']);
    assert.equal(f.keys[1].exportAllowed.value.known, false);
    assert.equal(f.keys[1].rotationEnabled.value.known, false);
  });

  test('--import-key-material: literal, file read by a command substitution, variable', async () => {
    const code = [
      'tcloud kms keys create --name a --region r --import-key-material q2lWZ3JhbmRvbWtleW1hdGVyaWFsMTIzNDU2Nzg5MA==',
      'tcloud kms keys create --name b --region r --import-key-material "$(base64 -w0 key.bin)"',
      'tcloud kms keys create --name c --region r --import-key-material "$(cat wrapped.b64)"',
      'tcloud kms keys create --name d --region r --import-key-material "$WRAPPED"',
      'MATERIAL=aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=',
      'tcloud kms keys create --name e --region r --import-key-material "$MATERIAL"',
    ].join('\n');
    const f = await facts(code);
    const byName = (n: string) => f.keys.find((k) => valueOf(k.name) === n)!;
    assert.deepEqual(valueOf(byName('a').importMaterial.value), { kind: 'literal', text: 'q2lWZ3JhbmRvbWtleW1hdGVyaWFsMTIzNDU2Nzg5MA==' });
    assert.deepEqual(valueOf(byName('b').importMaterial.value), { kind: 'file', path: 'key.bin', reader: 'base64' });
    assert.equal(textAt(code, byName('b').importMaterial.valueLoc), '"$(base64 -w0 key.bin)"');
    assert.deepEqual(valueOf(byName('c').importMaterial.value), { kind: 'file', path: 'wrapped.b64', reader: 'cat' });
    assert.deepEqual(valueOf(byName('d').importMaterial.value), { kind: 'variable', name: 'WRAPPED' });
    // A literal reached through a variable is still a literal; its value never shows in the trace.
    const e = byName('e').importMaterial.value;
    assert.deepEqual(valueOf(e), { kind: 'literal', text: 'aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=' });
    assert.deepEqual(e.trace.map((s) => s.label), ['--import-key-material', 'MATERIAL=…']);
  });

  test('the environment of a created key: an env label, else a word of its name', async () => {
    const f = await facts('tcloud kms keys create --name orders --region r --labels team=a,env=staging\ntcloud kms keys create --name prod-orders --region r\ntcloud kms keys create --name orders --region r\n');
    assert.deepEqual(f.keys.map((k) => valueOf(k.environment)), ['staging', 'prod', undefined]);
    assert.deepEqual(f.keys[0].environment?.trace.map((s) => s.label), ['--labels team=a,env=staging']);
  });

  test('global flags anywhere, short forms, --flag=value, `--`', async () => {
    const code = 'tcloud -c prod kms --region=nl-02 keys -O org create --name=orders -P proj\n';
    const key = (await facts(code)).keys[0];
    assert.deepEqual([valueOf(key.name), valueOf(key.region)], ['orders', 'nl-02']);
    assert.equal(textAt(code, key.regionLoc), 'nl-02');
    assert.equal(textAt(code, key.nameLoc), 'keys -O org create');
  });
});

describe('shell: key uses', () => {
  test('aliases: keys|key|k, delete|rm|remove, view|get|show; list makes no fact', async () => {
    const code = [
      'tcloud kms k rm kms-1 --region nl-01 --force',
      'tcloud kms key remove kms-2 --region nl-01',
      'tcloud kms keys delete kms-3 --region nl-01',
      'tcloud kms keys show kms-4 --region nl-01',
      'tcloud kms keys get kms-5 --region nl-01',
      'tcloud kms keys view kms-6 --region nl-01',
      'tcloud kms keys ls --region nl-01',
      'tcloud kms keys disable kms-7 --region nl-01',
      'tcloud kms keys enable kms-8 --region nl-01',
      'tcloud kms keys rotate kms-9 --region nl-01',
      'tcloud kms keys rotation kms-10 --region nl-01 --enabled --period-days 90',
      'tcloud kms keys cancel-deletion kms-11 --region nl-01',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(
      f.uses.map((u) => [u.purpose, valueOf(u.key), textAt(code, u.keyLoc), textAt(code, u.nameLoc), u.order]),
      [
        ['delete', { text: 'kms-1' }, 'kms-1', 'k rm', 0],
        ['delete', { text: 'kms-2' }, 'kms-2', 'key remove', 1],
        ['delete', { text: 'kms-3' }, 'kms-3', 'keys delete', 2],
        ['get', { text: 'kms-4' }, 'kms-4', 'keys show', 3],
        ['get', { text: 'kms-5' }, 'kms-5', 'keys get', 4],
        ['get', { text: 'kms-6' }, 'kms-6', 'keys view', 5],
        ['disable', { text: 'kms-7' }, 'kms-7', 'keys disable', 6],
        ['enable', { text: 'kms-8' }, 'kms-8', 'keys enable', 7],
        ['rotate', { text: 'kms-9' }, 'kms-9', 'keys rotate', 8],
        ['rotation-update', { text: 'kms-10' }, 'kms-10', 'keys rotation', 9],
        ['cancel-deletion', { text: 'kms-11' }, 'kms-11', 'keys cancel-deletion', 10],
      ],
    );
    assert.ok(f.uses.every((u) => valueOf(u.region) === 'nl-01' && u.surface === 'shell' && !u.inLoop));
  });

  test('crypto commands take the key from --key; public-key is its own purpose, never export', async () => {
    const code = [
      'tcloud kms sign --key signer --region nl-01 --input aGVsbG8=',
      'tcloud kms verify --key signer --region nl-01 --input aGVsbG8= --signature c2ln',
      'tcloud kms hmac --key mac --region nl-01 --input aGVsbG8= > mac.txt',
      'tcloud kms verify-hmac --key=mac --region nl-01 --input aGVsbG8= --hmac aG1hYw==',
      'tcloud kms public-key --key signer --region nl-01 --version 2',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(
      f.uses.map((u) => [u.purpose, valueOf(u.key), textAt(code, u.keyLoc), textAt(code, u.nameLoc)]),
      [
        ['sign', { text: 'signer' }, 'signer', 'sign'],
        ['verify', { text: 'signer' }, 'signer', 'verify'],
        ['hmac', { text: 'mac' }, 'mac', 'hmac'],
        ['verify-hmac', { text: 'mac' }, 'mac', 'verify-hmac'],
        ['public-key', { text: 'signer' }, 'signer', 'public-key'],
      ],
    );
    assert.deepEqual(use(f, 'verify-hmac').key.trace.map((s) => s.label), ['--key=mac']);
    assert.deepEqual(f.prints, []);
  });

  test('encrypt payloads: literal bytes, --from-file, base64 of a file, random bytes, variables', async () => {
    const code = [
      'tcloud kms encrypt --key k --region r --plaintext aGVsbG8gd29ybGQ=',
      'tcloud kms encrypt --key k --region r --from-file data.csv --to-file data.enc',
      'tcloud kms encrypt --key k --region r --plaintext "$(base64 < data.csv)"',
      'cat report.pdf | base64 > /dev/null',
      'tcloud kms encrypt --key k --region r --plaintext "$(cat report.pdf | base64)"',
      'DEK=$(openssl rand -base64 32)',
      'tcloud kms encrypt --key k --region r --plaintext "$DEK"',
      'tcloud kms encrypt --key k --region r --plaintext "$(head -c 48 /dev/urandom | base64 -w0)"',
      'tcloud kms encrypt --key k --region r --plaintext "$PAYLOAD"',
      'tcloud kms decrypt --key k --region r --from-file data.enc --to-file data.csv',
      'tcloud kms encrypt --key k --region r --plaintext "$(echo -n "$DATA_KEY" | base64)"',
      'tcloud kms encrypt --key k --region r --plaintext "$(printf %s hello | base64 -w0)"',
    ].join('\n');
    const f = await facts(code);
    const payloads = f.uses.map((u) => u.payload && { ...u.payload, loc: textAt(code, u.payload.loc) });
    assert.deepEqual(payloads, [
      { source: 'literal', bytes: 11, via: 'a literal', loc: 'aGVsbG8gd29ybGQ=' },
      { source: 'file', via: '--from-file data.csv', path: 'data.csv', loc: 'data.csv' },
      { source: 'file', via: 'base64 < data.csv', path: 'data.csv', loc: '"$(base64 < data.csv)"' },
      { source: 'file', via: 'cat report.pdf', path: 'report.pdf', loc: '"$(cat report.pdf | base64)"' },
      { source: 'random', bytes: 32, via: 'openssl rand -base64 32', loc: '"$DEK"', name: 'DEK' },
      { source: 'random', bytes: 48, via: 'head -c 48 /dev/urandom', loc: '"$(head -c 48 /dev/urandom | base64 -w0)"' },
      { source: 'variable', name: 'PAYLOAD', loc: '"$PAYLOAD"' },
      { source: 'file', via: '--from-file data.enc', path: 'data.enc', loc: 'data.enc' },
      { source: 'variable', name: 'DATA_KEY', loc: '"$(echo -n "$DATA_KEY" | base64)"' },
      { source: 'literal', bytes: 5, via: 'a literal', loc: '"$(printf %s hello | base64 -w0)"' },
    ]);
  });

  test('tcloud secrets create and dns zones dnssec enable reference a key', async () => {
    const code = [
      'tcloud secrets create --region nl-01 --path /app/prod/db/password --kms-key app-secrets --generate-bytes=32',
      'tcloud dns zones dnssec enable example.com --region nl-01 --kms-key dnssec-signing',
      'tcloud dns zones dnssec enable other.com --region nl-01',
    ].join('\n');
    const f = await facts(code);
    const secret = use(f, 'secret');
    assert.deepEqual([valueOf(secret.key), textAt(code, secret.keyLoc), secret.consumer, valueOf(secret.environment), textAt(code, secret.nameLoc)], [{ text: 'app-secrets' }, 'app-secrets', '/app/prod/db/password', 'prod', 'secrets create']);
    const zone = use(f, 'dnssec');
    assert.deepEqual([valueOf(zone.key), textAt(code, zone.keyLoc), zone.consumer, valueOf(zone.region), textAt(code, zone.nameLoc), zone.environment], [{ text: 'dnssec-signing' }, 'dnssec-signing', 'DNS zone example.com', 'nl-01', 'dnssec enable', undefined]);
    // Without --kms-key the platform provisions its own key: no reference.
    assert.equal(f.uses.length, 2);
  });
});

describe('shell: variables, substitutions, control flow', () => {
  test('export, readonly, ${VAR:-default}, : "${VAR:=default}", +=, unset', async () => {
    const code = [
      'export REGION="nl-01"',
      'readonly NAME=orders',
      ': "${ENV:=prod}"',
      'NAME+=-$ENV',
      'tcloud kms keys create --name "$NAME" --region "${REGION:-nl-02}" --key-type "${TYPE:-rsa-2048}"',
      'unset REGION',
      'tcloud kms keys create --name x --region "$REGION"',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual([valueOf(f.keys[0].name), valueOf(f.keys[0].region), valueOf(f.keys[0].keyType)], ['orders-prod', 'nl-01', 'rsa-2048']);
    assert.deepEqual(f.keys[0].keyType.trace.map((s) => s.label), ['--key-type "${TYPE:-rsa-2048}"', '${TYPE:-rsa-2048} ($TYPE is not set in the script)']);
    assert.deepEqual(f.keys[0].name.trace.map((s) => s.label), ['--name "$NAME"', 'NAME+=-$ENV', 'NAME=orders', '${ENV:=prod} ($ENV is not set in the script)']);
    assert.deepEqual(valueOf(f.keys[1].region), '');
  });

  test('a variable assigned differently on different paths is unknown afterwards', async () => {
    const code = [
      'REGION=nl-01',
      'if [ "$ENV" = prod ]; then REGION=nl-02; fi',
      'tcloud kms keys create --name a --region "$REGION"',
      'if true; then R2=nl-01; else R2=nl-01; fi',
      'tcloud kms keys create --name b --region "$R2"',
      'case "$X" in a) R3=x;; *) R3=y;; esac',
      'tcloud kms keys create --name c --region "$R3"',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(f.keys.map((k) => valueOf(k.region)), ['unknown: $REGION is assigned differently on different paths', 'nl-01', 'unknown: $R3 is assigned differently on different paths']);
  });

  test('functions are their own scope; locals and positional parameters stay unknown', async () => {
    const code = ['REGION=nl-01', 'retire() {', '  local key="$1"', '  tcloud kms keys delete "$key" --region "$REGION"', '}', 'retire kms-1', 'tcloud kms keys disable kms-1 --region nl-01', ''].join('\n');
    const f = await facts(code);
    const del = use(f, 'delete');
    assert.deepEqual([del.scope, valueOf(del.key), valueOf(del.region)], ['shell:/ws/t.sh#retire()', 'unknown: $1 is set when the script runs', 'nl-01']);
    assert.equal(use(f, 'disable').scope, 'shell:/ws/t.sh');
  });

  test('the output of a create, captured, names that key', async () => {
    const code = [
      'KEY_ID=$(tcloud kms keys create --name orders --region nl-01 -o json | jq -r .identity)',
      'tcloud kms encrypt --key "$KEY_ID" --region nl-01 --plaintext aGk=',
      'ID2=`tcloud kms keys create --name other --region nl-01 --no-header | awk \'{print $1}\'`',
      'tcloud kms keys delete $ID2 --region nl-01',
    ].join('\n');
    const f = await facts(code);
    assert.equal(f.keys.length, 2);
    assert.deepEqual(valueOf(use(f, 'encrypt').key), { defId: f.keys[0].id });
    assert.deepEqual(valueOf(use(f, 'delete').key), { defId: f.keys[1].id });
    assert.equal(textAt(code, use(f, 'delete').keyLoc), '$ID2');
    // The create runs first: its order is lower than the use.
    assert.ok(f.keys[0].order < use(f, 'encrypt').order);
  });

  test('loops: for, while read, xargs put uses in a loop; the list of a for runs once', async () => {
    const code = [
      'for f in $(ls *.csv); do',
      '  tcloud kms encrypt --key k --region r --from-file "$f"',
      'done',
      'while read -r line; do tcloud kms encrypt --key k --region r --plaintext "$line"; done < rows.txt',
      'ls *.csv | xargs -I{} tcloud kms encrypt --key k --region r --from-file {}',
      'tcloud kms encrypt --key k --region r --plaintext aGk=',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(
      f.uses.map((u) => [u.inLoop, u.payload?.source, u.payload?.name]),
      [
        [true, 'file', undefined],
        [true, 'variable', 'line'],
        [true, 'file', undefined],
        [false, 'literal', undefined],
      ],
    );
  });

  test('sh -c / bash -ec: the string is a script of its own, at its host positions', async () => {
    const code = [
      "sudo sh -c 'tcloud kms keys delete kms-1 --region nl-01'",
      'for k in a b; do bash -ec "tcloud kms encrypt --key $k --region nl-01 --from-file data.csv"; done',
      '',
    ].join('\n');
    const f = await facts(code);
    const del = use(f, 'delete');
    assert.deepEqual([textAt(code, del.nameLoc), textAt(code, del.keyLoc), del.statementStart?.text], ['keys delete', 'kms-1', 'tcloud kms keys disable kms-1 --region nl-01 && ']);
    const enc = use(f, 'encrypt');
    assert.deepEqual([valueOf(enc.key), textAt(code, enc.keyLoc), enc.inLoop, enc.payload?.source], ['unknown: a loop variable', '$k', true, 'file']);
  });

  test('quoting and escapes: raw strings, double quotes, concatenation, $\'…\', backslashes', async () => {
    const code = 'tcloud kms keys create --name \'my app\' --region nl"-"\'0\'1 --description "a \\"b\\"" --key-type $\'rsa-2048\' --hash-function sha\\256\n';
    const key = (await facts(code)).keys[0];
    assert.deepEqual([valueOf(key.name), valueOf(key.keyType), valueOf(key.region)], ['my app', 'rsa-2048', 'nl-01']);
    assert.equal(textAt(code, key.regionLoc), 'nl"-"\'0\'1');
  });
});

describe('shell: printing secrets', () => {
  test('export and decrypt to the terminal print; --to-file, redirects and captures do not', async () => {
    const code = [
      'tcloud kms export --key k --region r',
      'tcloud kms decrypt --key k --region r --from-file secret.enc',
      'tcloud kms decrypt --key k --region r --from-file secret.enc --to-file secret.txt',
      'tcloud kms export --key k --region r > key.bin',
      'tcloud kms export --key k --region r >/dev/null 2>&1',
      'tcloud kms decrypt --key k --region r --ciphertext "$C" 1>&2',
      '{ tcloud kms export --key k --region r; } > key.bin',
      'tcloud kms decrypt --key k --region r --ciphertext "$C" | base64 -d > out.bin',
      'tcloud kms decrypt --key k --region r --ciphertext "$C" | base64 -d',
      'tcloud kms decrypt --key k --region r --ciphertext "$C" | gpg --encrypt -r ops',
      'tcloud kms sign --key k --region r --input aGk=',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(
      f.prints.map((p) => [p.value, p.sink, where(p.loc), textAt(code, p.loc), p.fix?.title, p.fix?.edits.map((e) => [where({ file: e.file, range: e.range }), e.newText])]),
      [
        ['key-material', 'stdout', 't.sh:1:1-1:18', 'tcloud kms export', 'Redirect the output to a file', [['t.sh:1:37-1:37', ' > key-material.bin']]],
        ['plaintext', 'stdout', 't.sh:2:1-2:19', 'tcloud kms decrypt', 'Write the output to a file with --to-file', [['t.sh:2:61-2:61', ' --to-file secret.bin']]],
        ['plaintext', 'stdout', 't.sh:6:1-6:19', 'tcloud kms decrypt', 'Write the output to a file with --to-file', [['t.sh:6:56-6:56', ' --to-file plaintext.bin']]],
        ['plaintext', 'stdout', 't.sh:9:1-9:19', 'tcloud kms decrypt', undefined, undefined],
      ],
    );
  });

  test('captured output echoed later: a print at the echo argument', async () => {
    const code = [
      'PLAIN=$(tcloud kms decrypt --key k --region r --ciphertext "$C")',
      'echo "decrypted: $PLAIN"',
      'echo "$PLAIN" > plain.txt',
      'printf \'%s\\n\' "$PLAIN" | base64 -d > plain.bin',
      'MATERIAL="$(tcloud kms export --key k --region r)"',
      'printf \'%s\' "$MATERIAL"',
      'logger "material: $MATERIAL" >/dev/null',
      'echo "done"',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual(
      f.prints.map((p) => [p.value, p.sink, textAt(code, p.loc)]),
      [
        ['plaintext', 'echo', '"decrypted: $PLAIN"'],
        ['key-material', 'printf', '"$MATERIAL"'],
        ['key-material', 'logger', '"material: $MATERIAL"'],
      ],
    );
  });
});

describe('shell: disable before delete', () => {
  test('the disable command goes on its own line above, indented like the delete, with the key and region as written', async () => {
    const code = ['if true; then', '    tcloud --context prod kms keys delete "$KEY" --region=$REGION --force', 'fi', ''].join('\n');
    const del = use(await facts(code), 'delete');
    assert.deepEqual(
      { ...del.statementStart, loc: where(del.statementStart?.loc) },
      { loc: 't.sh:2:1-2:1', indent: '    ', text: '    tcloud kms keys disable "$KEY" --region $REGION --context prod\n' },
    );
  });

  test('not first on its line, or on a continued line: joined in front with &&', async () => {
    const code = ['cd infra && tcloud kms keys rm kms-1 --region nl-01', 'echo deleting && \\', '  tcloud kms keys delete kms-2 --region nl-01', 'sudo \\', '  tcloud kms keys delete kms-3 --region nl-01', ''].join('\n');
    const f = await facts(code);
    const [first, second, third] = f.uses;
    assert.deepEqual([where(first.statementStart?.loc), first.statementStart?.text], ['t.sh:1:13-1:13', 'tcloud kms keys disable kms-1 --region nl-01 && ']);
    assert.deepEqual([where(second.statementStart?.loc), second.statementStart?.text], ['t.sh:3:3-3:3', 'tcloud kms keys disable kms-2 --region nl-01 && ']);
    // The command starts at its wrapper: a line above `sudo \` is fine.
    assert.deepEqual([where(third.statementStart?.loc), third.statementStart?.text], ['t.sh:4:1-4:1', 'tcloud kms keys disable kms-3 --region nl-01\n']);
  });
});

describe('shell: curl to the API', () => {
  test('create with a single-quoted JSON body: members at exact places and a JSON writer', async () => {
    const code = [
      'API=https://api.thalassa.cloud',
      'curl -sS -X POST "$API/v1/kms/nl-01/keys" \\',
      '  -H "Authorization: Bearer $TOKEN" \\',
      '  -d \'{"name": "orders", "keyType": "aes256-gcm96", "exportAllowed": true}\'',
      '',
    ].join('\n');
    const f = await facts(code);
    assert.equal(f.keys.length, 1);
    const key = f.keys[0];
    assert.deepEqual([key.kind, key.surface, valueOf(key.name), valueOf(key.region), valueOf(key.exportAllowed.value)], ['api-create', 'rest', 'orders', 'nl-01', true]);
    assert.equal(textAt(code, key.exportAllowed.loc), '"exportAllowed": true');
    assert.equal(textAt(code, key.exportAllowed.valueLoc), 'true');
    assert.equal(textAt(code, key.regionLoc), 'nl-01');
    assert.equal(textAt(code, key.nameLoc), '-X POST');
    assert.deepEqual([where(key.writer?.insertAt), key.writer?.before, key.writer?.after], ['t.sh:4:74-4:74', ', ', '']);
    const fixed = applyEdits(code, [{ file: '', range: key.exportAllowed.removeLoc!.range, newText: '' }]);
    assert.equal(fixed.split('\n')[3], '  -d \'{"name": "orders", "keyType": "aes256-gcm96"}\'');
  });

  test('double-quoted body with escapes and a command substitution; URL from variables; the created key captured', async () => {
    const code = [
      'REGION=nl-01',
      'KEY=$(curl -X POST "https://api.thalassa.cloud/v1/kms/$REGION/keys" -d "{\\"name\\": \\"app\\", \\"keyRotationEnabled\\": true}" | jq -r .identity)',
      'curl -XPOST "https://api.thalassa.cloud/v1/kms/${REGION}/keys/${KEY}/encrypt" --data "{\\"plaintext\\": \\"$(base64 -w0 < data.csv)\\"}"',
      'curl --request POST https://api.thalassa.cloud/v1/kms/nl-01/keys/k/decrypt --data-binary @cipher.json',
    ].join('\n');
    const f = await facts(code);
    assert.deepEqual([valueOf(f.keys[0].name), valueOf(f.keys[0].rotationEnabled.value), textAt(code, f.keys[0].rotationEnabled.loc)], ['app', true, '\\"keyRotationEnabled\\": true']);
    assert.equal(f.keys[0].writer, undefined, 'no writer inside a double-quoted body (inserted quotes would need escaping)');
    const enc = use(f, 'encrypt');
    assert.deepEqual(valueOf(enc.key), { defId: f.keys[0].id });
    assert.equal(textAt(code, enc.keyLoc), '${KEY}');
    assert.deepEqual([valueOf(enc.region), textAt(code, enc.regionLoc)], ['nl-01', '${REGION}']);
    assert.deepEqual(enc.payload && { ...enc.payload, loc: textAt(code, enc.payload.loc) }, { source: 'file', via: 'base64 -w0 < data.csv', path: 'data.csv', loc: '\\"$(base64 -w0 < data.csv)\\"' });
    const dec = use(f, 'decrypt');
    assert.deepEqual(dec.payload && { ...dec.payload, loc: textAt(code, dec.payload.loc) }, { source: 'file', via: 'request body from file cipher.json', path: 'cipher.json', loc: '@cipher.json' });
  });

  test('the docs BYOK pattern \'…"\'"$VAR"\'"…\': members around the variable stay editable', async () => {
    const code = [
      'curl -X POST "https://api.thalassa.cloud/v1/kms/nl-01/keys" \\',
      "  -d '{",
      '    "name": "byok-key",',
      '    "importKeyMaterial": "\'"$WRAPPED_KEY"\'",',
      '    "allowRotation": true',
      "  }'",
      '',
    ].join('\n');
    const key = (await facts(code)).keys[0];
    assert.deepEqual([valueOf(key.name), valueOf(key.importMaterial.value), valueOf(key.allowRotation.value)], ['byok-key', { kind: 'variable', name: 'WRAPPED_KEY' }, true]);
    assert.equal(textAt(code, key.importMaterial.valueLoc), '"\'"$WRAPPED_KEY"\'"');
    const removed = applyEdits(code, [{ file: '', range: key.allowRotation.removeLoc!.range, newText: '' }]);
    assert.deepEqual(removed.split('\n').slice(3, 5), ['    "importKeyMaterial": "\'"$WRAPPED_KEY"\'"', "  }'"]);
    assert.deepEqual([where(key.writer?.insertAt), key.writer?.before], ['t.sh:5:26-5:26', ',\n    ']);
    // The member holding the variable is not removed by editing text around the quotes.
    assert.equal(key.importMaterial.removeLoc, undefined);
  });

  test('a heredoc body (`-d @- <<EOF`): members at their lines, variables expanded, new members on their own line', async () => {
    const code = [
      'NAME=orders',
      'curl -X POST https://api.thalassa.cloud/v1/kms/nl-01/keys --data @- <<EOF',
      '{',
      '  "name": "$NAME",',
      '  "description": "a \\"quoted\\" word",',
      '  "exportAllowed": true',
      '}',
      'EOF',
      "curl -X POST https://api.thalassa.cloud/v1/kms/nl-01/keys -d @- <<'END'",
      '{"name": "$literal"}',
      'END',
      '',
    ].join('\n');
    const [key, literal] = (await facts(code)).keys;
    assert.deepEqual([valueOf(key.name), textAt(code, key.exportAllowed.loc), where(key.writer?.insertAt), key.writer?.before], ['orders', '"exportAllowed": true', 't.sh:6:24-6:24', ',\n  ']);
    assert.equal(valueOf(literal.name), '$literal');
  });

  test('DELETE: the disable request is the same curl with POST …/disable', async () => {
    const code = 'curl -X DELETE -H "Authorization: Bearer $TOKEN" "$API/v1/kms/nl-01/keys/kms-123"\n';
    const del = use(await facts(code), 'delete');
    assert.deepEqual(
      { ...del.statementStart, loc: where(del.statementStart?.loc) },
      { loc: 't.sh:1:1-1:1', indent: '', text: 'curl -X POST -H "Authorization: Bearer $TOKEN" "$API/v1/kms/nl-01/keys/kms-123/disable"\n' },
    );
  });

  test('other URLs and hosts are not API calls', async () => {
    const f = await facts('curl -X POST https://example.com/v2/things -d \'{"exportAllowed": true}\'\ncurl https://api.thalassa.cloud/v1/kms/summary\n');
    assert.deepEqual([f.keys.length, f.uses.length], [0, 0]);
  });
});

describe('shell: comments and bad input', () => {
  test('comments are collected and never produce facts', async () => {
    const code = '#!/bin/bash\n# tcloud kms keys create --name x --region r --export-allowed\necho hi # kms-lint-disable-line export-allowed -- ok\n';
    const f = await facts(code);
    assert.deepEqual([f.keys.length, f.uses.length], [0, 0]);
    assert.deepEqual(f.comments.map((c) => [where(c.loc), c.text]), [
      ['t.sh:1:1-1:12', '#!/bin/bash'],
      ['t.sh:2:1-2:62', '# tcloud kms keys create --name x --region r --export-allowed'],
      ['t.sh:3:9-3:53', '# kms-lint-disable-line export-allowed -- ok'],
    ]);
  });

  test('half-typed scripts still give the complete commands; nothing throws', async () => {
    const code = 'tcloud kms keys create --name a --region r --export-allowed\nif [ "$x" = 1 ; then\n  echo "unterminated\ntcloud kms export --key k --region r $(\n';
    const f = await facts(code);
    assert.equal(f.keys.length, 1);
    for (const junk of ['\u0000\u0001binary', '$(((((', '"'.repeat(5000), 'a=(' + '('.repeat(2000), 'tcloud $(' .repeat(3000)]) await facts(junk);
  });

  test('CRLF line endings: values do not end in a carriage return; inserted lines use CRLF', async () => {
    const code = 'REGION=nl-01\r\ntcloud kms keys delete k --region $REGION\r\n';
    const del = (await facts(code)).uses[0];
    assert.deepEqual([valueOf(del.region), valueOf(del.key), del.statementStart?.text], ['nl-01', { text: 'k' }, 'tcloud kms keys disable k --region $REGION\r\n']);
  });

  test('very long && chains and deep nesting are followed without running out of stack', async () => {
    const chain = await facts(`${'true && '.repeat(20000)}tcloud kms keys delete k --region r\n`);
    assert.deepEqual([chain.uses.length, chain.notes], [1, []]);
    const nested = await facts(`${'if true; then\n'.repeat(200)}tcloud kms keys delete k --region r\n${'fi\n'.repeat(200)}`);
    assert.deepEqual([nested.uses.length, nested.notes], [1, []]);
  });

  test('extractShellText: shell code embedded in a host, blanked outside, keeps host positions', async () => {
    const host = 'Some prose\n```sh\ntcloud kms keys delete k1 --region nl-01\n```\n';
    const start = host.indexOf('tcloud');
    const blanked = host.replace(/[^\n]/g, ' ');
    const virtual = blanked.slice(0, start) + host.slice(start, host.indexOf('\n', start)) + blanked.slice(host.indexOf('\n', start));
    const f = await extractShellText('/ws/README.md', virtual, 'markdown:/ws/README.md#fence1');
    assert.deepEqual([f.uses[0].purpose, where(f.uses[0].nameLoc), f.uses[0].scope], ['delete', 'README.md:3:12-3:23', 'markdown:/ws/README.md#fence1']);
  });
});
