// TypeScript / JavaScript: Thalassa REST calls made with fetch, axios or got, and sensitive
// responses (decrypted plaintext, exported key material) written to console/loggers.
import * as path from 'path';
import type { SourceFile, SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, KeyUse, SensitivePrint } from '../../engine/types';
import type { GrammarId } from '../../parsing/treeSitter';
import { collectComments, descendantsOfType, mergeFacts, perFileExtractor, type SyntaxNode } from '../common';
import { codeFile, type CodeFile } from '../rest/clientCalls';
import { analyseProgramFile, clientCallFacts, isAwaited, statementBefore, type Flow, type Origins } from '../rest/clientFacts';
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

function grammarFor(file: string): GrammarId | undefined {
  if (file.endsWith('.d.ts')) return undefined;
  return GRAMMARS[path.extname(file).toLowerCase()];
}

export function createJavaScriptExtractor(): SurfaceExtractor {
  return perFileExtractor('javascript', (file) => !!grammarFor(file), extractJavaScriptFile);
}

export async function extractJavaScriptFile(source: SourceFile): Promise<FactSet> {
  const grammar = grammarFor(source.path)!;
  return analyseProgramFile(source, grammar, 'JavaScript/TypeScript', resetBindings, (root) => analyse(source, root, grammar));
}

function analyse(source: SourceFile, root: SyntaxNode, grammar: GrammarId): FactSet {
  const facts = emptyFacts();
  facts.comments = collectComments(source.path, root, ['comment', 'html_comment']);
  const ctx = codeFile(source);
  const calls = descendantsOfType(root, ['call_expression']);
  return mergeFacts(
    facts,
    clientCallFacts<JsHttpCall, Client>(ctx, root, calls, {
      surface: 'javascript',
      httpCall: (node) => httpCall(node, ctx, source.path, inLoop(node)),
      origin: (js) => ({ client: js.client }),
      keyFlow: (node, created) => {
        const expr = node.type === 'template_substitution' ? node.namedChildren[0] : node;
        return expr && classify(expr, created, 0);
      },
      disableBefore: (js) => disableBefore(js, ctx),
      envelopeFix: (js, purpose) => envelopeFix(js, purpose, root, ctx, grammar !== 'javascript'),
      sinkName,
      printedArgs: (call) => call.childForFieldName('arguments')?.namedChildren ?? [],
      leak: (arg, sensitive) => leaks(arg, sensitive),
    }),
  );
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
  if (!js.urlNode) return undefined;
  const url = disableUrl(js.urlNode);
  // The delete's headers (authorization) go along: `headers` for a shorthand, else `headers: <expr>`.
  const h = js.headersNode;
  const headers = h ? (h.type === 'shorthand_property_identifier' ? h.text : `headers: ${h.text}`) : undefined;
  let call: string;
  if (js.client === 'fetch') call = `${js.calleeText}(${url}, { method: 'POST'${headers ? `, ${headers}` : ''} })`;
  else if (js.client === 'axios') call = `${js.calleeText}.post(${url}${headers ? `, undefined, { ${headers} }` : ''})`;
  else call = `${js.calleeText}.post(${url}${headers ? `, { ${headers} }` : ''})`;
  const awaited = isAwaited(js.node, 'await_expression') ? 'await ' : '';
  return statementBefore(ctx, js.node, ['statement_block', 'program', 'switch_case', 'switch_default'], `${awaited}${call};`);
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

/** What a response flow needs to know of its client: an axios response holds its body in `.data`. */
type Client = { client: ClientKind };

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
function leaks(arg: SyntaxNode, sensitive: Origins<SensitivePrint['value'], Client>, depth = 0): Flow<SensitivePrint['value'], Client> | undefined {
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

function classify<T>(node: SyntaxNode, sensitive: Origins<T, Client>, depth: number): Flow<T, Client> | undefined {
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
      let flow: Flow<T, Client> | undefined = classify(b.value, sensitive, depth + 1);
      for (const key of b.path) flow = flow && step(flow, key);
      return flow;
    }
    default:
      return undefined;
  }
}

/** Taking property `key` of a flow: axios `.data` is the body; a field of the body that counts is the value. */
function step<T>(flow: Flow<T, Client>, key: string | undefined): Flow<T, Client> | undefined {
  if (flow.what === 'response') return flow.client === 'axios' && key === 'data' ? { ...flow, what: 'body' } : undefined;
  if (flow.what === 'body') return key !== undefined && flow.fields.includes(key) ? { ...flow, what: 'secret' } : undefined;
  return undefined;
}
