// HTTP client calls in TypeScript/JavaScript, as RestCalls: fetch (global, node-fetch, undici),
// axios (default export, `axios.create({ baseURL })` instances), got (`got.extend({ prefixUrl })`
// instances), under any import or require alias.
import type { Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { nodeLoc, type SyntaxNode } from '../common';
import { bodyField, clientRestCall, methodValue, type CodeFile, type ValueReader } from '../rest/clientCalls';
import { parseJsonBody } from '../rest/jsonBody';
import { appendWriter, memberRemoveSpan, nodeSpans } from '../rest/objectMembers';
import type { RestBody, RestBodyField, RestCall, UrlPart } from '../rest/restCall';
import { provenance } from './jsProvenance';
import { enclosingFunction, evaluate, memberKey, objectProperty, resolveBinding, resolveObject, stringLiteral, unwrap, urlParts } from './jsValues';

export type ClientKind = 'fetch' | 'axios' | 'got';

export interface JsHttpCall {
  call: RestCall;
  node: SyntaxNode;
  client: ClientKind;
  /** How to call the same client again (`fetch`, `api`, `this.http`). */
  calleeText: string;
  urlNode?: SyntaxNode;
  /** The request options object (headers travel with it), when written as a literal. */
  headersNode?: SyntaxNode;
}

interface Client {
  kind: ClientKind;
  base?: UrlPart[];
  text: string;
}

const FETCH_MODULES: Record<string, string[]> = { 'node-fetch': ['default', '*'], 'cross-fetch': ['default', '*', 'fetch'], 'isomorphic-fetch': ['default', '*'], undici: ['fetch'] };
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
const BODY_VERBS = new Set(['post', 'put', 'patch']);
const MAX_DEPTH = 8;
const READER: ValueReader = { evaluate, provenance };

/** The HTTP client an expression is, if any. */
function clientOf(node: SyntaxNode, ctx: CodeFile, depth = 0): Client | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  if (n.type === 'identifier') {
    const b = resolveBinding(n);
    if (!b) {
      if (n.text === 'fetch' || n.text === 'axios' || n.text === 'got') return { kind: n.text, text: n.text };
      return undefined;
    }
    if (b.kind === 'import') {
      if (b.module === 'axios' && (b.imported === 'default' || b.imported === '*')) return { kind: 'axios', text: n.text };
      if (b.module === 'got' && (b.imported === 'default' || b.imported === '*' || b.imported === 'got')) return { kind: 'got', text: n.text };
      if (FETCH_MODULES[b.module]?.includes(b.imported)) return { kind: 'fetch', text: n.text };
      return undefined;
    }
    if (b.kind === 'declarator' && b.value && !b.path.length) {
      const instance = instanceOf(b.value, ctx, depth + 1);
      return instance && { ...instance, text: n.text };
    }
    return undefined;
  }
  if (n.type === 'member_expression') {
    const obj = n.childForFieldName('object');
    const prop = n.childForFieldName('property')?.text;
    if (prop === 'fetch' && obj && ['globalThis', 'window', 'self', 'global'].includes(obj.text)) return { kind: 'fetch', text: n.text };
    if (obj?.type === 'this' && prop) {
      const init = classFieldValue(n, prop);
      const instance = init && instanceOf(init, ctx, depth + 1);
      return instance && { ...instance, text: n.text };
    }
  }
  return undefined;
}

/** `axios.create({ baseURL })` / `got.extend({ prefixUrl })` / a client held in a const. */
function instanceOf(value: SyntaxNode, ctx: CodeFile, depth: number): Client | undefined {
  const v = unwrap(value);
  if (v.type !== 'call_expression') return v.type === 'identifier' ? clientOf(v, ctx, depth + 1) : undefined;
  const callee = v.childForFieldName('function');
  if (callee?.type !== 'member_expression') return undefined;
  const method = callee.childForFieldName('property')?.text;
  const parent = callee.childForFieldName('object');
  const base = parent && clientOf(parent, ctx, depth + 1);
  const options = v.childForFieldName('arguments')?.namedChildren[0];
  const config = options && resolveObject(options);
  if (base?.kind === 'axios' && method === 'create') {
    const baseURL = config && objectProperty(config, 'baseURL');
    return { kind: 'axios', base: baseURL ? urlParts(baseURL, ctx.file) : base.base, text: '' };
  }
  if (base?.kind === 'got' && method === 'extend') {
    const prefix = config && objectProperty(config, 'prefixUrl');
    return { kind: 'got', base: prefix ? urlParts(prefix, ctx.file) : base.base, text: '' };
  }
  return undefined;
}

/** `this.http`: the initializer of a class field, or of `this.http = …` in the constructor. */
function classFieldValue(member: SyntaxNode, prop: string): SyntaxNode | undefined {
  let cls: SyntaxNode | null = member.parent;
  while (cls && cls.type !== 'class_body') cls = cls.parent;
  if (!cls) return undefined;
  for (const m of cls.namedChildren) {
    if ((m.type === 'public_field_definition' || m.type === 'field_definition') && (m.childForFieldName('name') ?? m.childForFieldName('property'))?.text === prop) {
      return m.childForFieldName('value') ?? undefined;
    }
  }
  const assigns = cls.descendantsOfType('assignment_expression').filter((a): a is SyntaxNode => !!a);
  const hits = assigns.filter((a) => {
    const left = a.childForFieldName('left');
    return left?.type === 'member_expression' && left.childForFieldName('object')?.type === 'this' && left.childForFieldName('property')?.text === prop;
  });
  return hits.length === 1 ? (hits[0].childForFieldName('right') ?? undefined) : undefined;
}

/** The RestCall of a call expression, when it is an HTTP client call. */
export function httpCall(node: SyntaxNode, ctx: CodeFile, scope: string, inLoop: boolean): JsHttpCall | undefined {
  const callee = node.childForFieldName('function');
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  if (!callee) return undefined;
  let client = clientOf(callee, ctx);
  let verb: string | undefined;
  if (!client && callee.type === 'member_expression') {
    const prop = callee.childForFieldName('property')?.text ?? '';
    const obj = callee.childForFieldName('object');
    if (obj && (VERBS.has(prop) || prop === 'request')) {
      client = clientOf(obj, ctx);
      verb = prop;
    }
  }
  if (!client || (client.kind === 'fetch' && verb)) return undefined;

  let urlNode: SyntaxNode | undefined;
  let options: SyntaxNode | undefined;
  let bodyNode: SyntaxNode | undefined;
  let method: Value<string>;
  const optionsObject = (n: SyntaxNode | undefined) => (n ? resolveObject(n) : undefined);
  const methodFrom = (obj: SyntaxNode | undefined, given: SyntaxNode | undefined, fallback: string): Value<string> => {
    if (given && !obj) return unknown('the request options are not written here');
    const m = obj && objectProperty(obj, 'method');
    if (!m) return known(fallback);
    return methodValue(evaluate(m, ctx.file, { reveal: true }));
  };

  if (client.kind === 'fetch') {
    [urlNode, options] = args;
    const init = optionsObject(options);
    method = methodFrom(init, options, 'GET');
    bodyNode = init && objectProperty(init, 'body');
    return build('fetch', init);
  }
  if (client.kind === 'axios') {
    if (verb && verb !== 'request') {
      urlNode = args[0];
      const data = BODY_VERBS.has(verb) ? args[1] : undefined;
      options = BODY_VERBS.has(verb) ? args[2] : args[1];
      method = known(verb.toUpperCase());
      bodyNode = data;
      return build('axios', optionsObject(options), data ? 'data' : undefined);
    }
    // axios(config) / axios.request(config) / axios(url, config)
    const first = args[0] && unwrap(args[0]);
    const configNode = first && (first.type === 'object' || first.type === 'identifier') && resolveObject(first) ? first : args[1];
    const config = optionsObject(configNode);
    urlNode = configNode === args[0] ? config && objectProperty(config, 'url') : args[0];
    options = configNode;
    method = methodFrom(config, configNode, 'GET');
    bodyNode = config && objectProperty(config, 'data');
    return build('axios', config, 'data');
  }
  // got(url, options) / got.post(url, options) / got(options)
  const firstIsOptions = args[0] && resolveObject(args[0]) && !args[1];
  const gotOptions = optionsObject(firstIsOptions ? args[0] : args[1]);
  urlNode = firstIsOptions ? gotOptions && objectProperty(gotOptions, 'url') : args[0];
  options = firstIsOptions ? args[0] : args[1];
  method = verb && verb !== 'request' ? known(verb.toUpperCase()) : methodFrom(gotOptions, options, 'GET');
  const json = gotOptions && objectProperty(gotOptions, 'json');
  bodyNode = json ?? (gotOptions && objectProperty(gotOptions, 'body'));
  return build('got', gotOptions, json ? 'data' : undefined);

  function build(kind: ClientKind, optionsObj: SyntaxNode | undefined, bodyKind?: 'data'): JsHttpCall | undefined {
    if (!urlNode) return undefined;
    const calleeNode = node.childForFieldName('function')!;
    const call = clientRestCall(ctx.file, {
      surface: 'javascript',
      node,
      nameNode: calleeNode.type === 'member_expression' ? (calleeNode.childForFieldName('property') ?? calleeNode) : calleeNode,
      urlNode,
      urlParts: urlParts(urlNode, ctx.file),
      base: client!.base,
      method,
      body: bodyNode ? requestBody(bodyNode, ctx, bodyKind === 'data') : undefined,
      enclosingFunction: enclosingFunction(node),
      scope,
      inLoop,
    });
    const headers = optionsObj && objectProperty(optionsObj, 'headers');
    return { call, node, client: kind, calleeText: client!.text || calleeNode.text, urlNode, headersNode: headers };
  }
}

/** A request body: an object (axios data, got json), `JSON.stringify(obj)`, or a JSON string literal. */
function requestBody(node: SyntaxNode, ctx: CodeFile, isData: boolean, depth = 0): RestBody {
  const loc = nodeLoc(ctx.file, node);
  const n = unwrap(node);
  if (depth > MAX_DEPTH) return { kind: 'unknown', loc };
  if (n.type === 'call_expression' && n.childForFieldName('function')?.text.replace(/\s/g, '') === 'JSON.stringify') {
    const arg = n.childForFieldName('arguments')?.namedChildren[0];
    return arg ? requestBody(arg, ctx, true, depth + 1) : { kind: 'unknown', loc };
  }
  if (isData) {
    const obj = resolveObject(n);
    if (obj) return objectBody(obj, ctx) ?? { kind: 'unknown', loc };
  }
  if (n.type === 'identifier') {
    const b = resolveBinding(n);
    if (b?.kind === 'declarator' && b.value && !b.path.length) return requestBody(b.value, ctx, isData, depth + 1);
  }
  // A JSON text written as one string literal: parse it where it is written.
  const fragment = n.type === 'string' && n.namedChildren.length === 1 && n.namedChildren[0].type === 'string_fragment' ? n.namedChildren[0] : undefined;
  if (fragment && fragment.text.trimStart().startsWith('{')) {
    const parsed = parseJsonBody(ctx.file, ctx.text, ctx.lines, fragment.text, fragment.startIndex);
    if (parsed.body) return parsed.body;
  }
  return { kind: 'unknown', loc };
}

/** Fields of an object literal, with spreads of other literals included; undefined when a spread cannot be read. */
function objectBody(obj: SyntaxNode, ctx: CodeFile): Extract<RestBody, { kind: 'fields' }> | undefined {
  const fields = objectFields(obj, ctx);
  if (!fields) return undefined;
  return { kind: 'fields', fields, loc: nodeLoc(ctx.file, obj), writer: appendWriter('js', ctx.file, ctx.text, ctx.lines, nodeSpans(memberNodes(obj))) };
}

function memberNodes(obj: SyntaxNode): SyntaxNode[] {
  return obj.namedChildren.filter((c) => c.type !== 'comment');
}

function objectFields(obj: SyntaxNode, ctx: CodeFile, depth = 0): RestBodyField[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const members = memberNodes(obj);
  const spans = nodeSpans(members);
  const fields: RestBodyField[] = [];
  for (const [i, m] of members.entries()) {
    if (m.type === 'spread_element') {
      const inner = m.namedChildren[0] && resolveObject(m.namedChildren[0]);
      const more = inner && objectFields(inner, ctx, depth + 1);
      if (!more) return undefined;
      fields.push(...more);
      continue;
    }
    const name = m.type === 'pair' ? memberKey(m) : m.type === 'shorthand_property_identifier' ? m.text : undefined;
    const valueNode = m.type === 'pair' ? m.childForFieldName('value') : m.type === 'shorthand_property_identifier' ? m : null;
    if (name === undefined || !valueNode) continue;
    fields.push(bodyField(ctx, READER, { name, node: m, valueNode, isLiteral: isLiteral(m, valueNode) }, memberRemoveSpan(spans, i)));
  }
  return fields;
}

/** A value written as a literal in the member itself (a shorthand `{ plaintext }` is a name). */
function isLiteral(member: SyntaxNode, valueNode: SyntaxNode): boolean {
  const bare = unwrap(valueNode);
  return ['number', 'true', 'false', 'null'].includes(bare.type) || (bare.type === 'string' && member.type === 'pair') || (bare.type === 'template_string' && stringLiteral(bare) !== undefined);
}
