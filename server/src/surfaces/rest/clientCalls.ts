// HTTP client calls in program code (TypeScript/JavaScript, Python): what both surfaces do once
// their syntax has found a call: assemble the RestCall and read the fields of its JSON body.
// Which call is a client call, and how a value is written, stays with each language's surface.
import type { SourceFile } from '../../engine/engine';
import type { Loc, SurfaceId, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { LineIndex, nodeLoc, type SyntaxNode } from '../common';
import { urlValue, withBase, type EvalOptions } from './clientValues';
import type { Span } from './objectMembers';
import { materialFrom, payloadFrom, type Provenance } from './payload';
import type { RestBody, RestBodyField, RestCall, UrlPart } from './restCall';

/** A program file being analysed: its path, its text and where its lines start (fixes are built from offsets). */
export interface CodeFile {
  file: string;
  text: string;
  lines: LineIndex;
}

export function codeFile(source: SourceFile): CodeFile {
  return { file: source.path, text: source.text, lines: new LineIndex(source.text) };
}

/** Body fields whose values are secrets: never shown in trace labels. */
const SECRET_FIELDS = new Set(['plaintext', 'ciphertext', 'importKeyMaterial', 'input', 'secretString', 'secretKeyValues', 'hmac', 'signature']);
const PAYLOAD_FIELDS = new Set(['plaintext', 'ciphertext']);

/** A client call as its surface found it. */
export interface ClientCallSite {
  surface: SurfaceId;
  /** The whole call expression. */
  node: SyntaxNode;
  /** The method or function name (`post`, `fetch`): the smaller anchor for findings. */
  nameNode: SyntaxNode;
  urlNode: SyntaxNode;
  /** The URL as pieces, before the client's base URL. */
  urlParts: UrlPart[];
  /** The client's base URL (`axios.create({ baseURL })`, `httpx.Client(base_url=…)`). */
  base?: UrlPart[];
  method: Value<string>;
  body?: RestBody;
  /** The function the call is written in; calls at module level have none. */
  enclosingFunction?: SyntaxNode;
  /** The file's scope name; a call in a function gets that function's own scope. */
  scope: string;
  inLoop: boolean;
}

export function clientRestCall(file: string, site: ClientCallSite): RestCall {
  const parts = withBase(site.base, site.urlParts);
  const fn = site.enclosingFunction;
  return {
    surface: site.surface,
    method: site.method,
    url: urlValue(parts),
    urlLoc: nodeLoc(file, site.urlNode),
    urlParts: parts,
    body: site.body,
    loc: nodeLoc(file, site.node),
    nameLoc: nodeLoc(file, site.nameNode),
    scope: fn ? `${site.scope}#${fn.startPosition.row}:${fn.startPosition.column}` : site.scope,
    order: site.node.startIndex,
    inLoop: site.inLoop,
  };
}

/** An HTTP method as evaluated: upper case, or unknown when it is not a string. */
export function methodValue(v: Value<unknown>): Value<string> {
  return v.known && typeof v.value === 'string' ? known(v.value.toUpperCase(), v.trace) : unknown(v.known ? 'method is not a string' : v.reason, v.trace);
}

/** How a language's surface reads the value written at a node. */
export interface ValueReader {
  evaluate(node: SyntaxNode, file: string, opts: EvalOptions): Value<unknown>;
  provenance(node: SyntaxNode, file: string): Provenance;
}

/** One member of an object or dict literal written as a request body. */
export interface BodyMember {
  name: string;
  node: SyntaxNode;
  valueNode: SyntaxNode;
  /** The value is a literal a fix may replace in place. */
  isLiteral: boolean;
}

/** A body member as a RestBodyField; `removal` is what deleting it takes (see memberRemoveSpan). */
export function bodyField(ctx: CodeFile, reader: ValueReader, member: BodyMember, removal: Span): RestBodyField {
  const { name, valueNode } = member;
  const valueLoc = nodeLoc(ctx.file, valueNode);
  const value = reader.evaluate(valueNode, ctx.file, { reveal: !SECRET_FIELDS.has(name) });
  const removeLoc: Loc = ctx.lines.loc(ctx.file, removal.start, removal.end);
  const field: RestBodyField = { name, value, loc: nodeLoc(ctx.file, member.node), valueLoc, removeLoc, isLiteral: member.isLiteral };
  if (PAYLOAD_FIELDS.has(name)) field.payload = payloadFrom(reader.provenance(valueNode, ctx.file), valueLoc);
  if (name === 'importKeyMaterial' && !(value.known && typeof value.value === 'string')) field.material = materialFrom(reader.provenance(valueNode, ctx.file));
  return field;
}
