// The envelope-encryption quick fix for TS/JS: the KMS encrypt/decrypt request stays as written
// (client, URL, headers) but moves into a callback that wraps/unwraps only a data key; local
// helpers encrypt the data with AES-256-GCM. The helpers (and a `node:crypto` import) are added
// when the file lacks them.
import type { FixSuggestion, TextEdit } from '../../engine/types';
import type { SyntaxNode } from '../common';
import type { CodeFile } from '../rest/clientCalls';
import type { RestBody } from '../rest/restCall';
import type { JsHttpCall } from './jsHttpCalls';
import { stringLiteral, unwrap } from './jsValues';

const CRYPTO_NAME = 'envelopeCrypto';

function helpers(typed: boolean): Record<'envelopeEncrypt' | 'envelopeDecrypt', string> {
  const t = (s: string) => (typed ? s : '');
  const envelopeType = '{ wrappedKey: string; nonce: string; ciphertext: string; tag: string }';
  return {
    envelopeEncrypt: `
/**
 * Envelope encryption: encrypts \`data\` locally with a fresh AES-256-GCM data key (DEK) and sends
 * only the DEK to KMS to be wrapped (KMS takes at most 65,535 bytes per call). Store every field.
 */
async function envelopeEncrypt(data${t(': Buffer')}, wrapKey${t(': (dekBase64: string) => Promise<string>')})${t(`: Promise<${envelopeType}>`)} {
  const dek = ${CRYPTO_NAME}.randomBytes(32);
  const nonce = ${CRYPTO_NAME}.randomBytes(12);
  const cipher = ${CRYPTO_NAME}.createCipheriv('aes-256-gcm', dek, nonce);
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  return { wrappedKey: await wrapKey(dek.toString('base64')), nonce: nonce.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}
`,
    envelopeDecrypt: `
/** Unwraps the data key with KMS and decrypts the data locally. */
async function envelopeDecrypt(envelope${t(`: ${envelopeType}`)}, unwrapKey${t(': (wrappedKey: string) => Promise<string>')})${t(': Promise<Buffer>')} {
  const dek = Buffer.from(await unwrapKey(envelope.wrappedKey), 'base64');
  const decipher = ${CRYPTO_NAME}.createDecipheriv('aes-256-gcm', dek, Buffer.from(envelope.nonce, 'base64'));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]);
}
`,
  };
}

/** The fix for an encrypt/decrypt call whose payload field is written inside the call, or undefined. */
export function envelopeFix(js: JsHttpCall, purpose: 'encrypt' | 'decrypt', root: SyntaxNode, ctx: CodeFile, typed: boolean): FixSuggestion | undefined {
  const field = fieldIn(js.call.body, purpose === 'encrypt' ? 'plaintext' : 'ciphertext');
  if (!field) return undefined;
  const start = ctx.lines.offset(field.valueLoc.range.start);
  const end = ctx.lines.offset(field.valueLoc.range.end);
  // Only a payload written in the call itself can be moved into the callback.
  if (start < js.node.startIndex || end > js.node.endIndex) return undefined;
  const valueNode = root.descendantForIndex(start, end);
  if (!valueNode) return undefined;
  const param = purpose === 'encrypt' ? 'dek' : 'wrappedKey';
  const valueText = ctx.text.slice(start, end);
  // A shorthand `{ plaintext }` becomes `{ plaintext: dek }`.
  const replacement = valueNode.type === 'shorthand_property_identifier' ? `${valueText}: ${param}` : param;
  const request = ctx.text.slice(js.node.startIndex, start) + replacement + ctx.text.slice(end, js.node.endIndex);
  const result = purpose === 'encrypt' ? 'ciphertext' : 'plaintext';
  const response =
    js.client === 'fetch' ? `(await (await ${request}).json()).${result}` : js.client === 'axios' ? `(await ${request}).data.${result}` : `(await ${request}.json()).${result}`;
  const helper = purpose === 'encrypt' ? 'envelopeEncrypt' : 'envelopeDecrypt';
  const input = purpose === 'encrypt' ? dataOf(valueNode, valueText) : valueText;
  const call = `${helper}(${input}, async (${param}) => ${response})`;
  const loc = ctx.lines.loc(ctx.file, js.node.startIndex, js.node.endIndex);
  return {
    title: purpose === 'encrypt' ? 'Encrypt locally with a data key (envelope encryption)' : 'Decrypt with the envelope helper (data key unwrapped by KMS)',
    edits: [{ file: ctx.file, range: loc.range, newText: call }, ...helperEdits(root, ctx, typed)],
  };
}

function fieldIn(body: RestBody | undefined, name: string) {
  return body?.kind === 'fields' ? body.fields.find((f) => f.name === name) : undefined;
}

/** The raw data a base64 payload expression encodes: `x` for `x.toString('base64')`, else a decode of it. */
function dataOf(valueNode: SyntaxNode, valueText: string): string {
  const n = unwrap(valueNode);
  const callee = n.type === 'call_expression' ? n.childForFieldName('function') : undefined;
  const arg = n.childForFieldName('arguments')?.namedChildren[0];
  if (callee?.type === 'member_expression' && callee.childForFieldName('property')?.text === 'toString' && arg && stringLiteral(arg) === 'base64') {
    return callee.childForFieldName('object')!.text;
  }
  const text = n.type === 'shorthand_property_identifier' ? n.text : valueText;
  return `Buffer.from(${text}, 'base64')`;
}

/** The helper edits of a file, computed once per analysis (keyed by its root node object). */
const helperEditsByRoot = new WeakMap<SyntaxNode, TextEdit[]>();

/** Append the helpers the file lacks, and the crypto import they use. */
function helperEdits(root: SyntaxNode, ctx: CodeFile, typed: boolean): TextEdit[] {
  let edits = helperEditsByRoot.get(root);
  if (!edits) helperEditsByRoot.set(root, (edits = computeHelperEdits(root, ctx, typed)));
  return edits;
}

function computeHelperEdits(root: SyntaxNode, ctx: CodeFile, typed: boolean): TextEdit[] {
  const declared = new Set(
    root.namedChildren
      .map((n) => (n.type === 'export_statement' ? n.childForFieldName('declaration') : n))
      .filter((n): n is SyntaxNode => n?.type === 'function_declaration')
      .map((n) => n.childForFieldName('name')?.text),
  );
  const texts = helpers(typed);
  const missing = (Object.keys(texts) as (keyof typeof texts)[]).filter((name) => !declared.has(name));
  if (!missing.length) return [];
  const edits: TextEdit[] = [];
  if (!declaresName(root, CRYPTO_NAME)) edits.push(importEdit(root, ctx));
  const end = ctx.lines.pos(ctx.text.length);
  edits.push({ file: ctx.file, range: { start: end, end }, newText: (ctx.text.endsWith('\n') ? '' : '\n') + missing.map((m) => texts[m]).join('') });
  return edits;
}

/** A module-level import or declaration binds `name`. */
function declaresName(root: SyntaxNode, name: string): boolean {
  return root.namedChildren.some((n) => {
    if (n.type === 'import_statement') return n.descendantsOfType('namespace_import').some((ns) => ns?.namedChildren[0]?.text === name);
    if (n.type === 'lexical_declaration' || n.type === 'variable_declaration') return n.namedChildren.some((d) => d.type === 'variable_declarator' && d.childForFieldName('name')?.text === name);
    return false;
  });
}

/** `import * as envelopeCrypto from 'node:crypto';` after the last import, or a require in CommonJS. */
function importEdit(root: SyntaxNode, ctx: CodeFile): TextEdit {
  const imports = root.namedChildren.filter((n) => n.type === 'import_statement');
  const usesRequire = root.descendantsOfType('call_expression').some((c) => c?.childForFieldName('function')?.text === 'require');
  const esm = imports.length > 0 || !usesRequire || ctx.file.endsWith('.mjs') || ctx.file.endsWith('.mts');
  const line = esm ? `import * as ${CRYPTO_NAME} from 'node:crypto';` : `const ${CRYPTO_NAME} = require('node:crypto');`;
  const after = imports[imports.length - 1];
  if (after) {
    const at = ctx.lines.pos(after.endIndex);
    return { file: ctx.file, range: { start: at, end: at }, newText: `\n${line}` };
  }
  // At the top, after a shebang or a 'use strict' directive.
  const first = root.namedChildren[0];
  const directive = first?.type === 'expression_statement' && first.namedChildren[0] ? stringLiteral(first.namedChildren[0]) : undefined;
  const skip = first && (first.type === 'hash_bang_line' || directive === 'use strict') ? first : undefined;
  const at = skip ? ctx.lines.pos(skip.endIndex) : { line: 0, character: 0 };
  return { file: ctx.file, range: { start: at, end: at }, newText: skip ? `\n${line}` : `${line}\n` };
}
