// HTTP client calls in Python, as RestCalls: requests and httpx (module functions, imported
// functions, `requests.Session()` / `httpx.Client(base_url=…)` / `AsyncClient` instances, also
// bound by `with … as` and held in `self.…`), under any import alias.
import type { Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { nodeLoc, type SyntaxNode } from '../common';
import { bodyField, clientRestCall, methodValue, type CodeFile, type ValueReader } from '../rest/clientCalls';
import { appendWriter, memberRemoveSpan, nodeSpans } from '../rest/objectMembers';
import type { RestBody, RestBodyField, RestCall, UrlPart } from '../rest/restCall';
import { provenance } from './pyProvenance';
import { dictMembers, enclosingFunction, evaluate, resolveBinding, resolveDict, stringLiteral, unwrap, urlParts } from './pyValues';

type Library = 'requests' | 'httpx';

interface Client {
  kind: 'module' | 'instance' | 'function';
  library: Library;
  /** For a function imported from the library (`from requests import post`). */
  verb?: string;
  base?: UrlPart[];
  /** How to call the same client again (`requests`, `session`, `self.client`); empty for a function import. */
  text: string;
}

export interface PyHttpCall {
  call: RestCall;
  node: SyntaxNode;
  client: Client;
  urlNode?: SyntaxNode;
  headersNode?: SyntaxNode;
}

const LIBRARIES = new Set<string>(['requests', 'httpx']);
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const CLIENT_CLASSES = new Set(['Session', 'session', 'Client', 'AsyncClient']);
const MAX_DEPTH = 8;
const READER: ValueReader = { evaluate, provenance };

function libraryOf(module: string): Library | undefined {
  const root = module.split('.')[0];
  return LIBRARIES.has(root) ? (root as Library) : undefined;
}

function clientOf(node: SyntaxNode, ctx: CodeFile, depth = 0): Client | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  if (n.type === 'identifier') {
    const b = resolveBinding(n);
    if (!b) return LIBRARIES.has(n.text) ? { kind: 'module', library: n.text as Library, text: n.text } : undefined;
    if (b.kind === 'import') {
      const library = libraryOf(b.module);
      if (!library) return undefined;
      if (b.imported === '*') return { kind: 'module', library, text: n.text };
      if (VERBS.has(b.imported) || b.imported === 'request') return { kind: 'function', library, verb: b.imported, text: '' };
      return undefined;
    }
    if ((b.kind === 'assign' && b.value) || b.kind === 'with') {
      const instance = instanceOf(b.kind === 'with' ? b.value : b.value!, ctx, depth + 1);
      return instance && { ...instance, text: n.text };
    }
    return undefined;
  }
  if (n.type === 'attribute' && n.childForFieldName('object')?.text === 'self') {
    const init = selfAttribute(n, n.childForFieldName('attribute')?.text ?? '');
    const instance = init && instanceOf(init, ctx, depth + 1);
    return instance && { ...instance, text: n.text };
  }
  return undefined;
}

/** `requests.Session()`, `httpx.Client(base_url=…)`, `Client(…)` imported from httpx. */
function instanceOf(value: SyntaxNode, ctx: CodeFile, depth: number): Client | undefined {
  const v = unwrap(value);
  if (v.type === 'identifier') return clientOf(v, ctx, depth + 1);
  if (v.type !== 'call') return undefined;
  const fn = unwrap(v.childForFieldName('function') ?? v);
  let library: Library | undefined;
  if (fn.type === 'attribute' && CLIENT_CLASSES.has(fn.childForFieldName('attribute')?.text ?? '')) {
    const owner = fn.childForFieldName('object');
    const c = owner && clientOf(owner, ctx, depth + 1);
    library = c?.kind === 'module' ? c.library : undefined;
  } else if (fn.type === 'identifier') {
    const b = resolveBinding(fn);
    if (b?.kind === 'import' && CLIENT_CLASSES.has(b.imported)) library = libraryOf(b.module);
  }
  if (!library) return undefined;
  const baseUrl = keywordArg(v, 'base_url');
  return { kind: 'instance', library, base: baseUrl ? urlParts(baseUrl, ctx.file) : undefined, text: '' };
}

/** `self.client`: what `self.client = …` assigns in the class (once). */
function selfAttribute(node: SyntaxNode, attr: string): SyntaxNode | undefined {
  let cls: SyntaxNode | null = node.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls) return undefined;
  const hits = cls
    .descendantsOfType('assignment')
    .filter((a): a is SyntaxNode => !!a)
    .filter((a) => {
      const left = a.childForFieldName('left');
      return left?.type === 'attribute' && left.childForFieldName('object')?.text === 'self' && left.childForFieldName('attribute')?.text === attr;
    });
  return hits.length === 1 ? (hits[0].childForFieldName('right') ?? undefined) : undefined;
}

function args(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
}

export function keywordArg(call: SyntaxNode, name: string): SyntaxNode | undefined {
  return args(call).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
}

function positional(call: SyntaxNode): SyntaxNode[] {
  return args(call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
}

export function httpCall(node: SyntaxNode, ctx: CodeFile, scope: string, inLoop: boolean): PyHttpCall | undefined {
  const callee = unwrap(node.childForFieldName('function') ?? node);
  let client: Client | undefined;
  let verb: string | undefined;
  if (callee.type === 'identifier') {
    client = clientOf(callee, ctx);
    verb = client?.kind === 'function' ? client.verb : undefined;
  } else if (callee.type === 'attribute') {
    const prop = callee.childForFieldName('attribute')?.text ?? '';
    const owner = callee.childForFieldName('object');
    if (owner && (VERBS.has(prop) || prop === 'request' || prop === 'stream')) {
      client = clientOf(owner, ctx);
      verb = prop;
    }
  }
  if (!client || !verb || (client.kind === 'function' && callee.type !== 'identifier')) return undefined;

  const pos = positional(node);
  let method: Value<string>;
  let urlNode: SyntaxNode | undefined;
  if (verb === 'request' || verb === 'stream') {
    const m = keywordArg(node, 'method') ?? pos[0];
    method = methodValue(m ? evaluate(m, ctx.file, { reveal: true }) : unknown<string>('no method'));
    urlNode = keywordArg(node, 'url') ?? pos[1];
  } else {
    method = known(verb.toUpperCase());
    urlNode = keywordArg(node, 'url') ?? pos[0];
  }
  if (!urlNode) return undefined;

  const call = clientRestCall(ctx.file, {
    surface: 'python',
    node,
    nameNode: callee.type === 'attribute' ? (callee.childForFieldName('attribute') ?? callee) : callee,
    urlNode,
    urlParts: urlParts(urlNode, ctx.file),
    base: client.base,
    method,
    body: requestBody(node, ctx),
    enclosingFunction: enclosingFunction(node),
    scope,
    inLoop,
  });
  return { call, node, client, urlNode, headersNode: keywordArg(node, 'headers') };
}

/** `json={…}`, `json=body`, `data=json.dumps({…})`, `content=json.dumps(…)`. */
function requestBody(call: SyntaxNode, ctx: CodeFile): RestBody | undefined {
  const json = keywordArg(call, 'json');
  const data = keywordArg(call, 'data') ?? keywordArg(call, 'content');
  const node = json ?? data;
  if (!node) return undefined;
  return bodyOf(node, ctx, 0);
}

function bodyOf(node: SyntaxNode, ctx: CodeFile, depth: number): RestBody {
  const loc = nodeLoc(ctx.file, node);
  if (depth > MAX_DEPTH) return { kind: 'unknown', loc };
  const n = unwrap(node);
  if (n.type === 'call' && ['json.dumps', 'dumps'].includes(n.childForFieldName('function')?.text ?? '')) {
    const arg = positional(n)[0];
    return arg ? bodyOf(arg, ctx, depth + 1) : { kind: 'unknown', loc };
  }
  if (n.type === 'identifier') {
    const b = resolveBinding(n);
    if (b?.kind === 'assign' && b.value) return bodyOf(b.value, ctx, depth + 1);
  }
  const dict = resolveDict(n);
  const fields = dict && dictFields(dict, ctx, depth);
  if (!dict || !fields) return { kind: 'unknown', loc };
  // `dict(a=…)` spells fields as keywords; only dict literals get new fields written.
  const writer = dict.type === 'dictionary' ? appendWriter('python', ctx.file, ctx.text, ctx.lines, nodeSpans(dictMembers(dict))) : undefined;
  return { kind: 'fields', fields, loc: nodeLoc(ctx.file, dict), writer };
}

function dictFields(dict: SyntaxNode, ctx: CodeFile, depth: number): RestBodyField[] | undefined {
  const members = dictMembers(dict);
  const spans = nodeSpans(members);
  const fields: RestBodyField[] = [];
  for (const [i, m] of members.entries()) {
    if (m.type === 'dictionary_splat') {
      const inner = m.namedChildren[0] && resolveDict(m.namedChildren[0]);
      const more = inner && depth < MAX_DEPTH ? dictFields(inner, ctx, depth + 1) : undefined;
      if (!more) return undefined;
      fields.push(...more);
      continue;
    }
    const name = m.type === 'pair' ? stringLiteral(m.childForFieldName('key') ?? m) : m.type === 'keyword_argument' ? m.childForFieldName('name')?.text : undefined;
    const valueNode = m.childForFieldName('value');
    if (name === undefined || !valueNode) continue;
    fields.push(bodyField(ctx, READER, { name, node: m, valueNode, isLiteral: isLiteral(valueNode) }, memberRemoveSpan(spans, i)));
  }
  return fields;
}

/** A value written as a literal (an f-string with interpolations is not one). */
function isLiteral(valueNode: SyntaxNode): boolean {
  const bare = unwrap(valueNode);
  return ['integer', 'float', 'true', 'false', 'none'].includes(bare.type) || (bare.type === 'string' && stringLiteral(bare) !== undefined);
}
