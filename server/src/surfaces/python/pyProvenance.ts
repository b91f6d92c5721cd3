// Where a payload in Python comes from, followed through the function and module: a file read,
// a request body (Flask, Django, FastAPI/Starlette, aiohttp), a random generator of N bytes,
// a literal, or a name.
import type { SyntaxNode } from '../common';
import { knownNumber, knownString, short } from '../rest/clientValues';
import { literalProvenance, unknownCallProvenance, variableProvenance, withName, type Provenance } from '../rest/payload';
import { evaluate, isBytesLiteral, keyOf, resolveBinding, stringLiteral, unwrap } from './pyValues';

/** Names an incoming HTTP request usually has in Flask, Django, FastAPI and aiohttp handlers. */
const REQUEST_OBJECTS = new Set(['request', 'req', 'flask.request', 'self.request']);
const REQUEST_BODY_ATTRIBUTES = new Set(['data', 'json', 'form', 'files', 'body', 'stream', 'values', 'POST']);
const REQUEST_BODY_METHODS = new Set(['get_data', 'get_json', 'body', 'json', 'read', 'text', 'form', 'stream']);
const RANDOM_FUNCTIONS = new Set(['os.urandom', 'urandom', 'secrets.token_bytes', 'token_bytes', 'get_random_bytes', 'Random.get_random_bytes', 'Crypto.Random.get_random_bytes']);
/** Key generators of a fixed size: their keys are 32 bytes. */
const KEY_GENERATORS = new Set(['Fernet.generate_key', 'ChaCha20Poly1305.generate_key']);
const ENCODERS = new Set(['base64.b64encode', 'b64encode', 'base64.standard_b64encode', 'standard_b64encode', 'base64.urlsafe_b64encode', 'urlsafe_b64encode', 'str', 'bytes', 'json.dumps', 'bytearray', 'memoryview']);
const READ_METHODS = new Set(['read', 'readlines', 'read_bytes', 'read_text', 'getvalue']);
const MAX_DEPTH = 12;

export function provenance(node: SyntaxNode, file: string, depth = 0, name?: string, decodeBase64 = true): Provenance {
  if (depth > MAX_DEPTH) return withName({ source: 'unknown' }, name);
  const n = unwrap(node);
  switch (n.type) {
    case 'await': {
      const inner = n.namedChildren[0];
      return inner ? provenance(inner, file, depth + 1, name, decodeBase64) : withName({ source: 'unknown' }, name);
    }
    case 'string':
    case 'concatenated_string': {
      const text = stringLiteral(n) ?? knownString(evaluate(n, file, { reveal: false }));
      // A bytes literal (`b"…"`) is the payload's bytes themselves.
      return withName(text === undefined ? { source: 'unknown' } : literalProvenance(text, decodeBase64 && !isBytesLiteral(n)), name);
    }
    case 'identifier': {
      const b = resolveBinding(n);
      const here = name ?? n.text;
      if (b?.kind === 'assign' && b.value) return provenance(b.value, file, depth + 1, here, decodeBase64);
      if (b?.kind === 'with') return provenance(b.value, file, depth + 1, here, decodeBase64);
      return variableProvenance(here, n.text, b?.kind === 'parameter');
    }
    case 'attribute':
    case 'subscript': {
      if (isRequestBody(n)) return withName({ source: 'request-body', via: short(n) }, name);
      const text = knownString(evaluate(n, file, { reveal: false }));
      if (text !== undefined) return withName(literalProvenance(text, decodeBase64), name);
      return { source: 'variable', name: name ?? keyOf(n), via: short(n) };
    }
    case 'call':
      return withName(callProvenance(n, file, depth, name, decodeBase64), name);
    default:
      // No description: the text of an arbitrary expression may hold the secret itself.
      return withName({ source: 'unknown' }, name);
  }
}

/** `request.data`, `request.json["doc"]`, `request.files["f"]`: part of the incoming request. */
function isRequestBody(n: SyntaxNode): boolean {
  for (let m: SyntaxNode = n; m.type === 'attribute' || m.type === 'subscript'; ) {
    const obj = m.childForFieldName(m.type === 'attribute' ? 'object' : 'value');
    if (!obj) return false;
    if (m.type === 'attribute' && REQUEST_OBJECTS.has(unwrap(obj).text) && REQUEST_BODY_ATTRIBUTES.has(keyOf(m) ?? '')) return true;
    m = unwrap(obj);
  }
  return false;
}

function callProvenance(call: SyntaxNode, file: string, depth: number, name: string | undefined, decodeBase64: boolean): Provenance {
  const fn = unwrap(call.childForFieldName('function') ?? call);
  const fnText = fn.text.replace(/\s+/g, '');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a.type !== 'comment');
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const keyword = (k: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === k)?.childForFieldName('value') ?? undefined;
  const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : undefined;

  if (fnText === 'open' || fnText === 'io.open' || fnText === 'Path' || fnText === 'pathlib.Path') {
    return { source: 'file', via: short(call), path: positional[0] && stringLiteral(positional[0]) };
  }
  if (RANDOM_FUNCTIONS.has(fnText)) {
    const size = positional[0] ? evaluate(positional[0], file, { reveal: true }) : undefined;
    return { source: 'random', bytes: knownNumber(size), via: short(call) };
  }
  if (KEY_GENERATORS.has(fnText)) return { source: 'random', bytes: 32, via: short(call) };
  if (fnText.endsWith('AESGCM.generate_key') || fnText === 'generate_key') {
    const bits = keyword('bit_length') ?? positional[0];
    const bitLength = knownNumber(bits && evaluate(bits, file, { reveal: true }));
    return { source: 'random', bytes: bitLength === undefined ? undefined : bitLength / 8, via: short(call) };
  }
  if (receiver && method && REQUEST_BODY_METHODS.has(method) && REQUEST_OBJECTS.has(unwrap(receiver).text)) return { source: 'request-body', via: short(call) };
  if (receiver && method && READ_METHODS.has(method)) {
    const text = unwrap(receiver).text.replace(/\s+/g, '');
    if (text === 'sys.stdin' || text === 'sys.stdin.buffer') return { source: 'stream', via: short(call) };
    const inner = provenance(receiver, file, depth + 1, name, false);
    if (inner.source === 'file' || inner.source === 'stream' || inner.source === 'request-body') return inner;
    return { source: 'stream', via: short(call), ...(inner.name ? { name: inner.name } : {}) };
  }
  // x.decode(), x.encode(), base64.b64encode(x), str(x), json.dumps(x): the payload is x.
  if ((method === 'decode' || method === 'encode') && receiver) return provenance(receiver, file, depth + 1, name, method === 'encode' ? false : decodeBase64);
  if (ENCODERS.has(fnText) && positional[0]) return provenance(positional[0], file, depth + 1, name, fnText.includes('b64encode') ? false : decodeBase64);
  return unknownCallProvenance(short(call.childForFieldName('function') ?? call));
}
