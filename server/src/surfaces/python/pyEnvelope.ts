// The envelope-encryption quick fix for Python: the KMS encrypt/decrypt request stays as written
// (client, URL, headers) but moves into a function that wraps/unwraps only a data key; local
// helpers encrypt the data with AES-256-GCM (the `cryptography` package). Helpers and the imports
// they use are added when the module lacks them.
import type { FixSuggestion, TextEdit } from '../../engine/types';
import type { SyntaxNode } from '../common';
import type { CodeFile } from '../rest/clientCalls';
import type { RestBody } from '../rest/restCall';
import type { PyHttpCall } from './pyHttpCalls';
import { moduleBinding, unwrap } from './pyValues';

const HELPERS = {
  envelope_encrypt: `

def envelope_encrypt(data, wrap_key):
    """Envelope encryption: encrypt \`data\` locally with a fresh AES-256-GCM data key (DEK) and send
    only the DEK to KMS to be wrapped (KMS takes at most 65,535 bytes per call). Store every field."""
    dek = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    ciphertext = AESGCM(dek).encrypt(nonce, data, None)
    return {
        "wrappedKey": wrap_key(base64.b64encode(dek).decode()),
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(ciphertext).decode(),
    }
`,
  envelope_decrypt: `

def envelope_decrypt(envelope, unwrap_key):
    """Unwrap the data key with KMS and decrypt the data locally."""
    dek = base64.b64decode(unwrap_key(envelope["wrappedKey"]))
    return AESGCM(dek).decrypt(base64.b64decode(envelope["nonce"]), base64.b64decode(envelope["ciphertext"]), None)
`,
};

/** Names the helpers use, and the import that binds each. */
const IMPORTS: { name: string; module: string; imported: string; line: string }[] = [
  { name: 'base64', module: 'base64', imported: '*', line: 'import base64' },
  { name: 'os', module: 'os', imported: '*', line: 'import os' },
  { name: 'AESGCM', module: 'cryptography.hazmat.primitives.ciphers.aead', imported: 'AESGCM', line: 'from cryptography.hazmat.primitives.ciphers.aead import AESGCM' },
];

/** The fix for a synchronous encrypt/decrypt call whose payload is written in the call, or undefined. */
export function envelopeFix(py: PyHttpCall, purpose: 'encrypt' | 'decrypt', root: SyntaxNode, ctx: CodeFile): FixSuggestion | undefined {
  const field = fieldIn(py.call.body, purpose === 'encrypt' ? 'plaintext' : 'ciphertext');
  let parent = py.node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  // A lambda cannot await: async clients keep their call.
  if (!field || parent?.type === 'await') return undefined;
  const start = ctx.lines.offset(field.valueLoc.range.start);
  const end = ctx.lines.offset(field.valueLoc.range.end);
  if (start < py.node.startIndex || end > py.node.endIndex) return undefined;
  const valueNode = root.descendantForIndex(start, end);
  const support = helperEdits(root, ctx);
  if (!valueNode || !support) return undefined;
  const param = purpose === 'encrypt' ? 'dek' : 'wrapped_key';
  const valueText = ctx.text.slice(start, end);
  const request = ctx.text.slice(py.node.startIndex, start) + param + ctx.text.slice(end, py.node.endIndex);
  const result = purpose === 'encrypt' ? 'ciphertext' : 'plaintext';
  const helper = purpose === 'encrypt' ? 'envelope_encrypt' : 'envelope_decrypt';
  const input = purpose === 'encrypt' ? dataOf(valueNode, valueText) : valueText;
  const loc = ctx.lines.loc(ctx.file, py.node.startIndex, py.node.endIndex);
  return {
    title: purpose === 'encrypt' ? 'Encrypt locally with a data key (envelope encryption)' : 'Decrypt with the envelope helper (data key unwrapped by KMS)',
    edits: [{ file: ctx.file, range: loc.range, newText: `${helper}(${input}, lambda ${param}: ${request}.json()["${result}"])` }, ...support],
  };
}

function fieldIn(body: RestBody | undefined, name: string) {
  return body?.kind === 'fields' ? body.fields.find((f) => f.name === name) : undefined;
}

/** The raw bytes a base64 payload expression encodes: `x` for `base64.b64encode(x).decode()`, else a decode of it. */
function dataOf(valueNode: SyntaxNode, valueText: string): string {
  let n = unwrap(valueNode);
  const fn = n.type === 'call' ? n.childForFieldName('function') : undefined;
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'decode') n = unwrap(fn.childForFieldName('object') ?? n);
  const encoder = n.type === 'call' ? n.childForFieldName('function')?.text.replace(/\s+/g, '') : undefined;
  const arg = n.type === 'call' ? n.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'comment' && a.type !== 'keyword_argument') : undefined;
  if (arg && (encoder === 'base64.b64encode' || encoder === 'b64encode' || encoder === 'base64.standard_b64encode')) return arg.text;
  return `base64.b64decode(${valueText})`;
}

/** The helper edits of a module, computed once per analysis (keyed by its root node object); null when a name is taken. */
const helperEditsByRoot = new WeakMap<SyntaxNode, TextEdit[] | null>();

function helperEdits(root: SyntaxNode, ctx: CodeFile): TextEdit[] | undefined {
  let edits = helperEditsByRoot.get(root);
  if (edits === undefined) helperEditsByRoot.set(root, (edits = computeHelperEdits(root, ctx) ?? null));
  return edits ?? undefined;
}

/** The helpers the module lacks (at its end) and their imports (after the last top-level import); undefined when a name is taken. */
function computeHelperEdits(root: SyntaxNode, ctx: CodeFile): TextEdit[] | undefined {
  const defined = new Set(root.namedChildren.filter((n) => n.type === 'function_definition').map((n) => n.childForFieldName('name')?.text));
  const missing = (Object.keys(HELPERS) as (keyof typeof HELPERS)[]).filter((h) => !defined.has(h));
  if (!missing.length) return [];
  const lines: string[] = [];
  for (const imp of IMPORTS) {
    const binding = moduleBinding(root, imp.name);
    if (!binding) lines.push(imp.line);
    else if (binding.kind !== 'import' || binding.module !== imp.module || binding.imported !== imp.imported) return undefined;
  }
  const edits: TextEdit[] = [];
  if (lines.length) {
    const lastImport = root.namedChildren.filter((n) => n.type === 'import_statement' || n.type === 'import_from_statement').pop();
    if (lastImport) {
      const at = ctx.lines.pos(lastImport.endIndex);
      edits.push({ file: ctx.file, range: { start: at, end: at }, newText: lines.map((l) => `\n${l}`).join('') });
    } else {
      // After a module docstring, else at the top.
      const first = root.namedChildren[0];
      const doc = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first : undefined;
      const at = doc ? ctx.lines.pos(doc.endIndex) : { line: 0, character: 0 };
      edits.push({ file: ctx.file, range: { start: at, end: at }, newText: doc ? lines.map((l) => `\n${l}`).join('') : lines.join('\n') + '\n' });
    }
  }
  const end = ctx.lines.pos(ctx.text.length);
  edits.push({ file: ctx.file, range: { start: end, end }, newText: (ctx.text.endsWith('\n') ? '' : '\n') + missing.map((m) => HELPERS[m]).join('') });
  return edits;
}
