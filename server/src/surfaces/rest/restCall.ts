// REST calls to the Thalassa API, whatever wrote them (curl in a script, a .http file, fetch in
// TypeScript, requests in Python): each host extracts a RestCall, and this one module turns it
// into facts, so the REST semantics (paths, verbs, body fields) live in one place.
import type { Attr, FactSet, FieldWriter, FixSuggestion, KeyDefinition, KeyTarget, KeyUse, Loc, MaterialSource, Payload, SurfaceId, TraceStep, UsePurpose, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { environmentFromPath } from '../common';
import { literalPayload } from './payload';

/** One field of a JSON request body, wherever the body was written. */
export interface RestBodyField {
  name: string;
  value: Value<unknown>;
  /** The whole member (`"exportAllowed": true`). */
  loc: Loc;
  valueLoc: Loc;
  /** What to delete to remove the member cleanly (with its comma). */
  removeLoc?: Loc;
  /** For `plaintext`/`ciphertext`: where the payload came from. */
  payload?: Payload;
  /** For `importKeyMaterial` when it is not a literal: the variable or file it is read from. */
  material?: MaterialSource;
  /** For `kmsKeyIdentity`: the key definition the host resolved the value to. */
  defId?: string;
  /** The value is a literal written right at `valueLoc`, so a fix may replace it. */
  isLiteral?: boolean;
}

export type RestBody =
  | { kind: 'fields'; fields: RestBodyField[]; loc: Loc; writer?: FieldWriter }
  | { kind: 'file'; path: string; loc: Loc }
  | { kind: 'unknown'; loc: Loc };

/**
 * A piece of a URL as written: literal text, or a substituted value (`${region}`, `{{keyId}}`,
 * `$REGION`). `loc` of a text part is where exactly that text is written (no quotes, no escapes),
 * so positions inside it can be computed; leave it out when the text was decoded from escapes.
 */
export type UrlPart =
  | { kind: 'text'; text: string; loc?: Loc }
  | { kind: 'value'; value: Value<string>; loc: Loc; defId?: string };

export interface RestCall {
  surface: SurfaceId;
  method: Value<string>;
  /** Full URL or path; `/v1/kms/{region}/keys/{id}/…` is what matters. */
  url: Value<string>;
  urlLoc: Loc;
  /**
   * The URL piece by piece, when the host knows how it was put together. Preferred over `url`:
   * a path with an unknown base URL (`${API}/v1/kms/nl-01/…`) is still understood, and regions
   * and keys get their own locations.
   */
  urlParts?: UrlPart[];
  body?: RestBody;
  /** The whole call / request. */
  loc: Loc;
  /** Smaller anchor: the method token / the function name. */
  nameLoc: Loc;
  scope: string;
  order: number;
  inLoop: boolean;
  /** Where a preceding request/command would be inserted (for the disable-before-delete fix), and its text is built by the host. */
  statementStart?: { loc: Loc; indent: string; text: string };
  /** Host-built rewrite of an encrypt/decrypt call into envelope encryption, passed on to the use. */
  envelopeFix?: FixSuggestion;
}

/** A path segment of the URL: its value and, when it is written in one place, where. */
interface Segment {
  value: Value<string>;
  loc?: Loc;
  defId?: string;
  /** How a region literal is spelled at `loc`, when it is a literal there (the cross-region fix replaces it). */
  literalStyle?: FieldWriter['style'];
}

/** What a call does to a key, from the path after `/keys/{id}` and the method. */
const KEY_ACTIONS: Record<string, { method: string; purpose: UsePurpose }> = {
  encrypt: { method: 'POST', purpose: 'encrypt' },
  decrypt: { method: 'POST', purpose: 'decrypt' },
  sign: { method: 'POST', purpose: 'sign' },
  verify: { method: 'POST', purpose: 'verify' },
  hmac: { method: 'POST', purpose: 'hmac' },
  'verify-hmac': { method: 'POST', purpose: 'verify-hmac' },
  export: { method: 'POST', purpose: 'export' },
  rotate: { method: 'POST', purpose: 'rotate' },
  disable: { method: 'POST', purpose: 'disable' },
  enable: { method: 'POST', purpose: 'enable' },
  'public-key': { method: 'GET', purpose: 'public-key' },
  rotation: { method: 'PATCH', purpose: 'rotation-update' },
  'cancel-deletion': { method: 'DELETE', purpose: 'cancel-deletion' },
};

/** The body field holding an encrypt/decrypt payload. */
const PAYLOAD_FIELD: Partial<Record<UsePurpose, string>> = { encrypt: 'plaintext', decrypt: 'ciphertext' };

/** What a Thalassa API call is, read from its method and path; undefined when it is not one we know. */
export type RestOperation =
  | { kind: 'create-key'; region: Segment }
  | { kind: 'key'; purpose: UsePurpose; region: Segment; key: Segment }
  | { kind: 'create-secret'; region: Segment }
  | { kind: 'dnssec'; zone: Segment };

export function restOperation(call: RestCall): RestOperation | undefined {
  const segments = urlSegments(call);
  if (!segments) return undefined;
  const method = call.method.known ? call.method.value.toUpperCase() : undefined;
  const start = segments.findIndex((s, i) => textOf(s) === 'v1' && ['kms', 'secrets', 'dns'].includes(textOf(segments[i + 1]) ?? ''));
  if (start < 0) return undefined;
  const api = textOf(segments[start + 1]);
  const rest = segments.slice(start + 2);
  // A trailing slash leaves an empty last segment; it names nothing.
  if (rest.length && textOf(rest[rest.length - 1]) === '') rest.pop();
  const lit = (i: number) => textOf(rest[i]);

  if (api === 'kms') {
    if (rest.length < 2 || lit(1) !== 'keys') return undefined;
    const region = rest[0];
    if (rest.length === 2) return method === 'POST' ? { kind: 'create-key', region } : undefined;
    const key = rest[2];
    if (rest.length === 3) {
      if (method === 'GET') return { kind: 'key', purpose: 'get', region, key };
      if (method === 'DELETE') return { kind: 'key', purpose: 'delete', region, key };
      return undefined;
    }
    if (rest.length !== 4) return undefined;
    const action = KEY_ACTIONS[lit(3) ?? ''];
    // The path decides the operation; a known method that the endpoint does not accept is no API call.
    if (!action || (method !== undefined && method !== action.method)) return undefined;
    return { kind: 'key', purpose: action.purpose, region, key };
  }
  if (api === 'secrets') {
    if (rest.length === 2 && lit(1) === 'secrets' && method === 'POST') return { kind: 'create-secret', region: rest[0] };
    return undefined;
  }
  // dns
  if (rest.length === 3 && lit(0) === 'zones' && lit(2) === 'dnssec' && (method === 'PUT' || method === 'POST')) return { kind: 'dnssec', zone: rest[1] };
  return undefined;
}

/** The facts of one REST call: a key definition for a create, a key use for everything that names a key. */
export function restCallFacts(call: RestCall): FactSet {
  const facts: FactSet = { keys: [], uses: [], prints: [], comments: [], notes: [] };
  const op = restOperation(call);
  if (!op) return facts;
  const fields = call.body?.kind === 'fields' ? call.body.fields : undefined;
  const field = (name: string) => fields?.find((f) => f.name === name);

  switch (op.kind) {
    case 'create-key': {
      // A body we cannot see (a file another extractor reads, a variable) says nothing about the
      // key's settings; reporting them as absent would be a guess.
      if (!fields) return facts;
      facts.keys.push(createdKey(call, op.region, call.body as Extract<RestBody, { kind: 'fields' }>));
      return facts;
    }
    case 'key': {
      const use = baseUse(call, op.purpose, keyTarget(op.key), op.key.loc ?? call.urlLoc, op.region);
      const payloadField = PAYLOAD_FIELD[op.purpose];
      if (payloadField) {
        use.payload = payloadOf(call, payloadField);
        if (call.envelopeFix) use.envelopeFix = call.envelopeFix;
      }
      if (call.statementStart) use.statementStart = call.statementStart;
      facts.uses.push(use);
      return facts;
    }
    case 'create-secret': {
      const keyField = field('kmsKeyIdentity');
      if (!keyField) return facts;
      const use = baseUse(call, 'secret', fieldKeyTarget(keyField), keyField.valueLoc, op.region);
      const secretPath = field('path');
      if (secretPath?.value.known && typeof secretPath.value.value === 'string') {
        use.consumer = secretPath.value.value;
        const env = environmentFromPath(secretPath.value.value);
        if (env) use.environment = known(env, [{ label: `secret path "${secretPath.value.value}"`, loc: secretPath.valueLoc }]);
      }
      facts.uses.push(use);
      return facts;
    }
    case 'dnssec': {
      const keyField = field('kmsKeyIdentity');
      // Without a key the platform provisions its own signing key: nothing in the workspace is referenced.
      if (!keyField) return facts;
      const regionField = field('region');
      const style = call.body?.kind === 'fields' ? call.body.writer?.style : undefined;
      const region: Segment = regionField
        ? { value: stringValue(regionField.value, 'region'), loc: regionField.valueLoc, literalStyle: regionField.isLiteral ? style : undefined }
        : { value: unknown('no region in the DNSSEC request body') };
      const use = baseUse(call, 'dnssec', fieldKeyTarget(keyField), keyField.valueLoc, region);
      if (op.zone.value.known) use.consumer = `DNS zone ${op.zone.value.value}`;
      facts.uses.push(use);
      return facts;
    }
  }
}

function baseUse(call: RestCall, purpose: UsePurpose, key: Value<KeyTarget>, keyLoc: Loc, region: Segment): KeyUse {
  const at = call.loc.range.start;
  return {
    id: `${call.surface}:${call.loc.file}:${at.line}:${at.character}:${purpose}`,
    surface: call.surface,
    purpose,
    key,
    keyLoc,
    region: region.value,
    regionLoc: region.loc,
    ...(region.loc && region.literalStyle ? { regionWriter: { style: region.literalStyle, insertAt: region.loc, before: '', after: '' } } : {}),
    loc: call.loc,
    nameLoc: call.nameLoc,
    inLoop: call.inLoop,
    scope: call.scope,
    order: call.order,
  };
}

function keyTarget(segment: Segment): Value<KeyTarget> {
  if (segment.defId) return known({ defId: segment.defId }, segment.value.trace);
  if (!segment.value.known) return unknown(segment.value.reason, segment.value.trace);
  return known({ text: segment.value.value }, segment.value.trace);
}

function fieldKeyTarget(field: RestBodyField): Value<KeyTarget> {
  if (field.defId) return known({ defId: field.defId }, field.value.trace);
  const v = stringValue(field.value, field.name);
  return v.known ? known({ text: v.value }, v.trace) : unknown(v.reason, v.trace);
}

function createdKey(call: RestCall, region: Segment, body: Extract<RestBody, { kind: 'fields' }>): KeyDefinition {
  const field = (name: string) => body.fields.find((f) => f.name === name);
  const at = call.loc.range.start;
  const keyType = field('keyType');
  const material = field('importKeyMaterial');
  return {
    id: `api-create:${call.loc.file}:${at.line}:${at.character}`,
    kind: 'api-create',
    surface: call.surface,
    loc: call.loc,
    nameLoc: call.nameLoc,
    name: field('name') ? stringValue(field('name')!.value, 'name') : unknown('no name in the request body'),
    region: region.value,
    regionLoc: region.loc,
    // The API creates aes256-gcm96 keys when no type is given.
    keyType: keyType ? stringValue(keyType.value, 'keyType') : known('aes256-gcm96', [{ label: 'keyType not set: the API default is aes256-gcm96' }]),
    exportAllowed: typedAttr(field('exportAllowed'), 'boolean', false),
    rotationEnabled: typedAttr(field('keyRotationEnabled'), 'boolean', false),
    rotationDays: typedAttr(field('rotationPeriodInDays'), 'number'),
    importMaterial: material ? { ...attrLocs(material), value: materialValue(material) } : { present: false, value: unknown('no importKeyMaterial') },
    allowRotation: typedAttr(field('allowRotation'), 'boolean', false),
    status: { present: false, value: known('active', [{ label: 'a created key is active' }]) },
    writer: body.writer,
    scope: call.scope,
    order: call.order,
  };
}

function attrLocs(field: RestBodyField): Pick<Attr<unknown>, 'present' | 'loc' | 'valueLoc' | 'removeLoc'> {
  return { present: true, loc: field.loc, valueLoc: field.valueLoc, removeLoc: field.removeLoc };
}

/** An attribute from a body field of the given JSON type; absent fields take the API default when it has one. */
function typedAttr<T extends boolean | number>(field: RestBodyField | undefined, type: 'boolean' | 'number', defaultValue?: T): Attr<T> {
  if (!field) {
    if (defaultValue === undefined) return { present: false, value: unknown('not set') };
    return { present: false, value: known(defaultValue, [{ label: `not set: the API default is ${defaultValue}` }]) };
  }
  const v = field.value;
  let value: Value<T>;
  if (!v.known) value = unknown(v.reason, v.trace);
  else if (typeof v.value === type) value = known(v.value as T, v.trace);
  else value = unknown(`${field.name} is not a ${type}`, v.trace);
  return { ...attrLocs(field), value };
}

function stringValue(v: Value<unknown>, name: string): Value<string> {
  if (!v.known) return unknown(v.reason, v.trace);
  return typeof v.value === 'string' ? known(v.value, v.trace) : unknown(`${name} is not a string`, v.trace);
}

function materialValue(field: RestBodyField): Value<MaterialSource> {
  if (field.material) return known(field.material, field.value.trace);
  const v = field.value;
  if (v.known && typeof v.value === 'string') return known({ kind: 'literal', text: v.value }, v.trace);
  return v.known ? unknown('importKeyMaterial is not a string', v.trace) : unknown(v.reason, v.trace);
}

/** The payload of an encrypt/decrypt: the host's provenance, else the literal written in the body. */
function payloadOf(call: RestCall, fieldName: string): Payload {
  const body = call.body;
  if (!body) return { source: 'unknown', loc: call.loc, via: 'no request body' };
  if (body.kind === 'file') return { source: 'file', via: `request body from file ${body.path}`, path: body.path, loc: body.loc };
  if (body.kind === 'unknown') return { source: 'unknown', loc: body.loc };
  const field = body.fields.find((f) => f.name === fieldName);
  if (!field) return { source: 'unknown', loc: body.loc, via: `no ${fieldName} in the request body` };
  if (field.payload) return field.payload;
  const v = field.value;
  if (v.known && typeof v.value === 'string') return literalPayload(v.value, field.valueLoc);
  return { source: 'unknown', loc: field.valueLoc };
}

// ---------------------------------------------------------------------------
// URL → path segments

function textOf(segment: Segment | undefined): string | undefined {
  return segment?.value.known ? segment.value.value : undefined;
}

/** The URL's path split at `/` (query and fragment dropped), each segment with its value and location. */
function urlSegments(call: RestCall): Segment[] | undefined {
  const parts = call.urlParts ?? (call.url.known ? [{ kind: 'text' as const, text: call.url.value, loc: literalContentLoc(call.urlLoc, call.url.value) }] : undefined);
  if (!parts) return undefined;
  const segments: Segment[] = [];
  let pieces: Piece[] = [];
  const flush = () => {
    segments.push(joinPieces(pieces));
    pieces = [];
  };
  for (const part of parts) {
    if (part.kind === 'value' && !part.value.known) {
      pieces.push({ value: part.value, loc: part.loc, defId: part.defId });
      continue;
    }
    const text = part.kind === 'text' ? part.text : (part.value as { value: string }).value;
    const trace: TraceStep[] = part.kind === 'value' ? part.value.trace : [];
    // Exact positions inside a text part written in one line; a substituted value points at the substitution.
    const exact = part.kind === 'text' && part.loc && isExactText(part.loc, text) ? part.loc : undefined;
    let from = 0;
    for (let i = 0; i <= text.length; i++) {
      const ch = text[i];
      const end = i === text.length || ch === '/' || ch === '?' || ch === '#';
      if (!end) continue;
      if (i > from) pieces.push({ value: known(text.slice(from, i), trace), loc: exact ? subLoc(exact, from, i) : part.loc, defId: part.kind === 'value' ? part.defId : undefined, exact: !!exact });
      if (ch === '?' || ch === '#') {
        flush();
        return segments;
      }
      if (ch === '/') {
        // An empty segment still needs a location for a zero-width piece.
        if (!pieces.length) pieces.push({ value: known('', trace), loc: exact ? subLoc(exact, i, i) : part.loc });
        flush();
      }
      from = i + 1;
    }
  }
  flush();
  return segments;
}

/** Part of a segment: text or a substituted value; `exact` when it is literal text at `loc`. */
interface Piece {
  value: Value<string>;
  loc?: Loc;
  defId?: string;
  exact?: boolean;
}

function joinPieces(pieces: Piece[]): Segment {
  if (!pieces.length) return { value: known('') };
  const loc = pieces.every((p) => p.loc) ? { file: pieces[0].loc!.file, range: { start: pieces[0].loc!.range.start, end: pieces[pieces.length - 1].loc!.range.end } } : undefined;
  const trace = pieces.flatMap((p) => p.value.trace);
  const missing = pieces.find((p) => !p.value.known);
  if (missing && !missing.value.known) {
    return { value: unknown(missing.value.reason, trace), loc, defId: pieces.length === 1 ? missing.defId : undefined };
  }
  const text = pieces.map((p) => (p.value as { value: string }).value).join('');
  // A region written as plain text in the URL is replaced bare, like a flag value.
  const literalStyle = loc && pieces.every((p) => p.exact) ? ('cli' as const) : undefined;
  return { value: known(text, trace), loc, defId: pieces.length === 1 ? pieces[0].defId : undefined, literalStyle };
}

function isExactText(loc: Loc, text: string): boolean {
  const { start, end } = loc.range;
  return start.line === end.line && end.character - start.character === text.length;
}

function subLoc(loc: Loc, from: number, to: number): Loc {
  const { line, character } = loc.range.start;
  return { file: loc.file, range: { start: { line, character: character + from }, end: { line, character: character + to } } };
}

/** Where the text of a literal URL is, inside `urlLoc` with or without its quotes; undefined when that is not certain. */
function literalContentLoc(urlLoc: Loc, text: string): Loc | undefined {
  const { start, end } = urlLoc.range;
  if (start.line !== end.line) return undefined;
  const width = end.character - start.character;
  if (width === text.length) return urlLoc;
  if (width === text.length + 2) return subLoc(urlLoc, 1, 1 + text.length);
  return undefined;
}
