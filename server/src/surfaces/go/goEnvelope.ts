// The envelope-encryption quick fix for Go: replace a direct EncryptBytes/DecryptBytes call with a
// call to a local helper that encrypts the data with a fresh AES-256-GCM data key and sends only
// that key through KMS; add the helpers (and the imports they need) when the package lacks them.
import type { FixSuggestion, TextEdit } from '../../engine/types';
import type { SyntaxNode } from '../common';
import { defaultImportName, inFileEol } from './goPackage';
import type { GoResolver, SdkCall } from './goResolve';
import { SDK_MODULE } from './goSdk';
import { namedChildrenOf, onlyWhitespaceBefore, stringLiteral } from './goSyntax';

const KMS_PATH = `${SDK_MODULE}/kms`;

/** Import path → the alias tried when the plain name is taken in the file. */
const FALLBACK_ALIASES: Record<string, string> = {
  context: 'stdcontext',
  'crypto/aes': 'cryptoaes',
  'crypto/cipher': 'cryptocipher',
  'crypto/rand': 'cryptorand',
  [KMS_PATH]: 'tkms',
};

type Aliases = Record<string, string>;

/** Package-level declarations the helpers consist of, with the imports each needs. */
const HELPERS: { name: string; imports: string[]; text: (a: Aliases) => string }[] = [
  {
    name: 'envelopeEncrypt',
    imports: ['context', KMS_PATH, 'crypto/rand'],
    text: (a) => `
// envelopeEncrypt encrypts plaintext locally with a fresh AES-256-GCM data key and sends only
// that key to KMS to be wrapped (KMS takes at most 65,535 bytes per call). Store all three fields.
func envelopeEncrypt(ctx ${a.context}.Context, c *${a[KMS_PATH]}.Client, region, keyID string, plaintext []byte) (*sealedEnvelope, error) {
	dek := make([]byte, 32)
	if _, err := ${a['crypto/rand']}.Read(dek); err != nil {
		return nil, err
	}
	gcm, err := newEnvelopeGCM(dek)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := ${a['crypto/rand']}.Read(nonce); err != nil {
		return nil, err
	}
	wrapped, err := c.EncryptBytes(ctx, region, keyID, dek)
	if err != nil {
		return nil, err
	}
	return &sealedEnvelope{WrappedKey: wrapped.Ciphertext, Nonce: nonce, Ciphertext: gcm.Seal(nil, nonce, plaintext, nil)}, nil
}
`,
  },
  {
    name: 'envelopeDecrypt',
    imports: ['context', KMS_PATH],
    text: (a) => `
// envelopeDecrypt unwraps the data key with KMS and decrypts the data locally.
func envelopeDecrypt(ctx ${a.context}.Context, c *${a[KMS_PATH]}.Client, region, keyID string, env *sealedEnvelope) ([]byte, error) {
	dek, err := c.DecryptBytes(ctx, region, keyID, env.WrappedKey)
	if err != nil {
		return nil, err
	}
	gcm, err := newEnvelopeGCM(dek)
	if err != nil {
		return nil, err
	}
	return gcm.Open(nil, env.Nonce, env.Ciphertext, nil)
}
`,
  },
  {
    name: 'sealedEnvelope',
    imports: [],
    text: () => `
// sealedEnvelope is data encrypted with a one-time data key; only WrappedKey went through KMS.
type sealedEnvelope struct {
	WrappedKey string
	Nonce      []byte
	Ciphertext []byte
}
`,
  },
  {
    name: 'newEnvelopeGCM',
    imports: ['crypto/aes', 'crypto/cipher'],
    text: (a) => `
func newEnvelopeGCM(dek []byte) (${a['crypto/cipher']}.AEAD, error) {
	block, err := ${a['crypto/aes']}.NewCipher(dek)
	if err != nil {
		return nil, err
	}
	return ${a['crypto/cipher']}.NewGCM(block)
}
`,
  },
];

/** The fix for a direct EncryptBytes/DecryptBytes call, or undefined where it cannot be written. */
export function envelopeFix(r: GoResolver, sdk: SdkCall): FixSuggestion | undefined {
  const encrypt = sdk.method === 'EncryptBytes';
  if ((!encrypt && sdk.method !== 'DecryptBytes') || sdk.args.length !== 4 || r.file.packageName === undefined) return undefined;
  const support = helperEdits(r);
  if (!support) return undefined;
  const [ctx, region, key, payload] = sdk.args.map((a) => a.text);
  const helper = encrypt ? 'envelopeEncrypt' : 'envelopeDecrypt';
  const call = r.loc(sdk.call);
  return {
    title: encrypt ? 'Encrypt locally with a data key (envelope encryption)' : 'Decrypt with the envelope helper (data key unwrapped by KMS)',
    edits: [{ file: call.file, range: call.range, newText: `${helper}(${ctx}, ${sdk.receiver.text}, ${region}, ${key}, ${payload})` }, ...support],
  };
}

const helperEditsByFile = new WeakMap<GoResolver, TextEdit[] | null>();

/** The helpers the package lacks and the imports they need, once per file; null when an import name cannot be found. */
function helperEdits(r: GoResolver): TextEdit[] | undefined {
  const cached = helperEditsByFile.get(r);
  if (cached !== undefined) return cached ?? undefined;
  const file = r.file;
  const missing = HELPERS.filter((h) => !r.pkg.declares(h.name));
  const aliases: Aliases = {};
  const added: { path: string; alias?: string }[] = [];
  let edits: TextEdit[] | null = [];
  for (const path of new Set(missing.flatMap((h) => h.imports))) {
    const existing = [...file.imports].find(([alias, p]) => p === path && alias !== '_' && alias !== '.');
    if (existing) {
      aliases[path] = existing[0];
      continue;
    }
    const plain = defaultImportName(path);
    const alias = file.imports.has(plain) || r.pkg.declares(plain) ? FALLBACK_ALIASES[path] : plain;
    if (file.imports.has(alias) || r.pkg.declares(alias)) {
      edits = null;
      break;
    }
    aliases[path] = alias;
    added.push({ path, alias: alias === plain ? undefined : alias });
  }
  if (edits) {
    if (added.length) edits.push(...importEdits(r, added));
    if (missing.length) edits.push(appendEdit(r, missing.map((h) => h.text(aliases)).join('')));
  }
  helperEditsByFile.set(r, edits);
  return edits ?? undefined;
}

/**
 * Add imports where gofmt keeps them: in the last import block, standard library paths into its
 * first standard-library group and others into the group holding Thalassa imports, each at its
 * sorted place; after a single-line import or the package clause when there is no block.
 */
function importEdits(r: GoResolver, added: { path: string; alias?: string }[]): TextEdit[] {
  const spec = (a: { path: string; alias?: string }) => `${a.alias ? a.alias + ' ' : ''}"${a.path}"`;
  const top = namedChildrenOf(r.file.root);
  const lastImport = top.filter((n) => n.type === 'import_declaration').pop();
  const list = lastImport && namedChildrenOf(lastImport).find((n) => n.type === 'import_spec_list');
  const groups = list ? importGroups(r, list) : undefined;
  if (!groups?.length) {
    const after = lastImport ?? top.find((n) => n.type === 'package_clause');
    const text = added.map((a) => `\nimport ${spec(a)}`).join('');
    return [insertAt(r, after ? endPos(after) : { line: 0, character: 0 }, lastImport ? text : `\n${text}`)];
  }
  const byLine = new Map<number, string>();
  for (const a of [...added].sort((x, y) => (x.path < y.path ? -1 : 1))) {
    const std = isStandardLibrary(a.path);
    const group = (std ? groups.find((g) => g.every((s) => isStandardLibrary(s.path))) : groups.find((g) => g.some((s) => s.path.startsWith('github.com/thalassa-cloud/')))) ?? (std ? groups[0] : groups[groups.length - 1]);
    const next = group.find((s) => s.path > a.path);
    const line = next ? next.line : group[group.length - 1].line + 1;
    byLine.set(line, (byLine.get(line) ?? '') + `\t${spec(a)}\n`);
  }
  return [...byLine].map(([line, text]) => insertAt(r, { line, character: 0 }, text));
}

/** The specs of an import block in groups (separated by blank lines); undefined unless each spec is alone on its line. */
function importGroups(r: GoResolver, list: SyntaxNode): { path: string; line: number }[][] | undefined {
  const groups: { path: string; line: number }[][] = [];
  let previousLine = -2;
  for (const spec of namedChildrenOf(list)) {
    if (spec.type !== 'import_spec') continue;
    const line = spec.startPosition.row;
    const text = r.file.lines[line] ?? '';
    if (!onlyWhitespaceBefore(text, spec.startPosition.column) || spec.endPosition.row !== line || text.slice(spec.endPosition.column).trim().replace(/^\/\/.*/, '') !== '') return undefined;
    const path = stringLiteral(spec.childForFieldName('path') ?? spec)?.value ?? '';
    if (line !== previousLine + 1 || !groups.length) groups.push([]);
    groups[groups.length - 1].push({ path, line });
    previousLine = line;
  }
  return groups;
}

/** Standard library paths have no dot in their first element. */
function isStandardLibrary(path: string): boolean {
  return !path.split('/')[0].includes('.');
}

/** Append declarations at the end of the file. */
function appendEdit(r: GoResolver, text: string): TextEdit {
  const lines = r.file.lines;
  const last = lines.length - 1;
  const end = { line: last, character: lines[last].length };
  return insertAt(r, end, r.file.text.endsWith('\n') ? text : '\n' + text);
}

function insertAt(r: GoResolver, at: { line: number; character: number }, newText: string): TextEdit {
  return { file: r.file.path, range: { start: at, end: at }, newText: inFileEol(r.file, newText) };
}

function endPos(node: SyntaxNode) {
  return { line: node.endPosition.row, character: node.endPosition.column };
}
