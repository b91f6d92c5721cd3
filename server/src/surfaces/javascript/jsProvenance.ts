// Where a payload in TypeScript/JavaScript comes from, followed through the same function and
// module: a file read, a request body, a random generator of N bytes, a literal, or a name.
import type { SyntaxNode } from '../common';
import { knownNumber, knownString, short } from '../rest/clientValues';
import { literalProvenance, unknownCallProvenance, variableProvenance, withName, type Provenance } from '../rest/payload';
import { evaluate, propertyName, resolveBinding, stringLiteral, unwrap } from './jsValues';

const FILE_READERS = new Set(['readFileSync', 'readFile']);
const STREAM_READERS = new Set(['createReadStream']);
/** Objects that are an incoming HTTP request in the usual frameworks (Express, Koa, Next, Lambda). */
const REQUEST_OBJECTS = new Set(['req', 'request', 'ctx.request', 'event', 'c.req']);
const REQUEST_BODY_METHODS = new Set(['text', 'json', 'arrayBuffer', 'blob', 'formData']);
/** Calls that only re-encode their first argument. */
const ENCODERS = new Set(['Buffer.from', 'btoa', 'JSON.stringify', 'encodeURIComponent', 'String']);
const MAX_DEPTH = 12;

export function provenance(node: SyntaxNode, file: string, depth = 0, name?: string, decodeBase64 = true): Provenance {
  if (depth > MAX_DEPTH) return withName({ source: 'unknown' }, name);
  const n = unwrap(node);
  switch (n.type) {
    case 'await_expression': {
      const inner = n.namedChildren[0];
      return inner ? provenance(inner, file, depth + 1, name, decodeBase64) : withName({ source: 'unknown' }, name);
    }
    case 'string':
    case 'template_string': {
      const text = stringLiteral(n) ?? knownString(evaluate(n, file, { reveal: false }));
      return withName(text === undefined ? { source: 'unknown' } : literalProvenance(text, decodeBase64), name);
    }
    case 'identifier':
    case 'shorthand_property_identifier': {
      const b = resolveBinding(n);
      const here = name ?? n.text;
      if (b?.kind === 'declarator' && b.value && !b.path.length) return provenance(b.value, file, depth + 1, here, decodeBase64);
      return variableProvenance(here, n.text, b?.kind === 'parameter');
    }
    case 'member_expression':
    case 'subscript_expression': {
      const prop = propertyName(n);
      // req.body, req.body.data, ctx.request.body.records[0]: all of it is the incoming request.
      for (let m: SyntaxNode = n; m.type === 'member_expression' || m.type === 'subscript_expression'; m = unwrap(m.childForFieldName('object') ?? m)) {
        const obj = m.childForFieldName('object');
        if (!obj) break;
        if (propertyName(m) === 'body' && REQUEST_OBJECTS.has(unwrap(obj).text)) return withName({ source: 'request-body', via: short(n) }, name);
      }
      const text = knownString(evaluate(n, file, { reveal: false }));
      if (text !== undefined) return withName(literalProvenance(text, decodeBase64), name);
      return { source: 'variable', name: name ?? prop, via: short(n) };
    }
    case 'call_expression':
      return withName(callProvenance(n, file, depth, name, decodeBase64), name);
    default:
      // No description: the text of an arbitrary expression may hold the secret itself.
      return withName({ source: 'unknown' }, name);
  }
}

function callProvenance(call: SyntaxNode, file: string, depth: number, name: string | undefined, decodeBase64: boolean): Provenance {
  const callee = unwrap(call.childForFieldName('function') ?? call);
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const calleeText = callee.text.replace(/\s+/g, '');
  const method = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee.type === 'identifier' ? callee.text : undefined;
  const receiver = callee.type === 'member_expression' ? callee.childForFieldName('object') : undefined;

  if (method && FILE_READERS.has(method)) return { source: 'file', via: short(call), path: args[0] && stringLiteral(args[0]) };
  if (method && STREAM_READERS.has(method)) return { source: 'stream', via: short(call), path: args[0] && stringLiteral(args[0]) };
  if (method === 'randomBytes' || method === 'randomFillSync') {
    const size = args[0] ? evaluate(args[0], file, { reveal: true }) : undefined;
    return { source: 'random', bytes: knownNumber(size), via: short(call) };
  }
  if (method === 'getRandomValues' && args[0]) {
    // crypto.getRandomValues(new Uint8Array(32))
    const arr = unwrap(args[0]);
    const size = arr.type === 'new_expression' ? arr.childForFieldName('arguments')?.namedChildren[0] : undefined;
    return { source: 'random', bytes: knownNumber(size && evaluate(size, file, { reveal: true })), via: short(call) };
  }
  if (receiver && method && REQUEST_BODY_METHODS.has(method) && REQUEST_OBJECTS.has(unwrap(receiver).text)) return { source: 'request-body', via: short(call) };
  // x.toString('base64'), Buffer.from(x[, 'base64']), btoa(x), new TextEncoder().encode(x): the payload is x.
  if (method === 'toString' && receiver) return provenance(receiver, file, depth + 1, name, decodeBase64);
  if (method === 'encode' && args[0]) return provenance(args[0], file, depth + 1, name, false);
  if (ENCODERS.has(calleeText) && args[0]) {
    const encoding = args[1] && stringLiteral(args[1]);
    // Buffer.from('hello') is the UTF-8 bytes of the text; Buffer.from(b64, 'base64') its decoded bytes.
    const decode = calleeText === 'Buffer.from' ? encoding === 'base64' : calleeText === 'btoa' ? false : decodeBase64;
    return provenance(args[0], file, depth + 1, name, decode);
  }
  return unknownCallProvenance(short(call.childForFieldName('function') ?? call));
}
