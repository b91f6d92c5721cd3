// Where a payload in TypeScript/JavaScript comes from, followed through the same function and
// module: a file read, a request body, a random generator of N bytes, a literal, or a name.
import type { SyntaxNode } from '../common';
import { literalBytes, type Provenance } from '../rest/payload';
import { short } from '../rest/clientValues';
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
  const withName = (p: Provenance): Provenance => (name && !p.name ? { ...p, name } : p);
  if (depth > MAX_DEPTH) return withName({ source: 'unknown' });
  const n = unwrap(node);
  switch (n.type) {
    case 'await_expression': {
      const inner = n.namedChildren[0];
      return inner ? provenance(inner, file, depth + 1, name, decodeBase64) : withName({ source: 'unknown' });
    }
    case 'string':
    case 'template_string': {
      const text = stringLiteral(n) ?? evaluateString(n, file);
      if (text === undefined) return withName({ source: 'unknown' });
      return withName({ source: 'literal', bytes: decodeBase64 ? literalBytes(text) : Buffer.byteLength(text, 'utf8'), via: 'a literal' });
    }
    case 'identifier':
    case 'shorthand_property_identifier': {
      const b = resolveBinding(n);
      const here = name ?? n.text;
      if (b?.kind === 'declarator' && b.value && !b.path.length) return provenance(b.value, file, depth + 1, here, decodeBase64);
      if (b?.kind === 'declarator' && b.value && b.path.length) return withName({ source: 'variable', name: here, via: `\`${n.text}\`` });
      return { source: 'variable', name: here, via: b?.kind === 'parameter' ? `parameter \`${n.text}\`` : `\`${n.text}\`` };
    }
    case 'member_expression':
    case 'subscript_expression': {
      const prop = propertyName(n);
      // req.body, req.body.data, ctx.request.body.records[0]: all of it is the incoming request.
      for (let m: SyntaxNode = n; m.type === 'member_expression' || m.type === 'subscript_expression'; m = unwrap(m.childForFieldName('object') ?? m)) {
        const obj = m.childForFieldName('object');
        if (!obj) break;
        if (propertyName(m) === 'body' && REQUEST_OBJECTS.has(unwrap(obj).text)) return withName({ source: 'request-body', via: short(n) });
      }
      const v = evaluate(n, file, { reveal: false });
      if (v.known && typeof v.value === 'string') return withName({ source: 'literal', bytes: decodeBase64 ? literalBytes(v.value) : Buffer.byteLength(v.value, 'utf8'), via: 'a literal' });
      return { source: 'variable', name: name ?? prop, via: short(n) };
    }
    case 'call_expression':
      return withName(callProvenance(n, file, depth, name, decodeBase64));
    default:
      // No description: the text of an arbitrary expression may hold the secret itself.
      return withName({ source: 'unknown' });
  }
}

function evaluateString(n: SyntaxNode, file: string): string | undefined {
  const v = evaluate(n, file, { reveal: false });
  return v.known && typeof v.value === 'string' ? v.value : undefined;
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
    return { source: 'random', bytes: size?.known && typeof size.value === 'number' ? size.value : undefined, via: short(call) };
  }
  if (method === 'getRandomValues' && args[0]) {
    // crypto.getRandomValues(new Uint8Array(32))
    const arr = unwrap(args[0]);
    const size = arr.type === 'new_expression' ? arr.childForFieldName('arguments')?.namedChildren[0] : undefined;
    const v = size ? evaluate(size, file, { reveal: true }) : undefined;
    return { source: 'random', bytes: v?.known && typeof v.value === 'number' ? v.value : undefined, via: short(call) };
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
  // Only the callee: arguments may be literals of the payload itself.
  return { source: 'unknown', via: `${short(call.childForFieldName('function') ?? call)}(…)` };
}
