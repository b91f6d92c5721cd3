// TypeScript / JavaScript: Thalassa REST calls made with fetch, axios or got, and sensitive
// responses (decrypted plaintext, exported key material) written to console/loggers.
import * as path from 'path';
import type { SourceFile, SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, KeyUse, Loc, SensitivePrint } from '../../engine/types';
import type { GrammarId } from '../../parsing/treeSitter';
import { parserFor } from '../../parsing/treeSitter';
import { collectComments, LineIndex, mergeFacts, nodeLoc, perFileExtractor, type SyntaxNode } from '../common';
import type { CodeFile } from '../rest/clientCalls';
import { restCallFacts, restOperation } from '../rest/restCall';
import { envelopeFix } from './jsEnvelope';
import { httpCall, type ClientKind, type JsHttpCall } from './jsHttpCalls';
import { isFunction, propertyName, resetBindings, resolveBinding, unwrap } from './jsValues';

const GRAMMARS: Record<string, GrammarId> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
};

const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'filter', 'some', 'every', 'find']);
const LOG_RECEIVERS = new Set(['console', 'logger', 'log']);
const LOG_METHODS = new Set(['log', 'info', 'debug', 'warn', 'error', 'trace', 'dir', 'table', 'fatal', 'verbose']);

/** What the response of an operation holds that must not be logged. */
const SENSITIVE_RESPONSES: Partial<Record<KeyUse['purpose'], { fields: string[]; value: SensitivePrint['value'] }>> = {
  decrypt: { fields: ['plaintext'], value: 'plaintext' },
  export: { fields: ['keyMaterial'], value: 'key-material' },
  sign: { fields: ['signature'], value: 'signature' },
  hmac: { fields: ['hmac'], value: 'hmac' },
};
/** Fields of a create response that name the created key. */
const KEY_FIELDS = ['identity', 'slug', 'name'];

function grammarFor(file: string): GrammarId | undefined {
  if (file.endsWith('.d.ts')) return undefined;
  return GRAMMARS[path.extname(file).toLowerCase()];
}

export function createJavaScriptExtractor(): SurfaceExtractor {
  return perFileExtractor('javascript', (file) => !!grammarFor(file), extractJavaScriptFile);
}

export async function extractJavaScriptFile(source: SourceFile): Promise<FactSet> {
  const facts = emptyFacts();
  // Every API path, client and suppression directive we look for names kms, secrets or dnssec.
  const lower = source.text.toLowerCase();
  if (!lower.includes('kms') && !lower.includes('secrets') && !lower.includes('dnssec')) return facts;
  const grammar = grammarFor(source.path)!;
  try {
    const tree = (await parserFor(grammar)).parse(source.text);
    if (!tree) throw new Error('no syntax tree');
    try {
      resetBindings();
      return analyse(source, tree.rootNode, grammar);
    } finally {
      resetBindings();
      tree.delete();
    }
  } catch (err) {
    facts.notes.push({ file: source.path, message: `JavaScript/TypeScript analysis skipped: ${(err as Error).message}` });
    return facts;
  }
}

function analyse(source: SourceFile, root: SyntaxNode, grammar: GrammarId): FactSet {
  const facts = emptyFacts();
  facts.comments = collectComments(source.path, root, ['comment', 'html_comment']);
  const ctx: CodeFile = { file: source.path, text: source.text, lines: new LineIndex(source.text) };
  /** Calls whose response is sensitive, by syntax node id. */
  const sensitive = new Map<number, Origin<SensitivePrint['value']>>();
  /** Create calls, by syntax node id: their response names the key they define. */
  const created = new Map<number, Origin<string>>();
  const calls = root.descendantsOfType('call_expression').filter((n): n is SyntaxNode => !!n);
  for (const node of calls) {
    let js: JsHttpCall | undefined;
    try {
      js = httpCall(node, ctx, source.path, inLoop(node));
    } catch {
      // A construct we do not model (half-typed code): this call only.
      continue;
    }
    if (!js) continue;
    if (created.size) linkCreatedKeys(js, created, root, ctx);
    const op = restOperation(js.call);
    if (op?.kind === 'key' && op.purpose === 'delete') js.call.statementStart = disableBefore(js, ctx);
    if (op?.kind === 'key' && (op.purpose === 'encrypt' || op.purpose === 'decrypt')) js.call.envelopeFix = envelopeFix(js, op.purpose, root, ctx, grammar !== 'javascript');
    const callFacts = restCallFacts(js.call);
    mergeFacts(facts, callFacts);
    const use = callFacts.uses[0];
    const secret = use && SENSITIVE_RESPONSES[use.purpose];
    if (secret) sensitive.set(node.id, { client: js.client, ...secret });
    if (callFacts.keys[0]) created.set(node.id, { client: js.client, fields: KEY_FIELDS, value: callFacts.keys[0].id });
  }
  if (sensitive.size) facts.prints.push(...sensitivePrints(source.path, calls, sensitive));
  return facts;
}

/** In a loop of the same function, or in a callback of forEach/map/… over a collection. */
function inLoop(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (LOOPS.has(n.type)) return true;
    if (isFunction(n)) {
      const call = n.parent?.type === 'arguments' ? n.parent.parent : undefined;
      const callee = call?.childForFieldName('function');
      return callee?.type === 'member_expression' && ITERATION_METHODS.has(callee.childForFieldName('property')?.text ?? '');
    }
  }
  return false;
}

/** The disable-before-delete fix: the same client's POST …/disable, awaited like the delete, as a statement before it. */
function disableBefore(js: JsHttpCall, ctx: CodeFile): KeyUse['statementStart'] {
  let statement: SyntaxNode | null = js.node;
  while (statement && !(statement.parent && ['statement_block', 'program', 'switch_case', 'switch_default'].includes(statement.parent.type))) statement = statement.parent;
  if (!statement || !js.urlNode) return undefined;
  const start = ctx.lines.pos(statement.startIndex);
  const indent = ctx.text.slice(statement.startIndex - start.character, statement.startIndex);
  // Only when the statement starts its line: the indentation is then what precedes it.
  if (indent.trim()) return undefined;
  const url = disableUrl(js.urlNode);
  // The delete's headers (authorization) go along: `headers` for a shorthand, else `headers: <expr>`.
  const h = js.headersNode;
  const headers = h ? (h.type === 'shorthand_property_identifier' ? h.text : `headers: ${h.text}`) : undefined;
  let call: string;
  if (js.client === 'fetch') call = `${js.calleeText}(${url}, { method: 'POST'${headers ? `, ${headers}` : ''} })`;
  else if (js.client === 'axios') call = `${js.calleeText}.post(${url}${headers ? `, undefined, { ${headers} }` : ''})`;
  else call = `${js.calleeText}.post(${url}${headers ? `, { ${headers} }` : ''})`;
  let parent = js.node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  const awaited = parent?.type === 'await_expression';
  return { loc: ctx.lines.loc(ctx.file, statement.startIndex, statement.startIndex), indent, text: `${awaited ? 'await ' : ''}${call};\n${indent}` };
}

/** The delete URL expression with `/disable` appended, in the same syntax. */
function disableUrl(urlNode: SyntaxNode): string {
  const n = unwrap(urlNode);
  const text = n.text;
  if (n.type === 'template_string' || n.type === 'string') return `${text.slice(0, -1).replace(/\/$/, '')}/disable${text.slice(-1)}`;
  return `\`\${${text}}/disable\``;
}

// ---------------------------------------------------------------------------
// Sensitive values reaching console.* / logger.*

/** A call whose response matters: which client made it, which response fields count, and what they are. */
type Origin<T> = { client: ClientKind; fields: string[]; value: T };
/** How far an expression is from such a response: the response, its parsed body, or one of its fields. */
type Flow<T> = Origin<T> & { what: 'response' | 'body' | 'secret' };

/**
 * `${key.identity}` in a URL or `kmsKeyIdentity: key.identity` in a body, where `key` is the
 * response of a create call earlier in the file: the use names that created key.
 */
function linkCreatedKeys(js: JsHttpCall, created: Map<number, Origin<string>>, root: SyntaxNode, ctx: CodeFile): void {
  const definitionAt = (loc: Loc): string | undefined => {
    let node = root.descendantForIndex(ctx.lines.offset(loc.range.start), ctx.lines.offset(loc.range.end));
    if (node?.type === 'template_substitution') node = node.namedChildren[0] ?? null;
    const flow = node ? classify(node, created, 0) : undefined;
    return flow?.what === 'secret' ? flow.value : undefined;
  };
  for (const part of js.call.urlParts ?? []) {
    if (part.kind === 'value' && !part.value.known && !part.defId) part.defId = definitionAt(part.loc);
  }
  const body = js.call.body;
  const keyField = body?.kind === 'fields' ? body.fields.find((f) => f.name === 'kmsKeyIdentity') : undefined;
  if (keyField && !keyField.value.known) keyField.defId = definitionAt(keyField.valueLoc);
}

function sensitivePrints(file: string, calls: SyntaxNode[], sensitive: Map<number, Origin<SensitivePrint['value']>>): SensitivePrint[] {
  const prints: SensitivePrint[] = [];
  for (const call of calls) {
    const sink = sinkName(call);
    if (!sink) continue;
    for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
      const flow = leaks(arg, sensitive);
      if (!flow) continue;
      const at = arg.startPosition;
      prints.push({ id: `javascript:${file}:${at.row}:${at.column}`, surface: 'javascript', value: flow.value, sink, loc: nodeLoc(file, arg) });
      break;
    }
  }
  return prints;
}

function sinkName(call: SyntaxNode): string | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression') return undefined;
  const obj = callee.childForFieldName('object');
  const method = callee.childForFieldName('property')?.text ?? '';
  if (obj && LOG_RECEIVERS.has(obj.text) && LOG_METHODS.has(method)) return `${obj.text}.${method}`;
  if (obj && ['process.stdout', 'process.stderr'].includes(obj.text) && method === 'write') return `${obj.text}.write`;
  return undefined;
}

/**
 * The sensitive flow an argument shows: the value itself, or the value inside a template,
 * a `+` concatenation, a conditional branch or an object/array literal. A derived value
 * (`plaintext.length`, a comparison) shows nothing.
 */
function leaks(arg: SyntaxNode, sensitive: Map<number, Origin<SensitivePrint['value']>>, depth = 0): Flow<SensitivePrint['value']> | undefined {
  if (depth > 10) return undefined;
  const n = unwrap(arg);
  const flow = classify(n, sensitive, 0);
  // A fetch Response prints as metadata; its body, an axios response (with data) or the field itself leak.
  if (flow && (flow.what !== 'response' || flow.client === 'axios')) return flow;
  let parts: (SyntaxNode | null)[] = [];
  switch (n.type) {
    case 'template_string':
      parts = n.namedChildren.filter((c) => c.type === 'template_substitution').map((c) => c.namedChildren[0] ?? null);
      break;
    case 'binary_expression':
      if (n.childForFieldName('operator')?.text === '+') parts = [n.childForFieldName('left'), n.childForFieldName('right')];
      break;
    case 'ternary_expression':
      parts = [n.childForFieldName('consequence'), n.childForFieldName('alternative')];
      break;
    case 'object':
      parts = n.namedChildren.map((m) => (m.type === 'pair' ? m.childForFieldName('value') : m.type === 'shorthand_property_identifier' || m.type === 'spread_element' ? m : null));
      break;
    case 'array':
    case 'spread_element':
      parts = n.namedChildren;
      break;
  }
  for (const part of parts) {
    const inner = part && leaks(part, sensitive, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function classify<T>(node: SyntaxNode, sensitive: Map<number, Origin<T>>, depth: number): Flow<T> | undefined {
  if (depth > 10) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'await_expression':
      return n.namedChildren[0] && classify(n.namedChildren[0], sensitive, depth + 1);
    case 'call_expression': {
      const hit = sensitive.get(n.id);
      if (hit) return { what: 'response', ...hit };
      const callee = unwrap(n.childForFieldName('function') ?? n);
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      if (callee.type === 'member_expression') {
        const method = callee.childForFieldName('property')?.text;
        const receiver = callee.childForFieldName('object');
        const inner = receiver && classify(receiver, sensitive, depth + 1);
        // res.json() / got(...).json(): the body.
        if (inner?.what === 'response' && inner.client !== 'axios' && (method === 'json' || method === 'text')) return { ...inner, what: 'body' };
        if (inner && inner.what !== 'response' && method === 'toString') return inner;
      }
      // Buffer.from(x, 'base64'), JSON.stringify(x), String(x): still the value.
      if (['Buffer.from', 'JSON.stringify', 'String', 'atob'].includes(callee.text.replace(/\s/g, '')) && args[0]) {
        const inner = classify(args[0], sensitive, depth + 1);
        return inner && inner.what !== 'response' ? inner : undefined;
      }
      return undefined;
    }
    case 'member_expression':
    case 'subscript_expression': {
      const obj = n.childForFieldName('object');
      const inner = obj ? classify(obj, sensitive, depth + 1) : undefined;
      return inner && step(inner, propertyName(n));
    }
    case 'identifier':
    case 'shorthand_property_identifier': {
      const b = resolveBinding(n);
      if (b?.kind !== 'declarator' || !b.value) return undefined;
      let flow: Flow<T> | undefined = classify(b.value, sensitive, depth + 1);
      for (const key of b.path) flow = flow && step(flow, key);
      return flow;
    }
    default:
      return undefined;
  }
}

/** Taking property `key` of a flow: axios `.data` is the body; a field of the body that counts is the value. */
function step<T>(flow: Flow<T>, key: string | undefined): Flow<T> | undefined {
  if (flow.what === 'response') return flow.client === 'axios' && key === 'data' ? { ...flow, what: 'body' } : undefined;
  if (flow.what === 'body') return key !== undefined && flow.fields.includes(key) ? { ...flow, what: 'secret' } : undefined;
  return undefined;
}
