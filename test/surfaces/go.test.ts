// The Go surface: which calls reach the Thalassa SDK, and the exact facts they produce.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertFields } from '../../server/src/engine/fieldWriter';
import { blankOutside } from '../../server/src/surfaces/common';
import { createGoExtractor, extractGoText } from '../../server/src/surfaces/go/extractGoFacts';
import { analyze, applyEdits } from '../helpers/ruleTester';
import { fixture, goFacts, loc, posAt, rangeIn, rangeOf, SDK } from './goTestUtil';

const header = (imports: string) => `package app

import (
	"context"
${imports}
)
`;

describe('go: which calls are SDK calls', () => {
  const CLIENTS =
    header(`
	tk "${SDK}/kms"
	"${SDK}/thalassa"`) +
    `
type service struct {
	keys *tk.Client
}

func (s *service) rotate(ctx context.Context) {
	s.keys.RotateKey(ctx, "nl-01", "kms-field")
}

func viaParam(ctx context.Context, c *tk.Client) {
	c.EnableKey(ctx, "nl-01", "kms-param")
}

func viaNew(ctx context.Context) error {
	c, err := tk.New(nil)
	if err != nil {
		return err
	}
	_, err = c.GetKey(ctx, "nl-01", "kms-new")
	return err
}

func viaFacade(ctx context.Context) {
	tc, _ := thalassa.NewClient()
	tc.KMS().DisableKey(ctx, "nl-01", "kms-chain")
	km := tc.KMS()
	km.CancelDeletion(ctx, "nl-01", "kms-var")
}
`;

  it('recognises clients from an aliased import: struct field, parameter, New, tc.KMS() and a variable holding it', async () => {
    const { uses } = await goFacts({ 'clients.go': CLIENTS });
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.key.known && u.key.value.text, u.nameLoc.range, u.scope]),
      [
        ['rotate', 'kms-field', rangeOf(CLIENTS, 'RotateKey'), 'go:/ws/clients.go:service.rotate'],
        ['enable', 'kms-param', rangeOf(CLIENTS, 'EnableKey'), 'go:/ws/clients.go:viaParam'],
        ['get', 'kms-new', rangeOf(CLIENTS, 'GetKey'), 'go:/ws/clients.go:viaNew'],
        ['disable', 'kms-chain', rangeOf(CLIENTS, 'DisableKey'), 'go:/ws/clients.go:viaFacade'],
        ['cancel-deletion', 'kms-var', rangeOf(CLIENTS, 'CancelDeletion'), 'go:/ws/clients.go:viaFacade'],
      ],
    );
    const chain = uses[3];
    assert.deepEqual(chain.loc, loc('clients.go', rangeOf(CLIENTS, 'tc.KMS().DisableKey(ctx, "nl-01", "kms-chain")')));
    assert.deepEqual(chain.keyLoc, loc('clients.go', rangeOf(CLIENTS, '"kms-chain"')));
    assert.deepEqual(chain.region, { known: true, value: 'nl-01', trace: [] });
    assert.deepEqual(chain.regionLoc, loc('clients.go', rangeOf(CLIENTS, '"nl-01"', 3)));
  });

  it('tells a local variable named like the package from the package', async () => {
    const code =
      header(`	"${SDK}/kms"`) +
      `
func run(ctx context.Context) {
	kms, err := kms.New(nil)
	if err != nil {
		return
	}
	kms.RotateKey(ctx, "nl-01", "kms-shadow")
}
`;
    const { uses } = await goFacts({ 'shadow.go': code });
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.key.known && u.key.value.text]),
      [['rotate', 'kms-shadow']],
    );
  });

  it('ignores same-named methods on other types and other packages', async () => {
    const code =
      header(`
	other "example.com/otherkms"
	"${SDK}/kms"`) +
      `
type box struct{}

func (b box) Encrypt(ctx context.Context, region, id string, data []byte) {}

var _ kms.Client

func run(ctx context.Context, b box, o *other.Client) {
	b.Encrypt(ctx, "nl-01", "kms-1", nil)
	o.DeleteKey(ctx, "nl-01", "kms-1")
}
`;
    const { uses, keys, prints } = await goFacts({ 'other.go': code });
    assert.deepEqual([uses, keys, prints], [[], [], []]);
  });

  it('recognises a call by the SDK request struct it passes when the receiver type is not visible', async () => {
    const code =
      header(`
	other "example.com/otherkms"
	"${SDK}/kms"`) +
      `
type keyAPI interface {
	CreateKey(ctx context.Context, region string, req kms.CreateKmsKeyRequest) (*kms.KmsKey, error)
}

func create(ctx context.Context, api keyAPI, legacy *other.Client) {
	req := kms.CreateKmsKeyRequest{Name: "via-interface"}
	api.CreateKey(ctx, "nl-01", req)
	legacy.CreateKey(ctx, "nl-01", other.CreateKmsKeyRequest{Name: "not-thalassa"})
	api.DeleteKey(ctx, "nl-01", "kms-1")
}
`;
    const { keys, uses } = await goFacts({ 'iface.go': code });
    assert.deepEqual(
      keys.map((k) => [k.name.known && k.name.value, k.nameLoc.range]),
      [['via-interface', rangeOf(code, 'CreateKey', 1)]],
    );
    assert.deepEqual(uses, []);
  });

  it('produces nothing for the SDK source itself: method declarations and calls between them', async () => {
    const { uses, keys, prints } = await goFacts(fixture('sdk-source'));
    assert.deepEqual([uses, keys, prints], [[], [], []]);
  });

  it('follows a .KMS() chain in a file that imports no SDK package, and func literals of package-level initializers', async () => {
    const code = `package cmd

import "example.com/internal/tc"

var deleteCmd = &Command{
	RunE: func(args []string) error {
		client := tc.Get()
		return client.KMS().DeleteKey(ctxOf(), "nl-01", args[0])
	},
}
`;
    const { uses } = await goFacts({ 'cmd/delete.go': code });
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.key.known, u.scope]),
      [['delete', false, `go:/ws/cmd/delete.go:func@${code.indexOf('func(args')}`]],
    );
  });

  it('follows struct fields and client-returning functions declared in another file of the package', async () => {
    const decl = header(`	"${SDK}/kms"`) + `
type Server struct{ crypto *kms.Client }

func newClient() (*kms.Client, error) { return kms.New(nil) }
`;
    const handler = `package app

func (s *Server) seal(ctx Ctx, dek []byte) {
	s.crypto.EncryptBytes(ctx, "nl-01", "kms-app", dek)
	c, _ := newClient()
	c.DecryptBytes(ctx, "nl-01", "kms-app", "ct")
}
`;
    const { uses } = await goFacts({ 'server.go': decl, 'handler.go': handler });
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.loc.file]),
      [
        ['encrypt', '/ws/handler.go'],
        ['decrypt', '/ws/handler.go'],
      ],
    );
  });
});

describe('go: CreateKey', () => {
  const INLINE =
    header(`
	"${SDK}/kms"`) +
    `
func create(ctx context.Context, c *kms.Client) error {
	key, err := c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{
		Name:          "orders",
		KeyType:       kms.KmsKeyTypeRSA2048,
		ExportAllowed: true,
	})
	if err != nil {
		return err
	}
	_, err = c.EncryptBytes(ctx, "nl-01", key.Identity, []byte("k"))
	return err
}
`;

  it('reads an inline request literal with exact locations', async () => {
    const { keys, uses } = await goFacts({ 'keys.go': INLINE });
    assert.equal(keys.length, 1);
    const key = keys[0];
    const exportLine = rangeOf(INLINE, '\t\tExportAllowed: true,\n');
    assert.deepEqual(
      {
        id: key.id,
        kind: key.kind,
        loc: key.loc,
        nameLoc: key.nameLoc,
        name: key.name,
        region: key.region,
        regionLoc: key.regionLoc,
        keyType: key.keyType,
        exportAllowed: key.exportAllowed,
        rotationEnabled: key.rotationEnabled,
        rotationDays: key.rotationDays,
        importMaterial: key.importMaterial,
        allowRotation: key.allowRotation.value,
        scope: key.scope,
        order: key.order,
      },
      {
        id: `go:/ws/keys.go:${INLINE.indexOf('c.CreateKey')}`,
        kind: 'api-create',
        loc: loc('keys.go', { start: rangeOf(INLINE, 'c.CreateKey').start, end: rangeOf(INLINE, '})').end }),
        nameLoc: loc('keys.go', rangeOf(INLINE, 'CreateKey')),
        name: { known: true, value: 'orders', trace: [{ label: 'Name: "orders"', loc: loc('keys.go', rangeOf(INLINE, 'Name:          "orders"')) }] },
        region: { known: true, value: 'nl-01', trace: [] },
        regionLoc: loc('keys.go', rangeOf(INLINE, '"nl-01"')),
        keyType: {
          known: true,
          value: 'rsa-2048',
          trace: [{ label: 'KeyType: kms.KmsKeyTypeRSA2048', loc: loc('keys.go', rangeOf(INLINE, 'KeyType:       kms.KmsKeyTypeRSA2048')) }, { label: 'kms.KmsKeyTypeRSA2048 = "rsa-2048"' }],
        },
        exportAllowed: {
          present: true,
          value: { known: true, value: true, trace: [{ label: 'ExportAllowed: true', loc: loc('keys.go', rangeOf(INLINE, 'ExportAllowed: true')) }] },
          loc: loc('keys.go', rangeOf(INLINE, 'ExportAllowed: true')),
          valueLoc: loc('keys.go', rangeOf(INLINE, 'true')),
          removeLoc: loc('keys.go', { start: exportLine.start, end: { line: exportLine.end.line, character: 0 } }),
        },
        rotationEnabled: { present: false, value: { known: true, value: false, trace: [{ label: 'KeyRotationEnabled not set (false)' }] } },
        rotationDays: { present: false, value: { known: false, reason: 'RotationPeriodInDays not set', trace: [] } },
        importMaterial: { present: false, value: { known: false, reason: 'ImportKeyMaterial not set', trace: [] } },
        allowRotation: { known: true, value: false, trace: [{ label: 'AllowRotation not set (false)' }] },
        scope: 'go:/ws/keys.go:create',
        order: INLINE.indexOf('c.CreateKey'),
      },
    );
    // The variable holding the result names the key in later calls.
    assert.deepEqual(uses[0].key.known && uses[0].key.value, { defId: key.id });
    assert.deepEqual(uses[0].keyLoc, loc('keys.go', rangeOf(INLINE, 'key.Identity')));
  });

  it('writes new fields into a multi-line literal as gofmt would', async () => {
    const { keys } = await goFacts({ 'keys.go': INLINE });
    const writer = keys[0].writer!;
    const closeLine = rangeOf(INLINE, '\t})').start.line;
    assert.deepEqual(writer, { style: 'go', insertAt: loc('keys.go', { start: { line: closeLine, character: 0 }, end: { line: closeLine, character: 0 } }), before: '\t\t', after: ',\n' });
    const edit = insertFields(writer, [
      ['rotationEnabled', true],
      ['rotationDays', 90],
    ]);
    assert.equal(
      applyEdits(INLINE, [edit]),
      INLINE.replace(
        '\t\tExportAllowed: true,\n',
        '\t\tExportAllowed: true,\n\t\tKeyRotationEnabled: true,\n\t\tRotationPeriodInDays: func() *int { d := 90; return &d }(),\n',
      ),
    );
  });

  it('reads a single-line literal and writes into it; removal takes the comma', async () => {
    const code = header(`	"${SDK}/kms"`) + `
func create(ctx context.Context, c *kms.Client) {
	c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{ExportAllowed: true, Name: "a"})
	c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "b", AllowRotation: true})
}
`;
    const { keys } = await goFacts({ 'one.go': code });
    const [a, b] = keys;
    assert.deepEqual(a.exportAllowed.removeLoc, loc('one.go', rangeOf(code, 'ExportAllowed: true, ')));
    assert.deepEqual(b.allowRotation.removeLoc, loc('one.go', rangeOf(code, ', AllowRotation: true')));
    const closing = rangeOf(code, '"b", AllowRotation: true}').end;
    const beforeBrace = { line: closing.line, character: closing.character - 1 };
    assert.deepEqual(b.writer, { style: 'go', insertAt: loc('one.go', { start: beforeBrace, end: beforeBrace }), before: ', ', after: '' });
    const fixed = applyEdits(code, [insertFields(b.writer!, [['rotationEnabled', true]])]);
    assert.ok(fixed.includes('kms.CreateKmsKeyRequest{Name: "b", AllowRotation: true, KeyRotationEnabled: true})'), fixed);
  });

  it('reads a request held in a variable, completed by field assignments, with pointer helpers for the period', async () => {
    const code = header(`	"${SDK}/kms"`) + `
func ptr[T any](v T) *T { return &v }

func create(ctx context.Context, c *kms.Client, importRotation bool) {
	days := 90
	req := kms.CreateKmsKeyRequest{
		Name:                 "reports",
		KeyRotationEnabled:   true,
		RotationPeriodInDays: &days,
	}
	req.ExportAllowed = true
	if importRotation {
		req.AllowRotation = true
	}
	c.CreateKey(ctx, "nl-01", req)
	other := &kms.CreateKmsKeyRequest{Name: "other", RotationPeriodInDays: ptr(30)}
	c.CreateKey(ctx, "nl-01", *other)
	c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "fixed", RotationPeriodInDays: func() *int { d := 120; return &d }()})
}
`;
    const { keys } = await goFacts({ 'var.go': code });
    const [reports, other, fixed] = keys;
    assert.deepEqual(reports.name.known && reports.name.value, 'reports');
    assert.deepEqual(reports.rotationDays.value, {
      known: true,
      value: 90,
      trace: [
        { label: 'RotationPeriodInDays: &days', loc: loc('var.go', rangeOf(code, 'RotationPeriodInDays: &days')) },
        { label: 'days = 90', loc: loc('var.go', rangeOf(code, 'days := 90')) },
      ],
    });
    const assignLine = rangeOf(code, '\treq.ExportAllowed = true\n');
    assert.deepEqual(reports.exportAllowed, {
      present: true,
      value: { known: true, value: true, trace: [{ label: 'req.ExportAllowed = true', loc: loc('var.go', rangeOf(code, 'req.ExportAllowed = true')) }] },
      loc: loc('var.go', rangeOf(code, 'req.ExportAllowed = true')),
      valueLoc: loc('var.go', rangeOf(code, 'true', 1)),
      removeLoc: loc('var.go', { start: assignLine.start, end: { line: assignLine.end.line, character: 0 } }),
    });
    assert.deepEqual(reports.allowRotation.value, { known: false, reason: '`req.AllowRotation` is set in a branch', trace: [] });
    assert.equal(reports.writer?.insertAt.range.start.line, rangeOf(code, '\t}\n\treq.ExportAllowed').start.line);
    // The request reached through `*other` is not a literal we read; the pointer helper is.
    assert.deepEqual([other.name.known, other.rotationDays.value.known], [false, false]);
    assert.deepEqual(fixed.rotationDays.value.known && fixed.rotationDays.value.value, 120);
  });

  it('reads a pointer to an inline literal and a pointer helper', async () => {
    const code = header(`	"${SDK}/kms"`) + `
func intPtr(v int) *int { return &v }

func create(ctx context.Context, c *kms.Client) {
	c.CreateKey(ctx, "nl-01", &kms.CreateKmsKeyRequest{Name: "p", RotationPeriodInDays: intPtr(45)})
}
`;
    const { keys } = await goFacts({ 'ptr.go': code });
    assert.deepEqual([keys[0].name.known && keys[0].name.value, keys[0].rotationDays.value.known && keys[0].rotationDays.value.value], ['p', 45]);
  });

  it('keeps values that come from flags or parameters unknown', async () => {
    const code = header(`	"${SDK}/kms"`) + `
var (
	createExportAllowed bool
	createName          string
)

func init() {
	flags.BoolVar(&createExportAllowed, "export-allowed", false, "")
}

func create(ctx context.Context, c *kms.Client, region string, rotate bool) {
	c.CreateKey(ctx, region, kms.CreateKmsKeyRequest{Name: createName, ExportAllowed: createExportAllowed, KeyRotationEnabled: rotate})
}
`;
    const { keys } = await goFacts({ 'flags.go': code });
    const key = keys[0];
    assert.deepEqual(
      [key.exportAllowed.present, key.exportAllowed.value, key.rotationEnabled.value, key.region, key.name],
      [
        true,
        { known: false, reason: 'package variable `createExportAllowed` is assigned elsewhere', trace: [{ label: 'ExportAllowed: createExportAllowed', loc: loc('flags.go', rangeOf(code, 'ExportAllowed: createExportAllowed')) }] },
        { known: false, reason: '`rotate` is a parameter', trace: [{ label: 'KeyRotationEnabled: rotate', loc: loc('flags.go', rangeOf(code, 'KeyRotationEnabled: rotate')) }] },
        { known: false, reason: '`region` is a parameter', trace: [] },
        { known: false, reason: '`createName` is declared without a value', trace: [{ label: 'Name: createName', loc: loc('flags.go', rangeOf(code, 'Name: createName')) }] },
      ],
    );
  });

  it('classifies BYOK material without putting it into traces', async () => {
    const code = header(`
	"os"

	"${SDK}/kms"`) + `
func create(ctx context.Context, c *kms.Client, wrapped string) {
	c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "lit", ImportKeyMaterial: "c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3OA=="})
	raw, _ := os.ReadFile("keys/raw.bin")
	c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "file", ImportKeyMaterial: string(raw)})
	c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "var", ImportKeyMaterial: wrapped})
}
`;
    const { keys } = await goFacts({ 'byok.go': code });
    assert.deepEqual(
      keys.map((k) => k.importMaterial.value.known && k.importMaterial.value.value),
      [
        { kind: 'literal', text: 'c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3OA==' },
        { kind: 'file', path: 'keys/raw.bin', reader: 'os.ReadFile' },
        { kind: 'variable', name: 'wrapped' },
      ],
    );
    assert.deepEqual(keys[0].importMaterial.valueLoc, loc('byok.go', rangeOf(code, '"c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3OA=="')));
    const labels = JSON.stringify(keys.map((k) => k.importMaterial.value.trace));
    assert.ok(!labels.includes('c2VjcmV0'), labels);
  });

  it('never quotes literals from expressions it cannot resolve in reasons, traces or descriptions', async () => {
    const code =
      header(`
	"io"
	"strings"

	"${SDK}/kms"`) +
      `
func leak(ctx context.Context, c *kms.Client) {
	c.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "n", ImportKeyMaterial: decode("S3CR3T-MATERIAL")})
	b, _ := io.ReadAll(strings.NewReader("S3CR3T-PLAINTEXT"))
	c.EncryptBytes(ctx, "nl-01", "k", b)
	c.EncryptBytes(ctx, "nl-01", "k", transform("S3CR3T-PLAINTEXT"))
}
`;
    const { keys, uses } = await goFacts({ 'leak.go': code });
    assert.deepEqual(uses.map((u) => [u.payload?.source, u.payload?.via]), [
      ['stream', 'io.ReadAll(strings.NewReader(…))'],
      ['unknown', undefined],
    ]);
    assert.equal(keys[0].importMaterial.value.known, false);
    const reported = JSON.stringify({ keys, uses: uses.map((u) => ({ ...u, envelopeFix: undefined })) });
    assert.ok(!reported.includes('S3CR3T'), reported);
  });

  it('resolves constants declared in another file of the package, under that file’s import alias', async () => {
    const { keys, uses } = await goFacts(fixture('package-constants'));
    const key = keys[0];
    assert.deepEqual(
      [key.region.known && key.region.value, key.keyType.known && key.keyType.value, key.name.known && key.name.value],
      ['nl-01', 'ed25519', 'invoices'],
    );
    assert.deepEqual(key.region.trace.map((s) => [s.label, s.loc?.file]), [['primaryRegion = "nl-01"', '/ws/package-constants/regions.go']]);
    assert.deepEqual(
      uses.map((u) => u.region),
      [
        { known: true, value: 'de-01', trace: [{ label: 'backupRegion = "de-01"', loc: loc('package-constants/regions.go', rangeOf(fixture('package-constants')['package-constants/regions.go'], 'backupRegion         = "de-" + "01"')) }] },
        { known: false, reason: 'package variable `configuredRegion` is assigned elsewhere', trace: [] },
      ],
    );
  });

  it('reads one key per entry of a table of test cases ranged in the same function', async () => {
    const code = header(`	"${SDK}/kms"`) + `
func TestKeys(t *testing.T, c *kms.Client, ctx context.Context) {
	tests := []struct {
		name string
		req  kms.CreateKmsKeyRequest
	}{
		{name: "plain", req: kms.CreateKmsKeyRequest{Name: "plain", KeyType: kms.KmsKeyTypeAES256GCM96}},
		{
			name: "byok",
			req: kms.CreateKmsKeyRequest{
				Name:          "imported",
				AllowRotation: true,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.CreateKey(ctx, "nl-01", tt.req)
		})
	}
}
`;
    const { keys } = await goFacts({ 'table_test.go': code });
    const call = code.indexOf('c.CreateKey');
    const plainType = rangeIn(code, 'kms.CreateKmsKeyRequest{Name: "plain"', 'CreateKmsKeyRequest');
    const byokType = rangeIn(code, 'kms.CreateKmsKeyRequest{\n', 'CreateKmsKeyRequest');
    const allowLine = rangeOf(code, '\t\t\t\tAllowRotation: true,\n');
    assert.deepEqual(
      keys.map((k) => [k.id, k.nameLoc, k.name.known && k.name.value, k.region.known && k.region.value, k.keyType.known && k.keyType.value, k.loc]),
      [
        [`go:/ws/table_test.go:${call}@${code.indexOf('CreateKmsKeyRequest{Name: "plain"')}`, loc('table_test.go', plainType), 'plain', 'nl-01', 'aes256-gcm96', loc('table_test.go', rangeOf(code, 'c.CreateKey(ctx, "nl-01", tt.req)'))],
        [`go:/ws/table_test.go:${call}@${code.indexOf('CreateKmsKeyRequest{\n')}`, loc('table_test.go', byokType), 'imported', 'nl-01', 'aes256-gcm96', loc('table_test.go', rangeOf(code, 'c.CreateKey(ctx, "nl-01", tt.req)'))],
      ],
    );
    assert.deepEqual(keys[1].allowRotation, {
      present: true,
      value: { known: true, value: true, trace: [{ label: 'AllowRotation: true', loc: loc('table_test.go', rangeOf(code, 'AllowRotation: true')) }] },
      loc: loc('table_test.go', rangeOf(code, 'AllowRotation: true')),
      valueLoc: loc('table_test.go', rangeIn(code, 'AllowRotation: true', 'true')),
      removeLoc: loc('table_test.go', { start: allowLine.start, end: { line: allowLine.end.line, character: 0 } }),
    });
    // Each entry's own literal takes the fix.
    const fixed = applyEdits(code, keys.map((k) => insertFields(k.writer!, [['rotationEnabled', true]])));
    assert.ok(fixed.includes('kms.CreateKmsKeyRequest{Name: "plain", KeyType: kms.KmsKeyTypeAES256GCM96, KeyRotationEnabled: true}}'), fixed);
    assert.ok(fixed.includes('\t\t\t\tAllowRotation: true,\n\t\t\t\tKeyRotationEnabled: true,\n\t\t\t},'), fixed);
  });

  it('reads a map or slice of requests ranged directly, and keeps other ranged requests unknown', async () => {
    const code = header(`	"${SDK}/kms"`) + `
func create(ctx context.Context, c *kms.Client, given []kms.CreateKmsKeyRequest) {
	byName := map[string]kms.CreateKmsKeyRequest{
		"a": {Name: "a", ExportAllowed: true},
		"b": kms.CreateKmsKeyRequest{Name: "b"},
	}
	for _, req := range byName {
		c.CreateKey(ctx, "nl-01", req)
	}
	for _, req := range given {
		c.CreateKey(ctx, "nl-01", req)
	}
	for i := range byName {
		c.CreateKey(ctx, "nl-01", byName[i])
	}
}
`;
    const { keys } = await goFacts({ 'map.go': code });
    assert.deepEqual(
      keys.map((k) => [k.nameLoc.range, k.name.known ? k.name.value : k.name.reason, k.exportAllowed.present]),
      [
        [rangeIn(code, '{Name: "a"', '{'), 'a', true],
        [rangeIn(code, 'kms.CreateKmsKeyRequest{Name: "b"}', 'CreateKmsKeyRequest'), 'b', false],
        [rangeOf(code, 'CreateKey', 1), 'the request `req` is a loop variable', false],
        [rangeOf(code, 'CreateKey', 2), 'the request `byName[…]` is computed at run time', false],
      ],
    );
    assert.deepEqual(keys[0].exportAllowed.loc, loc('map.go', rangeOf(code, 'ExportAllowed: true')));
  });
});

describe('go: local values', () => {
  it('takes the last assignment on every path, and gives up when a branch reassigns', async () => {
    const code = header(`	"${SDK}/kms"`) + `
func run(ctx context.Context, c *kms.Client, useBackup bool) {
	region := "nl-01"
	region = "de-01"
	c.GetKey(ctx, region, "a")
	const pinned = "be-01"
	var other = pinned
	c.GetKey(ctx, other, "b")
	if useBackup {
		region = "fr-01"
	}
	c.GetKey(ctx, region, "c")
	if r := "uk-01"; useBackup {
		c.GetKey(ctx, r, "d")
	}
}
`;
    const { uses } = await goFacts({ 'flow.go': code });
    assert.deepEqual(
      uses.map((u) => (u.region.known ? u.region.value : u.region.reason)),
      ['de-01', 'be-01', '`region` is reassigned in a branch', 'uk-01'],
    );
    assert.deepEqual(uses[1].region.trace.map((s) => s.label), ['other = "be-01"', 'pinned = "be-01"']);
  });
});

describe('go: payloads', () => {
  const CODE =
    header(`
	crand "crypto/rand"
	"encoding/base64"
	"io"
	"io/ioutil"
	"net/http"
	"os"

	"${SDK}/kms"`) +
    `
type Record struct{ Data []byte }

func payloads(ctx context.Context, c *kms.Client, r *http.Request, resp *http.Response, records []Record, secret []byte) {
	data, _ := os.ReadFile("data.csv")
	c.EncryptBytes(ctx, "nl-01", "k", data)
	legacy, _ := ioutil.ReadFile(os.Args[1])
	c.EncryptBytes(ctx, "nl-01", "k", legacy)
	stream, _ := io.ReadAll(resp.Body)
	c.EncryptBytes(ctx, "nl-01", "k", stream)
	body, _ := io.ReadAll(r.Body)
	c.EncryptBytes(ctx, "nl-01", "k", body)
	c.EncryptBytes(ctx, "nl-01", "k", []byte("héllo"))
	dek := make([]byte, 32)
	if _, err := crand.Read(dek); err != nil {
		return
	}
	c.EncryptBytes(ctx, "nl-01", "k", dek)
	c.EncryptBytes(ctx, "nl-01", "k", secret)
	for _, record := range records {
		c.EncryptBytes(ctx, "nl-01", "k", record.Data)
	}
	c.Encrypt(ctx, "nl-01", "k", kms.EncryptRequest{Plaintext: base64.StdEncoding.EncodeToString(data)})
	req := kms.EncryptRequest{Plaintext: kms.EncodeBytes(dek)}
	c.Encrypt(ctx, "nl-01", "k", req)
	c.DecryptBytes(ctx, "nl-01", "k", "thalassa:v1:abc")
	buf := make([]byte, 16)
	c.EncryptBytes(ctx, "nl-01", "k", buf)
}
`;

  it('classifies where each encrypt/decrypt payload comes from', async () => {
    const { uses } = await goFacts({ 'payload.go': CODE });
    const arg = (call: string, needle: string) => loc('payload.go', rangeIn(CODE, call, needle));
    const enc = (payload: string) => arg(`c.EncryptBytes(ctx, "nl-01", "k", ${payload})`, payload);
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.payload, u.inLoop]),
      [
        ['encrypt', { source: 'file', via: 'os.ReadFile("data.csv")', path: 'data.csv', name: 'data', loc: enc('data') }, false],
        ['encrypt', { source: 'file', via: 'ioutil.ReadFile(os.Args[…])', name: 'legacy', loc: enc('legacy') }, false],
        ['encrypt', { source: 'stream', via: 'io.ReadAll(resp.Body)', name: 'stream', loc: enc('stream') }, false],
        ['encrypt', { source: 'request-body', via: 'io.ReadAll(r.Body)', name: 'body', loc: enc('body') }, false],
        ['encrypt', { source: 'literal', bytes: 6, loc: enc('[]byte("héllo")') }, false],
        ['encrypt', { source: 'random', bytes: 32, via: 'rand.Read(dek)', name: 'dek', loc: enc('dek') }, false],
        ['encrypt', { source: 'variable', name: 'secret', loc: enc('secret') }, false],
        ['encrypt', { source: 'variable', name: 'Data', loc: enc('record.Data') }, true],
        ['encrypt', { source: 'file', via: 'os.ReadFile("data.csv")', path: 'data.csv', name: 'data', loc: loc('payload.go', rangeOf(CODE, 'base64.StdEncoding.EncodeToString(data)')) }, false],
        ['encrypt', { source: 'random', bytes: 32, via: 'rand.Read(dek)', name: 'dek', loc: loc('payload.go', rangeOf(CODE, 'kms.EncodeBytes(dek)')) }, false],
        ['decrypt', { source: 'literal', bytes: 15, loc: loc('payload.go', rangeOf(CODE, '"thalassa:v1:abc"')) }, false],
        ['encrypt', { source: 'unknown', name: 'buf', loc: enc('buf') }, false],
      ],
    );
  });

  it('marks a call in a loop, but not one in a func literal inside the loop', async () => {
    const code = header(`	"${SDK}/kms"`) + `
func run(ctx context.Context, c *kms.Client, ids []string) {
	for i := 0; i < len(ids); i++ {
		go func() {
			c.GetKey(ctx, "nl-01", "inner")
		}()
		c.GetKey(ctx, "nl-01", "outer")
	}
}
`;
    const { uses } = await goFacts({ 'loop.go': code });
    assert.deepEqual(
      uses.map((u) => [u.key.known && u.key.value.text, u.inLoop, u.scope]),
      [
        ['inner', false, `go:/ws/loop.go:func@${code.indexOf('func() {')}`],
        ['outer', true, 'go:/ws/loop.go:run'],
      ],
    );
  });
});

describe('go: sensitive prints', () => {
  const CODE =
    header(`
	"crypto/rand"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"

	"${SDK}/kms"`) +
    `
type Server struct{ logger *slog.Logger }

func (s *Server) show(ctx context.Context, c *kms.Client, w http.ResponseWriter) {
	pt, _ := c.DecryptBytes(ctx, "nl-01", "k", "ct")
	fmt.Println("plain:", string(pt))
	resp, _ := c.Decrypt(ctx, "nl-01", "k", kms.DecryptRequest{Ciphertext: "ct"})
	slog.Info("decrypted", "value", resp.Plaintext)
	exp, _ := c.ExportKey(ctx, "nl-01", "k", kms.ExportKeyRequest{})
	s.logger.Info("exported", "material", exp.KeyMaterial)
	sig, _ := c.Sign(ctx, "nl-01", "k", kms.SignRequest{Input: "aGk="})
	log.Printf("signature %s", sig.Signature)
	mac, _ := c.HMAC(ctx, "nl-01", "k", kms.HMACRequest{Input: "aGk="})
	fmt.Fprintln(os.Stderr, fmt.Sprintf("mac=%s", mac.HMAC))
	dataKey := make([]byte, 32)
	rand.Read(dataKey)
	fmt.Printf("%x\\n", dataKey)
	fmt.Println(exp)

	fmt.Println(len(pt), resp.KeyVersion, sig.KeyVersion)
	fmt.Fprint(w, string(pt))
	log.Println("exported version", exp.KeyVersion)
}
`;

  it('reports plaintext, key material, signatures, HMACs and DEKs at the printed argument', async () => {
    const { prints } = await goFacts({ 'print.go': CODE });
    const arg = (call: string, needle: string) => loc('print.go', rangeIn(CODE, call, needle));
    assert.deepEqual(
      prints.map((p) => [p.value, p.sink, p.loc]),
      [
        ['plaintext', 'fmt.Println', arg('fmt.Println("plain:", string(pt))', 'string(pt)')],
        ['plaintext', 'slog.Info', arg('slog.Info("decrypted", "value", resp.Plaintext)', 'resp.Plaintext')],
        ['key-material', 's.logger.Info', arg('s.logger.Info("exported", "material", exp.KeyMaterial)', 'exp.KeyMaterial')],
        ['signature', 'log.Printf', arg('log.Printf("signature %s", sig.Signature)', 'sig.Signature')],
        ['hmac', 'fmt.Fprintln', arg('fmt.Fprintln(os.Stderr, fmt.Sprintf("mac=%s", mac.HMAC))', 'fmt.Sprintf("mac=%s", mac.HMAC)')],
        ['dek', 'fmt.Printf', arg('fmt.Printf("%x\\n", dataKey)', 'dataKey')],
        ['key-material', 'fmt.Println', arg('fmt.Println(exp)', 'exp')],
      ],
    );
  });
});

describe('go: print sinks', () => {
  it('knows cobra, test handles, logger chains and the terminal streams; files and buffers are not printing', async () => {
    const code =
      header(`
	"bytes"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
	"${SDK}/kms"`) +
      `
func export(ctx context.Context, cmd *cobra.Command, t *testing.T, c *kms.Client) {
	resp, _ := c.ExportKey(ctx, "nl-01", "k", kms.ExportKeyRequest{})
	material := resp.KeyMaterial
	cmd.Println(material)
	t.Logf("material %s", material)
	logrus.WithField("material", material).Info("exported")
	os.Stdout.WriteString(material)
	io.WriteString(cmd.OutOrStdout(), material)

	f, _ := os.Create("key.pem")
	fmt.Fprintln(f, material)
	var buf bytes.Buffer
	buf.WriteString(material)
	io.WriteString(f, material)
}
`;
    const { prints } = await goFacts({ 'sinks.go': code });
    // The printed argument is the last `material` of each call.
    const arg = (call: string) => {
      const start = code.indexOf(call) + call.lastIndexOf('material');
      return loc('sinks.go', { start: posAt(code, start), end: posAt(code, start + 'material'.length) });
    };
    assert.deepEqual(
      prints.map((p) => [p.value, p.sink, p.loc]),
      [
        ['key-material', 'cmd.Println', arg('cmd.Println(material)')],
        ['key-material', 't.Logf', arg('t.Logf("material %s", material)')],
        ['key-material', 'logrus.WithField(…).Info', arg('logrus.WithField("material", material)')],
        ['key-material', 'os.Stdout.WriteString', arg('os.Stdout.WriteString(material)')],
        ['key-material', 'io.WriteString', arg('io.WriteString(cmd.OutOrStdout(), material)')],
      ],
    );
  });
});

describe('go: DeleteKey', () => {
  const CODE =
    header(`	"${SDK}/kms"`) +
    `
type Result struct{}

func (s *Server) purge(ctx context.Context, region, id string) (*Result, int, error) {
	if err := s.kms.DeleteKey(ctx, region, id); err != nil {
		return nil, 0, err
	}
	return nil, 0, nil
}

func onlyError(ctx context.Context, c *kms.Client, id string) error {
	return c.DeleteKey(ctx, "nl-01", id)
}

func values(ctx context.Context, c *kms.Client) (name string, ok bool, n float64, r Result, m map[string]int) {
	err := c.DeleteKey(ctx, "nl-01", "kms-1")
	_ = err
	return
}

func noResult(ctx context.Context, c *kms.Client) {
	for _, id := range []string{"a"} {
		_ = c.DeleteKey(ctx, "nl-01", id)
	}
}

func deferred(ctx context.Context, c *kms.Client) {
	defer c.DeleteKey(ctx, "nl-01", "tmp")
}

type Server struct{ kms *kms.Client }
`;

  it('says how to disable first, with the same receiver and arguments, returning the error when the function can', async () => {
    const { uses } = await goFacts({ 'delete.go': CODE });
    const line = (needle: string) => rangeOf(CODE, needle).start.line;
    const zeroWidth = (l: number) => loc('delete.go', { start: { line: l, character: 0 }, end: { line: l, character: 0 } });
    assert.deepEqual(
      uses.map((u) => u.statementStart),
      [
        { loc: zeroWidth(line('if err := s.kms.DeleteKey')), indent: '\t', text: '\tif _, err := s.kms.DisableKey(ctx, region, id); err != nil {\n\t\treturn nil, 0, err\n\t}\n' },
        { loc: zeroWidth(line('return c.DeleteKey')), indent: '\t', text: '\tif _, err := c.DisableKey(ctx, "nl-01", id); err != nil {\n\t\treturn err\n\t}\n' },
        { loc: zeroWidth(line('err := c.DeleteKey(ctx, "nl-01", "kms-1")')), indent: '\t', text: '\t_, _ = c.DisableKey(ctx, "nl-01", "kms-1")\n' },
        { loc: zeroWidth(line('_ = c.DeleteKey')), indent: '\t\t', text: '\t\t_, _ = c.DisableKey(ctx, "nl-01", id)\n' },
        undefined,
      ],
    );
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.inLoop]),
      [
        ['delete', false],
        ['delete', false],
        ['delete', false],
        ['delete', true],
        ['delete', false],
      ],
    );
  });

  it('returns zero values of every result type', async () => {
    const code =
      header(`	"${SDK}/kms"`) +
      `
func values(ctx context.Context, c *kms.Client) (name string, ok bool, n float64, r Result, m map[string]int, k kms.KmsKey, e error) {
	e = c.DeleteKey(ctx, "nl-01", "kms-1")
	return
}
`;
    const { uses } = await goFacts({ 'zero.go': code });
    assert.equal(uses[0].statementStart?.text, '\tif _, err := c.DisableKey(ctx, "nl-01", "kms-1"); err != nil {\n\t\treturn "", false, 0, *new(Result), nil, *new(kms.KmsKey), err\n\t}\n');
  });
});

describe('go: secrets and DNSSEC', () => {
  it('reads the key, region, path and environment of CreateSecret and SetDnssec', async () => {
    const code =
      header(`
	tcdns "${SDK}/dns"
	"${SDK}/kms"
	"${SDK}/secrets"
	"${SDK}/thalassa"`) +
      `
func wire(ctx context.Context, tc thalassa.Client) error {
	key, err := tc.KMS().CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{Name: "app-secrets"})
	if err != nil {
		return err
	}
	_, err = tc.Secrets().CreateSecret(ctx, "nl-01", secrets.CreateSecretRequest{
		Path:           "/app/prod/db/password",
		KmsKeyIdentity: key.Identity,
	})
	req := tcdns.SetDnssecRequest{Region: "de-01", KmsKeyIdentity: "kms-zone"}
	_, err = tc.DNS().SetDnssec(ctx, "staging.example.com", req)
	_, err = tc.DNS().SetDnssec(ctx, "example.com", tcdns.SetDnssecRequest{Region: "nl-01"})
	return err
}
`;
    const { keys, uses } = await goFacts({ 'wire.go': code });
    const at = (needle: string) => loc('wire.go', rangeOf(code, needle));
    assert.deepEqual(
      uses.map((u) => ({ purpose: u.purpose, key: u.key.known && u.key.value, keyLoc: u.keyLoc, region: u.region.known && u.region.value, regionLoc: u.regionLoc, consumer: u.consumer, environment: u.environment?.known && u.environment.value })),
      [
        { purpose: 'secret', key: { defId: keys[0].id }, keyLoc: at('key.Identity'), region: 'nl-01', regionLoc: loc('wire.go', rangeOf(code, '"nl-01"', 1)), consumer: '/app/prod/db/password', environment: 'prod' },
        { purpose: 'dnssec', key: { text: 'kms-zone' }, keyLoc: at('"kms-zone"'), region: 'de-01', regionLoc: at('"de-01"'), consumer: 'staging.example.com', environment: 'staging' },
      ],
    );
  });
});

describe('go: robustness and embedding', () => {
  it('keeps extracting other functions of a half-typed file', async () => {
    const code =
      header(`	"${SDK}/kms"`) +
      `
func broken(c *kms.Client) {
	c.EncryptBytes(ctx, "nl-01",
	x := kms.CreateKmsKeyRequest{
		Name:
}

func ok(c *kms.Client) {
	c.DecryptBytes(ctx, "nl-01", "kms-ok", ct)
}
`;
    const { uses, notes } = await goFacts({ 'typing.go': code });
    assert.deepEqual(
      uses.map((u) => [u.purpose, u.key.known && u.key.value.text, u.nameLoc.range]),
      [['decrypt', 'kms-ok', rangeOf(code, 'DecryptBytes')]],
    );
    assert.deepEqual(notes, [{ file: '/ws/typing.go', message: 'Go syntax errors: analysed the parts that parse' }]);
  });

  it('does not throw on binary-looking or garbage input', async () => {
    const { uses, keys } = await goFacts({ 'junk.go': 'package x\n\x01\x02 func ((( c.DeleteKey(\n"\\xZZ" `unterminated', 'empty.go': '' });
    assert.deepEqual([uses, keys], [[], []]);
  });

  it('collects comments for suppressions, and never reads facts from them', async () => {
    const code =
      header(`	"${SDK}/kms"`) +
      `
// c.DeleteKey(ctx, "nl-01", "commented-out")
func f(ctx context.Context, c *kms.Client) {
	c.RotateKey(ctx, "nl-01", "kms-1") // kms-lint-disable-line rotation-schedule -- reason
}
`;
    const result = await analyze({ 'c.go': code });
    assert.deepEqual(
      result.index.uses.map((u) => u.purpose),
      ['rotate'],
    );
    const facts = await createGoExtractor().extract([{ path: '/ws/c.go', text: code }]);
    assert.deepEqual(
      facts.comments.map((c) => [c.text, c.loc.range]),
      [
        ['// c.DeleteKey(ctx, "nl-01", "commented-out")', rangeOf(code, '// c.DeleteKey(ctx, "nl-01", "commented-out")')],
        ['// kms-lint-disable-line rotation-schedule -- reason', rangeOf(code, '// kms-lint-disable-line rotation-schedule -- reason')],
      ],
    );
  });

  it('reads a Markdown fence at host positions, with the SDK package names when the snippet imports nothing', async () => {
    const md = [
      '# KMS',
      '',
      'Prose that mentions c.DeleteKey(ctx, "nl-01", "prose") is not code.',
      '',
      '```go',
      'client, err := kms.New(c)',
      'key, err := client.CreateKey(ctx, "nl-01", kms.CreateKmsKeyRequest{',
      '    Name:    "app",',
      '    KeyType: kms.KmsKeyTypeAES256GCM96,',
      '})',
      'ct, err := client.EncryptBytes(ctx, "nl-01", key.Identity, []byte("hello"))',
      '```',
      '',
    ].join('\n');
    const start = md.indexOf('client, err');
    const facts = await extractGoText('/ws/README.md', blankOutside(md, [{ start, end: md.indexOf('```', start) }]), 'markdown:/ws/README.md#fence1');
    assert.deepEqual(
      facts.keys.map((k) => [k.nameLoc, k.name.known && k.name.value, k.writer]),
      [
        [
          { file: '/ws/README.md', range: rangeOf(md, 'CreateKey') },
          'app',
          { style: 'go', insertAt: { file: '/ws/README.md', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } } }, before: '    ', after: ',\n' },
        ],
      ],
    );
    assert.deepEqual(
      facts.uses.map((u) => [u.purpose, u.key.known && u.key.value, u.keyLoc.range, u.payload?.bytes, u.scope]),
      [['encrypt', { defId: facts.keys[0].id }, rangeOf(md, 'key.Identity'), 5, 'markdown:/ws/README.md#fence1']],
    );
  });

  it('re-reads a package when one of its files changes', async () => {
    const extractor = createGoExtractor();
    const use = `package app

import "${SDK}/kms"

func f(c *kms.Client) { c.GetKey(nil, region, "k") }
`;
    const first = await extractor.extract([
      { path: '/ws/use.go', text: use },
      { path: '/ws/region.go', text: 'package app\n\nconst region = "nl-01"\n' },
    ]);
    const second = await extractor.extract([
      { path: '/ws/use.go', text: use },
      { path: '/ws/region.go', text: 'package app\n\nconst region = "de-01"\n' },
    ]);
    const third = await extractor.extract([{ path: '/ws/use.go', text: use }]);
    assert.deepEqual(
      [first, second, third].map((f) => f.uses.map((u) => (u.region.known ? u.region.value : u.region.reason))),
      [['nl-01'], ['de-01'], ['`region` is not a constant']],
    );
  });
});

describe('go: envelope-encryption fix', () => {
  const CODE = `package main

import (
	"context"
	"math/rand"
	"os"

	"${SDK}/kms"
)

func seal(ctx context.Context, c *kms.Client) {
	data, _ := os.ReadFile("customers.csv")
	resp, err := c.EncryptBytes(ctx, "nl-01", "app", data)
	_, _, _ = resp, err, rand.Int()
}
`;

  it('replaces the call with a local helper, adds the helpers once and the imports they need where gofmt keeps them', async () => {
    const { uses } = await goFacts({ 'seal.go': CODE });
    const fix = uses[0].envelopeFix!;
    assert.equal(fix.title, 'Encrypt locally with a data key (envelope encryption)');
    const fixed = applyEdits(CODE, fix.edits);
    const expectedHead = `package main

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	cryptorand "crypto/rand"
	"math/rand"
	"os"

	"${SDK}/kms"
)

func seal(ctx context.Context, c *kms.Client) {
	data, _ := os.ReadFile("customers.csv")
	resp, err := envelopeEncrypt(ctx, c, "nl-01", "app", data)
	_, _, _ = resp, err, rand.Int()
}

// envelopeEncrypt encrypts plaintext locally with a fresh AES-256-GCM data key and sends only
`;
    assert.equal(fixed.slice(0, expectedHead.length), expectedHead);
    for (const decl of ['func envelopeEncrypt(ctx context.Context, c *kms.Client, region, keyID string, plaintext []byte) (*sealedEnvelope, error) {', 'if _, err := cryptorand.Read(dek); err != nil {', 'func envelopeDecrypt(', 'type sealedEnvelope struct {', 'func newEnvelopeGCM(dek []byte) (cipher.AEAD, error) {']) {
      assert.equal(fixed.split(decl).length, 2, `${decl} once in:\n${fixed}`);
    }
    // The helper's own KMS call wraps a 32-byte random key: nothing left to fix.
    const after = await goFacts({ 'seal.go': fixed });
    assert.deepEqual(
      after.uses.map((u) => [u.purpose, u.payload?.source, u.payload?.bytes, u.payload?.name]),
      [
        ['encrypt', 'random', 32, 'dek'],
        ['decrypt', 'variable', undefined, 'WrappedKey'],
      ],
    );
  });

  it('only replaces the call when the package already has the helpers', async () => {
    const { uses } = await goFacts({ 'seal.go': CODE, 'envelope.go': 'package main\n\nfunc envelopeEncrypt() {}\nfunc envelopeDecrypt() {}\n\ntype sealedEnvelope struct{}\n\nfunc newEnvelopeGCM() {}\n' });
    assert.deepEqual(uses[0].envelopeFix?.edits, [{ file: '/ws/seal.go', range: rangeOf(CODE, 'c.EncryptBytes(ctx, "nl-01", "app", data)'), newText: 'envelopeEncrypt(ctx, c, "nl-01", "app", data)' }]);
  });
});
