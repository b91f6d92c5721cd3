// Python: Thalassa REST calls made with requests or httpx, and sensitive responses (decrypted
// plaintext, exported key material, signatures, HMACs) passed to print/logging.
import type { SourceFile, SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, KeyUse, SensitivePrint } from '../../engine/types';
import { collectComments, descendantsOfType, mergeFacts, perFileExtractor, type SyntaxNode } from '../common';
import { codeFile, type CodeFile } from '../rest/clientCalls';
import { analyseProgramFile, clientCallFacts, isAwaited, statementBefore, type Flow, type Origins } from '../rest/clientFacts';
import { envelopeFix } from './pyEnvelope';
import { httpCall, type PyHttpCall } from './pyHttpCalls';
import { keyOf, resetBindings, resolveBinding, unwrap } from './pyValues';

const LOOPS = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);
/** A logger by its name: `log`, `logger`, `LOGGER`, `self.logger`, `app.logger`, `_log`. */
const LOGGER_NAME = /^_*(log|logger|logging)$|logger$/i;

export function createPythonExtractor(): SurfaceExtractor {
  return perFileExtractor('python', (file) => file.toLowerCase().endsWith('.py'), extractPythonFile);
}

export async function extractPythonFile(source: SourceFile): Promise<FactSet> {
  return analyseProgramFile(source, 'python', 'Python', resetBindings, (root) => analyse(source, root));
}

function analyse(source: SourceFile, root: SyntaxNode): FactSet {
  const facts = emptyFacts();
  facts.comments = collectComments(source.path, root);
  const ctx = codeFile(source);
  const calls = descendantsOfType(root, ['call']);
  return mergeFacts(
    facts,
    clientCallFacts<PyHttpCall, Client>(ctx, root, calls, {
      surface: 'python',
      httpCall: (node) => httpCall(node, ctx, source.path, inLoop(node)),
      origin: () => ({}),
      keyFlow: (node, created) => {
        const expr = node.type === 'interpolation' ? node.childForFieldName('expression') : node;
        return expr ? classify(expr, created, 0) : undefined;
      },
      disableBefore: (py) => disableBefore(py, ctx),
      envelopeFix: (py, purpose) => envelopeFix(py, purpose, root, ctx),
      sinkName,
      printedArgs: (call) => (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment'),
      leak: (arg, sensitive) => leaks(arg, sensitive, 0),
    }),
  );
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
  const headers = py.headersNode ? `, headers=${py.headersNode.text}` : '';
  const awaited = isAwaited(py.node, 'await') ? 'await ' : '';
  return statementBefore(ctx, py.node, ['block', 'module'], `${awaited}${py.client.text}.post(${disableUrl(py.urlNode)}${headers})`);
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

/** A response flow needs nothing of its client: requests and httpx responses read alike. */
type Client = object;

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
function leaks(arg: SyntaxNode, sensitive: Origins<SensitivePrint['value'], Client>, depth: number): Flow<SensitivePrint['value'], Client> | undefined {
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

function classify<T>(node: SyntaxNode, sensitive: Origins<T, Client>, depth: number): Flow<T, Client> | undefined {
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

function step<T>(flow: Flow<T, Client>, key: string | undefined): Flow<T, Client> | undefined {
  return flow.what === 'body' && key !== undefined && flow.fields.includes(key) ? { ...flow, what: 'secret' } : undefined;
}
