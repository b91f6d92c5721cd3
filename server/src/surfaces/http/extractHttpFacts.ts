// `.http` / `.rest` request files and the JSON/YAML request bodies next to them.
//
// One extractor owns both, so a request that sends `< ./create-key.json` is read with the body
// file's fields (positions in the JSON file) and the request's URL (region, key). A body file no
// request here references stands alone when its top-level keys say what it is (see bodyFiles.ts).
import * as path from 'path';
import type { SourceFile, SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, Loc, TraceStep, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { LineIndex, mergeFacts } from '../common';
import { isBodyFileCandidate, parseBodyFile, standaloneBodyFacts, type BodyFile } from '../rest/bodyFiles';
import { parseJsonBody, type FieldOverride, type JsonBodyHooks } from '../rest/jsonBody';
import { literalPayload } from '../rest/payload';
import { restCallFacts, restOperation, type RestBody, type RestCall, type UrlPart } from '../rest/restCall';
import { parseHttpFile, variableRefs, type HttpFile, type HttpRequest } from './httpFile';

const HTTP_EXTENSIONS = ['.http', '.rest'];

/** Body fields whose values are secrets: their variables' values never reach a trace label. */
const SECRET_FIELDS = new Set(['plaintext', 'ciphertext', 'importKeyMaterial', 'input', 'secretString', 'secretKeyValues', 'hmac', 'signature']);
/** Body fields holding an encrypt/decrypt payload. */
const PAYLOAD_FIELDS = new Set(['plaintext', 'ciphertext']);

export function isHttpFile(file: string): boolean {
  return HTTP_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

interface ParsedHttp {
  text: string;
  lines: LineIndex;
  parsed: HttpFile;
}

/** Requests in a text of their own (an `http` fence in Markdown; everything else blanked, so positions are the host's). */
export async function extractHttpText(file: string, text: string): Promise<FactSet> {
  return httpFileFacts(file, { text, lines: new LineIndex(text), parsed: parseHttpFile(text) }, new Map(), new Set());
}

/** A JSON or YAML request body in a text of its own (a `json`/`yaml` fence in Markdown). */
export function extractBodyText(kind: BodyFile['kind']): (file: string, text: string) => Promise<FactSet> {
  return async (file, text) => standaloneBodyFacts(file, parseBodyFile(file, text, kind));
}

export function createHttpExtractor(): SurfaceExtractor {
  const httpCache = new Map<string, ParsedHttp>();
  const bodyCache = new Map<string, BodyFile>();
  return {
    id: 'http',
    accepts: (file, text) => isHttpFile(file) || isBodyFileCandidate(file, text),
    async extract(files) {
      const facts = emptyFacts();
      const bodies = new Map<string, BodyFile>();
      const httpFiles: SourceFile[] = [];
      for (const file of files) {
        if (isHttpFile(file.path)) {
          httpFiles.push(file);
          continue;
        }
        let body = bodyCache.get(file.path);
        if (!body || body.text !== file.text) {
          try {
            body = parseBodyFile(file.path, file.text);
          } catch (err) {
            facts.notes.push({ file: file.path, message: `request body not analysed: ${(err as Error).message}` });
            continue;
          }
          bodyCache.set(file.path, body);
        }
        bodies.set(file.path, body);
      }
      const claimed = new Set<string>();
      for (const file of httpFiles) {
        let entry = httpCache.get(file.path);
        if (!entry || entry.text !== file.text) {
          entry = { text: file.text, lines: new LineIndex(file.text), parsed: parseHttpFile(file.text) };
          httpCache.set(file.path, entry);
        }
        try {
          mergeFacts(facts, httpFileFacts(file.path, entry, bodies, claimed));
        } catch (err) {
          facts.notes.push({ file: file.path, message: `HTTP requests not analysed: ${(err as Error).message}` });
        }
      }
      for (const [file, body] of bodies) {
        if (claimed.has(file)) facts.comments.push(...body.parsed.comments);
        else mergeFacts(facts, standaloneBodyFacts(file, body));
      }
      const seen = new Set(files.map((f) => f.path));
      for (const cache of [httpCache, bodyCache]) for (const file of cache.keys()) if (!seen.has(file)) cache.delete(file);
      return facts;
    },
  };
}

/** Resolves `{{…}}` references of one .http file. */
class Variables {
  /** Request name (`# @name createKey`) → the key definition that request creates. */
  readonly createdBy = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly http: ParsedHttp,
  ) {}

  /** The value of `{{name}}`; `showValue` puts the value into the trace label (never for secrets). */
  resolve(name: string, showValue: boolean, seen: Set<string> = new Set()): { value: Value<string>; defId?: string } {
    if (name.startsWith('$')) {
      const [fn, arg] = name.split(/\s+/);
      if ((fn === '$processEnv' || fn === '$dotenv') && arg) return { value: unknown(`environment variable ${arg.replace(/^%/, '')}`) };
      return { value: unknown(`{{${name}}} is generated by the HTTP client`) };
    }
    const requestRef = /^([\w-]+)\.(response|request)\./.exec(name);
    if (requestRef) {
      // `{{createKey.response.body.identity}}`: the key the named request created.
      const field = name.split('.').pop() ?? '';
      const defId = requestRef[2] === 'response' && ['identity', 'slug', 'name'].includes(field) ? this.createdBy.get(requestRef[1]) : undefined;
      return { value: unknown(`taken from the ${requestRef[2]} of request ${requestRef[1]}`), defId };
    }
    const defs = this.http.parsed.variables.filter((v) => v.name === name);
    if (!defs.length) return { value: unknown(`{{${name}}} is not defined in this file (it comes from the client's environment)`) };
    if (new Set(defs.map((d) => d.value.text)).size > 1) return { value: unknown(`{{${name}}} is defined more than once`) };
    if (seen.has(name)) return { value: unknown(`{{${name}}} refers to itself`) };
    const def = defs[0];
    const inner = this.substitute(def.value.text, def.value.start, showValue, new Set([...seen, name]));
    const step: TraceStep = { label: showValue && inner.value.known ? `@${name} = ${inner.value.value}` : `@${name}`, loc: this.loc(def.line.start, def.line.end) };
    return { value: inner.value.known ? known(inner.value.value, [step, ...inner.value.trace]) : unknown(inner.value.reason, [step, ...inner.value.trace]) };
  }

  /** `text` (at file offset `base`) with its references resolved, piece by piece. */
  substitute(text: string, base: number, showValue: boolean, seen: Set<string> = new Set()): { parts: UrlPart[]; value: Value<string> } {
    const parts: UrlPart[] = [];
    let at = base;
    for (const ref of variableRefs(text, base)) {
      if (ref.start > at) parts.push({ kind: 'text', text: text.slice(at - base, ref.start - base), loc: this.loc(at, ref.start) });
      const { value, defId } = this.resolve(ref.name, showValue, seen);
      parts.push({ kind: 'value', value, loc: this.loc(ref.start, ref.end), ...(defId ? { defId } : {}) });
      at = ref.end;
    }
    if (at < base + text.length) parts.push({ kind: 'text', text: text.slice(at - base), loc: this.loc(at, base + text.length) });
    const missing = parts.find((p) => p.kind === 'value' && !p.value.known);
    const trace = parts.flatMap((p) => (p.kind === 'value' ? p.value.trace : []));
    const value: Value<string> =
      missing && missing.kind === 'value' && !missing.value.known
        ? unknown(missing.value.reason, trace)
        : known(parts.map((p) => (p.kind === 'text' ? p.text : (p.value as { value: string }).value)).join(''), trace);
    return { parts, value };
  }

  loc(start: number, end: number): Loc {
    return this.http.lines.loc(this.file, start, end);
  }

  /** Hooks that resolve references inside a JSON body. */
  bodyHooks(placeholders: Map<number, { name: string; end: number }>): JsonBodyHooks {
    return {
      placeholderEnd: (offset) => placeholders.get(offset)?.end,
      string: (raw, valueLoc, field) => {
        if (!raw.includes('{{')) return undefined;
        const refs = variableRefs(raw, 0);
        const whole = refs.length === 1 && refs[0].start === 0 && refs[0].end === raw.length ? refs[0].name : undefined;
        return this.fieldFromText(raw, valueLoc, field, whole);
      },
      placeholder: (offset, valueLoc, field) => {
        const name = placeholders.get(offset)?.name;
        if (name === undefined) return undefined;
        const override = this.fieldFromText(`{{${name}}}`, valueLoc, field, name);
        // Outside quotes the variable's text is JSON (`true`, `90`).
        if (override.value?.known) override.value = known(jsonScalar(String(override.value.value)), override.value.trace);
        return override;
      },
    };
  }

  private fieldFromText(raw: string, valueLoc: Loc, field: string, wholeName: string | undefined): FieldOverride {
    const { value } = this.substitute(raw, 0, !SECRET_FIELDS.has(field));
    const override: FieldOverride = { value, isLiteral: false };
    if (PAYLOAD_FIELDS.has(field)) {
      override.payload = value.known ? literalPayload(value.value, valueLoc, wholeName) : { source: 'variable', loc: valueLoc, ...(wholeName ? { name: wholeName, via: `{{${wholeName}}}` } : {}) };
    }
    if (field === 'importKeyMaterial' && !value.known && wholeName) override.material = { kind: 'variable', name: wholeName };
    return override;
  }
}

/** A variable's text used as a JSON value: a JSON scalar when it is one, else the text. */
function jsonScalar(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text);
    return v === null || typeof v !== 'object' ? v : text;
  } catch {
    return text;
  }
}

/**
 * The body text with every `{{…}}` outside JSON strings replaced by a same-length `null` (so
 * jsonc-parser can read it and offsets stay), and which reference each placeholder stands for.
 */
function withPlaceholders(text: string, base: number): { text: string; placeholders: Map<number, { name: string; end: number }> } {
  const placeholders = new Map<number, { name: string; end: number }>();
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const end = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2) + 2;
      const stop = end <= 1 || end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (ch === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      placeholders.set(base + i, { name: text.slice(i + 2, close).trim(), end: base + close + 2 });
      out += 'null'.padEnd(close + 2 - i, ' ');
      i = close + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return { text: out, placeholders };
}

function httpFileFacts(file: string, http: ParsedHttp, bodies: Map<string, BodyFile>, claimed: Set<string>): FactSet {
  const facts = emptyFacts();
  const vars = new Variables(file, http);
  for (const span of http.parsed.comments) facts.comments.push({ loc: vars.loc(span.start, span.end), text: span.text });
  for (const request of http.parsed.requests) {
    const call = requestCall(file, http, vars, request, bodies, claimed, facts);
    const callFacts = restCallFacts(call);
    if (request.name && callFacts.keys.length) vars.createdBy.set(request.name, callFacts.keys[0].id);
    mergeFacts(facts, callFacts);
  }
  return facts;
}

function requestCall(file: string, http: ParsedHttp, vars: Variables, request: HttpRequest, bodies: Map<string, BodyFile>, claimed: Set<string>, facts: FactSet): RestCall {
  const url = vars.substitute(request.url.text, request.url.start, true);
  const nameSpan = request.method ?? request.url;
  const call: RestCall = {
    surface: 'http',
    method: known(request.method?.text ?? 'GET'),
    url: url.value,
    urlLoc: vars.loc(request.url.start, request.url.end),
    urlParts: url.parts,
    body: requestBody(file, http, vars, request, bodies, claimed, facts),
    loc: vars.loc(request.requestLine.start, request.end),
    nameLoc: vars.loc(nameSpan.start, nameSpan.end),
    // A request file runs top to bottom like a script.
    scope: file,
    order: request.requestLine.start,
    inLoop: false,
  };
  const op = restOperation(call);
  if (op?.kind === 'key' && op.purpose === 'delete') call.statementStart = disableFirst(file, http, request);
  return call;
}

function requestBody(file: string, http: ParsedHttp, vars: Variables, request: HttpRequest, bodies: Map<string, BodyFile>, claimed: Set<string>, facts: FactSet): RestBody | undefined {
  const body = request.body;
  if (!body) return undefined;
  const loc = vars.loc(body.span.start, body.span.end);
  if (body.fileRef) {
    const target = path.resolve(path.dirname(file), body.fileRef.path);
    const bodyFile = bodies.get(target);
    if (bodyFile?.parsed.body) {
      claimed.add(target);
      if (!body.fileRef.processVariables || bodyFile.kind !== 'json') return bodyFile.parsed.body;
      // `<@`: the client substitutes this file's variables into the body file before sending it.
      const prepared = withPlaceholders(bodyFile.text, 0);
      return parseJsonBody(target, bodyFile.text, bodyFile.lines, prepared.text, 0, vars.bodyHooks(prepared.placeholders)).body ?? { kind: 'file', path: body.fileRef.path, loc };
    }
    return { kind: 'file', path: body.fileRef.path, loc };
  }
  const raw = http.text.slice(body.span.start, body.span.end);
  if (!raw.trimStart().startsWith('{')) return { kind: 'unknown', loc };
  const prepared = withPlaceholders(raw, body.span.start);
  const parsed = parseJsonBody(file, http.text, http.lines, prepared.text, body.span.start, vars.bodyHooks(prepared.placeholders));
  facts.comments.push(...parsed.comments);
  return parsed.body ?? { kind: 'unknown', loc };
}

/**
 * The disable-before-delete fix for a DELETE request: a `POST …/disable` request with the same
 * URL base and headers, separated by `###`, inserted before it.
 */
function disableFirst(file: string, http: ParsedHttp, request: HttpRequest): RestCall['statementStart'] {
  const eol = http.text.includes('\r\n') ? '\r\n' : '\n';
  const urlText = request.url.text;
  const query = urlText.search(/[?#]/);
  const keyUrl = (query < 0 ? urlText : urlText.slice(0, query)).replace(/\/+$/, '');
  const requestLine = `POST ${keyUrl}/disable${request.httpVersion ? ` ${request.httpVersion}` : ''}`;
  const disable = [requestLine, ...request.headers.map((h) => h.text)].join(eol) + eol;
  if (request.separator) {
    const at = http.lines.pos(request.separator.start);
    return { loc: { file, range: { start: at, end: at } }, indent: '', text: `###${eol}${disable}${eol}` };
  }
  const at = http.lines.pos(request.contentStart);
  return { loc: { file, range: { start: at, end: at } }, indent: '', text: `${disable}${eol}###${eol}` };
}
