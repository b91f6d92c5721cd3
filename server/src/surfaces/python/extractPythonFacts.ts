// Python: Thalassa REST calls made with requests or httpx, and sensitive responses (decrypted
// plaintext, exported key material, signatures, HMACs) passed to print/logging.
import type { SourceFile, SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, KeyUse, Loc, SensitivePrint } from '../../engine/types';
import { parserFor } from '../../parsing/treeSitter';
import { collectComments, LineIndex, mergeFacts, nodeLoc, perFileExtractor, type SyntaxNode } from '../common';
import type { CodeFile } from '../rest/clientCalls';
import { restCallFacts, restOperation } from '../rest/restCall';
import { envelopeFix } from './pyEnvelope';
import { httpCall, type PyHttpCall } from './pyHttpCalls';
import { keyOf, resetBindings, resolveBinding, unwrap } from './pyValues';

const LOOPS = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);
/** A logger by its name: `log`, `logger`, `LOGGER`, `self.logger`, `app.logger`, `_log`. */
const LOGGER_NAME = /^_*(log|logger|logging)$|logger$/i;

const SENSITIVE_RESPONSES: Partial<Record<KeyUse['purpose'], { fields: string[]; value: SensitivePrint['value'] }>> = {
  decrypt: { fields: ['plaintext'], value: 'plaintext' },
  export: { fields: ['keyMaterial'], value: 'key-material' },
  sign: { fields: ['signature'], value: 'signature' },
  hmac: { fields: ['hmac'], value: 'hmac' },
};
/** Fields of a create response that name the created key. */
const KEY_FIELDS = ['identity', 'slug', 'name'];

export function createPythonExtractor(): SurfaceExtractor {
  return perFileExtractor('python', (file) => file.toLowerCase().endsWith('.py'), extractPythonFile);
}

export async function extractPythonFile(source: SourceFile): Promise<FactSet> {
  const facts = emptyFacts();
  const lower = source.text.toLowerCase();
  if (!lower.includes('kms') && !lower.includes('secrets') && !lower.includes('dnssec')) return facts;
  try {
    const tree = (await parserFor('python')).parse(source.text);
    if (!tree) throw new Error('no syntax tree');
    try {
      resetBindings();
      return analyse(source, tree.rootNode);
    } finally {
      resetBindings();
      tree.delete();
    }
  } catch (err) {
    facts.notes.push({ file: source.path, message: `Python analysis skipped: ${(err as Error).message}` });
    return facts;
  }
}

function analyse(source: SourceFile, root: SyntaxNode): FactSet {
  const facts = emptyFacts();
  facts.comments = collectComments(source.path, root);
  const ctx: CodeFile = { file: source.path, text: source.text, lines: new LineIndex(source.text) };
  const sensitive = new Map<number, Origin<SensitivePrint['value']>>();
  /** Create calls, by syntax node id: their response names the key they define. */
  const created = new Map<number, Origin<string>>();
  const calls = root.descendantsOfType('call').filter((n): n is SyntaxNode => !!n);
  for (const node of calls) {
    let py: PyHttpCall | undefined;
    try {
      py = httpCall(node, ctx, source.path, inLoop(node));
    } catch {
      continue; // a construct we do not model (half-typed code): this call only
    }
    if (!py) continue;
    if (created.size) linkCreatedKeys(py, created, root, ctx);
    const op = restOperation(py.call);
    if (op?.kind === 'key' && op.purpose === 'delete') py.call.statementStart = disableBefore(py, ctx);
    if (op?.kind === 'key' && (op.purpose === 'encrypt' || op.purpose === 'decrypt')) py.call.envelopeFix = envelopeFix(py, op.purpose, root, ctx);
    const callFacts = restCallFacts(py.call);
    mergeFacts(facts, callFacts);
    const secret = callFacts.uses[0] && SENSITIVE_RESPONSES[callFacts.uses[0].purpose];
    if (secret) sensitive.set(node.id, secret);
    if (callFacts.keys[0]) created.set(node.id, { fields: KEY_FIELDS, value: callFacts.keys[0].id });
  }
  if (sensitive.size) facts.prints.push(...sensitivePrints(source.path, calls, sensitive));
  return facts;
}

function inLoop(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (LOOPS.has(n.type)) return true;
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
  }
  return false;
}

/** The disable-before-delete fix: the same client's `.post(…/disable)`, awaited like the delete, on the line before. */
function disableBefore(py: PyHttpCall, ctx: CodeFile): KeyUse['statementStart'] {
  // A function imported alone (`from requests import delete`) has no `.post` to call.
  if (!py.client.text || !py.urlNode) return undefined;
  let statement: SyntaxNode | null = py.node;
  while (statement && !(statement.parent && ['block', 'module'].includes(statement.parent.type))) statement = statement.parent;
  if (!statement) return undefined;
  const start = ctx.lines.pos(statement.startIndex);
  const indent = ctx.text.slice(statement.startIndex - start.character, statement.startIndex);
  if (indent.trim()) return undefined;
  const url = disableUrl(py.urlNode);
  const headers = py.headersNode ? `, headers=${py.headersNode.text}` : '';
  let parent = py.node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  const awaited = parent?.type === 'await';
  return { loc: ctx.lines.loc(ctx.file, statement.startIndex, statement.startIndex), indent, text: `${awaited ? 'await ' : ''}${py.client.text}.post(${url}${headers})\n${indent}` };
}

function disableUrl(urlNode: SyntaxNode): string {
  const n = unwrap(urlNode);
  if (n.type === 'string') {
    const end = n.namedChildren.find((c) => c.type === 'string_end');
    if (end) {
      const body = n.text.slice(0, end.startIndex - n.startIndex);
      return `${body.replace(/\/$/, '')}/disable${end.text}`;
    }
  }
  return `${n.text} + "/disable"`;
}

// ---------------------------------------------------------------------------
// Sensitive values reaching print / logging

/** A call whose response matters: which response fields count, and what they are. */
type Origin<T> = { fields: string[]; value: T };
/** How far an expression is from such a response: the response, its parsed body, or one of its fields. */
type Flow<T> = Origin<T> & { what: 'response' | 'body' | 'secret' };

/**
 * `f"…/keys/{key['identity']}/…"` or `"kmsKeyIdentity": key["identity"]`, where `key` is the
 * response of a create call earlier in the module: the use names that created key.
 */
function linkCreatedKeys(py: PyHttpCall, created: Map<number, Origin<string>>, root: SyntaxNode, ctx: CodeFile): void {
  const definitionAt = (loc: Loc): string | undefined => {
    let node = root.descendantForIndex(ctx.lines.offset(loc.range.start), ctx.lines.offset(loc.range.end));
    if (node?.type === 'interpolation') node = node.childForFieldName('expression');
    const flow = node ? classify(node, created, 0) : undefined;
    return flow?.what === 'secret' ? flow.value : undefined;
  };
  for (const part of py.call.urlParts ?? []) {
    if (part.kind === 'value' && !part.value.known && !part.defId) part.defId = definitionAt(part.loc);
  }
  const body = py.call.body;
  const keyField = body?.kind === 'fields' ? body.fields.find((f) => f.name === 'kmsKeyIdentity') : undefined;
  if (keyField && !keyField.value.known) keyField.defId = definitionAt(keyField.valueLoc);
}

function sensitivePrints(file: string, calls: SyntaxNode[], sensitive: Map<number, Origin<SensitivePrint['value']>>): SensitivePrint[] {
  const prints: SensitivePrint[] = [];
  for (const call of calls) {
    const sink = sinkName(call);
    if (!sink) continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
    for (const arg of args) {
      const flow = leaks(arg, sensitive, 0);
      if (!flow) continue;
      const at = arg.startPosition;
      prints.push({ id: `python:${file}:${at.row}:${at.column}`, surface: 'python', value: flow.value, sink, loc: nodeLoc(file, arg) });
      break;
    }
  }
  return prints;
}

function sinkName(call: SyntaxNode): string | undefined {
  const fn = unwrap(call.childForFieldName('function') ?? call);
  const text = fn.text.replace(/\s+/g, '');
  if (['print', 'pprint', 'pprint.pprint', 'click.echo', 'sys.stdout.write', 'sys.stderr.write'].includes(text)) return text;
  if (fn.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  const owner = fn.childForFieldName('object');
  const ownerName = owner?.type === 'attribute' ? owner.childForFieldName('attribute')?.text : owner?.text;
  return ownerName && LOGGER_NAME.test(ownerName) && LOG_METHODS.has(method) ? text : undefined;
}

/** A sensitive value in an argument: itself, or inside an f-string, `+`/`%` formatting, `.format(…)`, a branch or a literal collection. */
function leaks(arg: SyntaxNode, sensitive: Map<number, Origin<SensitivePrint['value']>>, depth: number): Flow<SensitivePrint['value']> | undefined {
  if (depth > 10) return undefined;
  const n = unwrap(arg);
  const flow = classify(n, sensitive, 0);
  // A response object prints as `<Response [200]>`; its text/json or the field leak.
  if (flow && flow.what !== 'response') return flow;
  let parts: (SyntaxNode | null | undefined)[] = [];
  switch (n.type) {
    case 'string':
      parts = n.namedChildren.filter((c) => c.type === 'interpolation').map((c) => c.childForFieldName('expression'));
      break;
    case 'concatenated_string':
    case 'list':
    case 'tuple':
    case 'set':
      parts = n.namedChildren;
      break;
    case 'dictionary':
      parts = n.namedChildren.map((p) => p.childForFieldName('value'));
      break;
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text;
      if (op === '+') parts = [n.childForFieldName('left'), n.childForFieldName('right')];
      if (op === '%') parts = [n.childForFieldName('right')];
      break;
    }
    case 'conditional_expression':
      parts = n.namedChildren.filter((_, i) => i !== 1); // value if cond else other
      break;
    case 'call': {
      const fn = n.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') parts = n.childForFieldName('arguments')?.namedChildren ?? [];
      break;
    }
  }
  for (const part of parts) {
    const inner = part && leaks(part.type === 'keyword_argument' ? (part.childForFieldName('value') ?? part) : part, sensitive, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function classify<T>(node: SyntaxNode, sensitive: Map<number, Origin<T>>, depth: number): Flow<T> | undefined {
  if (depth > 10) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'await':
      return n.namedChildren[0] && classify(n.namedChildren[0], sensitive, depth + 1);
    case 'call': {
      const hit = sensitive.get(n.id);
      if (hit) return { what: 'response', ...hit };
      const fn = unwrap(n.childForFieldName('function') ?? n);
      const firstArg = n.childForFieldName('arguments')?.namedChildren.find((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
      if (fn.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text;
        const owner = fn.childForFieldName('object');
        const inner = owner ? classify(owner, sensitive, depth + 1) : undefined;
        if (inner?.what === 'response' && method === 'json') return { ...inner, what: 'body' };
        if (inner?.what === 'body' && method === 'get' && firstArg) return step(inner, firstArg.type === 'string' ? stringText(firstArg) : undefined);
        if (inner && inner.what !== 'response' && (method === 'decode' || method === 'encode')) return inner;
      }
      // str(x), base64.b64decode(x), json.dumps(x): still the value.
      const fnText = fn.text.replace(/\s+/g, '');
      if (firstArg && ['str', 'bytes', 'repr', 'json.dumps', 'base64.b64decode', 'b64decode', 'base64.standard_b64decode'].includes(fnText)) {
        const inner = classify(firstArg, sensitive, depth + 1);
        return inner && inner.what !== 'response' ? inner : undefined;
      }
      return undefined;
    }
    case 'attribute': {
      const owner = n.childForFieldName('object');
      const inner = owner ? classify(owner, sensitive, depth + 1) : undefined;
      // resp.text / resp.content: the whole body.
      if (inner?.what === 'response' && ['text', 'content'].includes(keyOf(n) ?? '')) return { ...inner, what: 'body' };
      return undefined;
    }
    case 'subscript': {
      const owner = n.childForFieldName('value');
      const inner = owner ? classify(owner, sensitive, depth + 1) : undefined;
      return inner && step(inner, keyOf(n));
    }
    case 'identifier': {
      const b = resolveBinding(n);
      return b?.kind === 'assign' && b.value ? classify(b.value, sensitive, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function stringText(n: SyntaxNode): string | undefined {
  const content = n.namedChildren.filter((c) => c.type === 'string_content');
  return n.namedChildren.some((c) => c.type === 'interpolation') ? undefined : content.map((c) => c.text).join('');
}

function step<T>(flow: Flow<T>, key: string | undefined): Flow<T> | undefined {
  return flow.what === 'body' && key !== undefined && flow.fields.includes(key) ? { ...flow, what: 'secret' } : undefined;
}
