// Facts of one Go file: key definitions from CreateKey, key uses from the KMS/Secrets/DNS clients,
// sensitive values reaching a print or logger, with exact locations for findings and fixes.
import type { Attr, FactSet, FieldWriter, KeyDefinition, KeyTarget, KeyUse, Loc, MaterialSource, Payload, SensitivePrint, TraceStep, Value } from '../../engine/types';
import { known, unknown, via } from '../../engine/value';
import { emptyFacts } from '../../engine/engine';
import { collectComments, environmentFromPath, type SyntaxNode } from '../common';
import type { GoResolver, Origin, RequestField, RequestStruct, SdkCall } from './goResolve';
import { literalElementExpr, short } from './goResolve';
import { DEFAULT_KEY_TYPE, KEY_NAMING_FIELDS, KMS_KEY_METHODS, KMS_KEY_RESULT_METHODS, PAYLOAD_ARGUMENTS, SENSITIVE_RESPONSES } from './goSdk';
import { callArgs, calleeOf, codeName, enclosingFunction, indentOf, insideLoop, lastReturnValues, namedChildrenOf, onlyWhitespaceBefore, unparen } from './goSyntax';
import { envelopeFix } from './goEnvelope';
import { inFileEol, receiverTypeName, type GoFileInfo } from './goPackage';
import { candidateCalls } from './goQueries';
import { printSinkOf } from './goSinks';

type Field = RequestField | { unknown: string } | undefined;

/** What every Go file yields, SDK or not: its comments (for suppressions) and a note when it does not parse cleanly. */
export function fileBasics(file: GoFileInfo): FactSet {
  const facts = emptyFacts();
  facts.comments.push(...collectComments(file.path, file.root));
  if (file.root.hasError) facts.notes.push({ file: file.path, message: 'Go syntax errors: analysed the parts that parse' });
  return facts;
}

/** Key definitions, uses and prints of one file's calls. */
export function callFacts(r: GoResolver): FactSet {
  const facts = emptyFacts();
  const builder = new FactBuilder(r, facts);
  for (const call of candidateCalls(r.file.root)) {
    try {
      builder.call(call);
    } catch (err) {
      facts.notes.push({ file: r.file.path, message: `Go call at line ${call.startPosition.row + 1} skipped: ${(err as Error).message}` });
    }
  }
  return facts;
}

class FactBuilder {
  private readonly path: string;
  private readonly printed = new Set<number>();

  constructor(
    private readonly r: GoResolver,
    private readonly facts: FactSet,
  ) {
    this.path = r.file.path;
  }

  call(call: SyntaxNode): void {
    const sdk = this.r.sdkCall(call);
    // A call still being typed: its arguments are not what they will be.
    if (sdk && !call.childForFieldName('arguments')?.hasError) {
      if (sdk.kind === 'kms' && sdk.method === 'CreateKey') this.createKey(sdk);
      else if (sdk.kind === 'kms' && KMS_KEY_METHODS[sdk.method]) this.kmsUse(sdk);
      else if (sdk.kind === 'secrets' && sdk.method === 'CreateSecret') this.secretUse(sdk);
      else if (sdk.kind === 'dns' && sdk.method === 'SetDnssec') this.dnssecUse(sdk);
      return;
    }
    const sink = printSinkOf(this.r, call);
    if (sink) for (const arg of sink.content) this.prints(arg, sink.name);
  }

  // ---------------------------------------------------------------------------
  // Key definitions

  /** One definition per CreateKey call, or per entry of the table its request is ranged from (each named at its entry's request). */
  private createKey(sdk: SdkCall): void {
    const reqArg = sdk.args[2];
    const table = reqArg && this.r.tableRequests(reqArg, 'kms', 'CreateKmsKeyRequest');
    if (table) {
      for (const entry of table) this.keyDefinition(sdk, entry.request, entry.anchor, `${defIdOf(this.path, sdk.call)}@${entry.anchor.startIndex}`);
      return;
    }
    const req = reqArg ? this.r.requestStruct(reqArg, 'kms', 'CreateKmsKeyRequest', sdk.call) : { unknown: 'CreateKey has no request argument' };
    this.keyDefinition(sdk, req, sdk.nameNode, defIdOf(this.path, sdk.call));
  }

  private keyDefinition(sdk: SdkCall, req: RequestStruct | { unknown: string }, nameNode: SyntaxNode, id: string): void {
    const regionArg = sdk.args[1];
    const field = (name: string): Field => fieldOf(req, name);
    const nameField = field('Name');
    const keyTypeField = field('KeyType');
    const name = this.stringField(nameField, 'Name');
    const def: KeyDefinition = {
      id,
      kind: 'api-create',
      surface: 'go',
      loc: this.loc(sdk.call),
      nameLoc: this.loc(nameNode),
      name,
      region: regionArg ? this.r.stringValue(regionArg) : unknown('no region argument'),
      regionLoc: regionArg ? this.loc(regionArg) : undefined,
      keyType: keyTypeField === undefined && !('unknown' in req) ? known(DEFAULT_KEY_TYPE, [{ label: `KeyType not set: the API default is ${DEFAULT_KEY_TYPE}`, loc: this.loc(nameNode) }]) : this.stringField(keyTypeField, 'KeyType'),
      exportAllowed: this.boolAttr(req, 'ExportAllowed'),
      rotationEnabled: this.boolAttr(req, 'KeyRotationEnabled'),
      rotationDays: this.daysAttr(req),
      importMaterial: this.materialAttr(req),
      allowRotation: this.boolAttr(req, 'AllowRotation'),
      status: { present: false, value: known('active', [{ label: 'keys are created active' }]) },
      writer: 'unknown' in req || !req.body || req.file !== this.r.file ? undefined : this.writerFor(req.body),
      scope: this.scopeOf(sdk.call),
      order: sdk.call.startIndex,
    };
    this.facts.keys.push(def);
  }

  private stringField(f: Field, name: string): Value<string> {
    if (f === undefined) return unknown(`${name} not set`);
    if ('unknown' in f) return unknown(f.unknown);
    return via(this.fieldStep(f), this.r.stringValue(f.value));
  }

  private fieldStep(f: RequestField, redact = false): TraceStep {
    return { label: redact ? `${f.fromAssignment ? 'set ' : ''}${f.name}` : short(f.node.text, 64), loc: this.fieldLoc(f) };
  }

  private fieldLoc(f: RequestField, node: SyntaxNode = f.node): Loc {
    return { file: f.file.path, range: this.loc(node).range };
  }

  private attrLocs(f: RequestField): Pick<Attr<unknown>, 'loc' | 'valueLoc' | 'removeLoc'> {
    return { loc: this.fieldLoc(f), valueLoc: this.fieldLoc(f, f.value), removeLoc: { file: f.file.path, range: removeRange(f.node, f.file.lines) } };
  }

  private boolAttr(req: RequestStruct | { unknown: string }, name: string): Attr<boolean> {
    const f = fieldOf(req, name);
    if (f === undefined) return { present: false, value: known(false, [{ label: `${name} not set (false)` }]) };
    if ('unknown' in f) return { present: !('unknown' in req), value: unknown(f.unknown) };
    return { present: true, value: via(this.fieldStep(f), this.r.boolValue(f.value)), ...this.attrLocs(f) };
  }

  private daysAttr(req: RequestStruct | { unknown: string }): Attr<number> {
    const f = fieldOf(req, 'RotationPeriodInDays');
    if (f === undefined) return { present: false, value: unknown('RotationPeriodInDays not set') };
    if ('unknown' in f) return { present: !('unknown' in req), value: unknown(f.unknown) };
    return { present: true, value: via(this.fieldStep(f), this.daysValue(f.value)), ...this.attrLocs(f) };
  }

  /** `*int` values: `&days`, `ptr(90)`, `func() *int { d := 90; return &d }()`, a variable holding one. */
  private daysValue(expr: SyntaxNode, depth = 0): Value<number> {
    const e = unparen(expr);
    if (depth > 8) return unknown('too many indirections');
    if (e.type === 'nil') return unknown('RotationPeriodInDays is nil');
    if (e.type === 'unary_expression' && e.child(0)?.text === '&') {
      const operand = e.childForFieldName('operand');
      return operand ? this.r.numberValue(operand) : unknown('incomplete expression');
    }
    if (e.type === 'identifier') {
      const held = this.r.heldValue(e);
      if ('unknown' in held) return unknown(held.unknown);
      return via({ label: short(`${e.text} = ${held.expr.text}`), loc: this.loc(held.at) }, this.daysValue(held.expr, depth + 1));
    }
    if (e.type === 'call_expression') {
      const callee = calleeOf(e);
      if (callee?.type === 'func_literal') {
        const ret = lastReturnValues(callee)[0];
        return ret ? this.daysValue(ret, depth + 1) : unknown('the function returns no value we can read');
      }
      const args = callArgs(e);
      // A pointer helper (`ptr(90)`, `lo.ToPtr(90)`): its one argument is the value.
      if (args.length === 1) return this.r.numberValue(args[0]);
    }
    return this.r.numberValue(e);
  }

  private materialAttr(req: RequestStruct | { unknown: string }): Attr<MaterialSource> {
    const f = fieldOf(req, 'ImportKeyMaterial');
    if (f === undefined) return { present: false, value: unknown('ImportKeyMaterial not set') };
    if ('unknown' in f) return { present: !('unknown' in req), value: unknown(f.unknown) };
    const o = this.r.origin(f.value);
    const step = this.fieldStep(f, true);
    const locs = this.attrLocs(f);
    switch (o.kind) {
      case 'literal':
        // An empty string is left out on the wire: nothing is imported.
        if (!o.value) return { present: false, value: unknown('ImportKeyMaterial is empty'), ...locs };
        return { present: true, value: known({ kind: 'literal', text: o.value }, [step, { label: 'a string literal in the code' }]), ...locs };
      case 'file':
        if (!o.path.known) return { present: true, value: unknown(`the file read by ${o.via} is not known`, [step]), ...locs };
        return { present: true, value: known({ kind: 'file', path: o.path.value, reader: o.reader }, [step, { label: `read by ${o.via}` }]), ...locs };
      default: {
        const name = o.kind === 'variable' && !o.names.length ? o.name : o.names[0];
        if (name) return { present: true, value: known({ kind: 'variable', name }, [step]), ...locs };
        return { present: true, value: unknown(o.kind === 'unknown' ? o.reason : 'computed at run time', [step]), ...locs };
      }
    }
  }

  /** How to add fields to the request literal so the result stays gofmt-style Go. */
  private writerFor(body: SyntaxNode): FieldWriter | undefined {
    const open = body.firstChild;
    const close = body.lastChild;
    if (!open || !close || close.type !== '}' || close.isMissing) return undefined;
    const lines = this.r.file.lines;
    const elements = namedChildrenOf(body);
    const last = elements[elements.length - 1];
    const trailingComma = !!last && last.nextSibling?.type === ',';
    const closeAt = (): Loc => ({ file: this.path, range: { start: pos(close), end: pos(close) } });
    if (open.startPosition.row === close.startPosition.row) {
      if (!last) return { style: 'go', insertAt: closeAt(), before: '', after: ', ' };
      return trailingComma ? { style: 'go', insertAt: closeAt(), before: ' ', after: ',' } : { style: 'go', insertAt: closeAt(), before: ', ', after: '' };
    }
    const closeLine = lines[close.startPosition.row] ?? '';
    const fieldIndent = last ? indentOf(lines[elements[0].startPosition.row] ?? '') : indentOf(closeLine) + '\t';
    if (onlyWhitespaceBefore(closeLine, close.startPosition.column)) {
      const lineStart = { line: close.startPosition.row, character: 0 };
      return { style: 'go', insertAt: { file: this.path, range: { start: lineStart, end: lineStart } }, before: fieldIndent, after: inFileEol(this.r.file, ',\n') };
    }
    // `}` right after the last field.
    return { style: 'go', insertAt: closeAt(), before: inFileEol(this.r.file, trailingComma || !last ? '\n' : ',\n') + fieldIndent, after: trailingComma || !last ? ',' : '' };
  }

  // ---------------------------------------------------------------------------
  // Key uses

  private baseUse(sdk: SdkCall, purpose: KeyUse['purpose'], key: Value<KeyTarget>, keyNode: SyntaxNode, region: Value<string>, regionNode: SyntaxNode | undefined, keyFile = this.r.file.path): KeyUse {
    const regionLoc = regionNode ? this.loc(regionNode) : undefined;
    return {
      id: `go-use:${this.path}:${sdk.call.startIndex}`,
      surface: 'go',
      purpose,
      key,
      keyLoc: { file: keyFile, range: this.loc(keyNode).range },
      region,
      regionLoc,
      regionWriter: regionLoc ? { style: 'go', insertAt: regionLoc, before: '', after: '' } : undefined,
      loc: this.loc(sdk.call),
      nameLoc: this.loc(sdk.nameNode),
      inLoop: insideLoop(sdk.call),
      scope: this.scopeOf(sdk.call),
      order: sdk.call.startIndex,
    };
  }

  private kmsUse(sdk: SdkCall): void {
    const [, regionArg, keyArg] = sdk.args;
    if (!keyArg) return;
    const purpose = KMS_KEY_METHODS[sdk.method];
    const use = this.baseUse(sdk, purpose, this.keyTarget(keyArg), keyArg, regionArg ? this.r.stringValue(regionArg) : unknown('no region argument'), regionArg);
    if (sdk.method in PAYLOAD_ARGUMENTS) {
      use.payload = this.payloadOf(sdk);
      use.envelopeFix = envelopeFix(this.r, sdk);
    }
    if (purpose === 'delete') use.statementStart = this.disableBefore(sdk);
    this.facts.uses.push(use);
  }

  private secretUse(sdk: SdkCall): void {
    const [, regionArg, reqArg] = sdk.args;
    if (!reqArg) return;
    const req = this.r.requestStruct(reqArg, 'secrets', 'CreateSecretRequest', sdk.call);
    const keyField = fieldOf(req, 'KmsKeyIdentity');
    if (keyField === undefined) return;
    const region = regionArg ? this.r.stringValue(regionArg) : unknown('no region argument');
    const use = 'unknown' in keyField ? this.baseUse(sdk, 'secret', unknown(keyField.unknown), reqArg, region, regionArg) : this.baseUse(sdk, 'secret', this.keyTarget(keyField.value), keyField.value, region, regionArg, keyField.file.path);
    const path = this.stringField(fieldOf(req, 'Path'), 'Path');
    if (path.known) {
      use.consumer = path.value;
      const env = environmentFromPath(path.value);
      if (env) use.environment = known(env, path.trace);
    }
    this.facts.uses.push(use);
  }

  private dnssecUse(sdk: SdkCall): void {
    const [, zoneArg, reqArg] = sdk.args;
    if (!reqArg || !zoneArg) return;
    const req = this.r.requestStruct(reqArg, 'dns', 'SetDnssecRequest', sdk.call);
    const keyField = fieldOf(req, 'KmsKeyIdentity');
    // Without a key the platform provisions its own: nothing in the workspace is referenced.
    if (keyField === undefined) return;
    const regionField = fieldOf(req, 'Region');
    const region = regionField && !('unknown' in regionField) ? via(this.fieldStep(regionField), this.r.stringValue(regionField.value)) : unknown(regionField ? regionField.unknown : 'Region not set');
    const regionNode = regionField && !('unknown' in regionField) && regionField.file === this.r.file ? regionField.value : undefined;
    const use = 'unknown' in keyField ? this.baseUse(sdk, 'dnssec', unknown(keyField.unknown), reqArg, region, regionNode) : this.baseUse(sdk, 'dnssec', this.keyTarget(keyField.value), keyField.value, region, regionNode, keyField.file.path);
    const zone = this.r.stringValue(zoneArg);
    use.consumer = zone.known ? zone.value : codeName(zoneArg);
    const env = zone.known ? environmentFromPath(zone.value.split('.').join('/')) : undefined;
    if (env) use.environment = known(env, zone.trace);
    this.facts.uses.push(use);
  }

  /** The key an argument names: a CreateKey result's Identity/Slug/Name, a key fetched by text, or text. */
  private keyTarget(expr: SyntaxNode, depth = 0): Value<KeyTarget> {
    for (const o of this.r.origins(expr)) {
      if (o.kind !== 'sdk-field' || o.sdk.kind !== 'kms' || !KEY_NAMING_FIELDS.has(o.field)) continue;
      const step: TraceStep = { label: `${codeName(expr)}: the key from ${o.sdk.method} (line ${o.sdk.call.startPosition.row + 1})`, loc: this.loc(o.sdk.call) };
      if (o.sdk.method === 'CreateKey') return known({ defId: defIdOf(this.path, o.sdk.call) }, [step]);
      const fetchedKey = o.sdk.args[2];
      if (KMS_KEY_RESULT_METHODS.has(o.sdk.method) && fetchedKey && depth < 4) return via(step, this.keyTarget(fetchedKey, depth + 1));
    }
    const text = this.r.stringValue(expr);
    return text.known ? known({ text: text.value }, text.trace) : unknown(text.reason, text.trace);
  }

  private payloadOf(sdk: SdkCall): Payload | undefined {
    const spec = PAYLOAD_ARGUMENTS[sdk.method];
    const arg = sdk.args[3];
    if (!arg) return undefined;
    let value = arg;
    let file = this.r.file;
    if (spec.requestType && spec.field) {
      const req = this.r.requestStruct(arg, 'kms', spec.requestType, sdk.call);
      const f = fieldOf(req, spec.field);
      if (f === undefined) return undefined;
      if ('unknown' in f) return { source: 'unknown', loc: this.loc(arg) };
      value = f.value;
      file = f.file;
    }
    const o = this.r.origin(value);
    const payload: Payload = { ...payloadSource(o), loc: { file: file.path, range: this.loc(value).range } };
    const name = o.names[o.names.length - 1];
    if (name) payload.name = name;
    return payload;
  }

  /**
   * Where and what to insert before a DeleteKey statement so the key is disabled first: a
   * DisableKey call with the same receiver and arguments that returns the error when the function can.
   */
  private disableBefore(sdk: SdkCall): KeyUse['statementStart'] {
    const stmt = enclosingStatement(sdk.call);
    if (!stmt || stmt.type === 'defer_statement' || stmt.type === 'go_statement') return undefined;
    const lines = this.r.file.lines;
    const row = stmt.startPosition.row;
    if (!onlyWhitespaceBefore(lines[row] ?? '', stmt.startPosition.column)) return undefined;
    const [ctxArg, regionArg, keyArg] = sdk.args;
    if (!ctxArg || !regionArg || !keyArg) return undefined;
    const indent = indentOf(lines[row] ?? '');
    const call = `${sdk.receiver.text}.DisableKey(${ctxArg.text}, ${regionArg.text}, ${keyArg.text})`;
    const results = resultTypes(enclosingFunction(sdk.call));
    const text = inFileEol(
      this.r.file,
      results.length && results[results.length - 1].text === 'error'
        ? `${indent}if _, err := ${call}; err != nil {\n${indent}\treturn ${[...results.slice(0, -1).map(zeroValue), 'err'].join(', ')}\n${indent}}\n`
        : `${indent}_, _ = ${call}\n`,
    );
    const at = { line: row, character: 0 };
    return { loc: { file: this.path, range: { start: at, end: at } }, indent, text };
  }

  // ---------------------------------------------------------------------------
  // Sensitive prints

  /** A printed argument that carries a sensitive value (anywhere inside it) is one finding, at the argument. */
  private prints(arg: SyntaxNode, sink: string): void {
    if (this.printed.has(arg.id)) return;
    const [found] = this.sensitiveIn(arg, 0);
    if (!found) return;
    this.printed.add(arg.id);
    this.facts.prints.push({ id: `go-print:${this.path}:${arg.startIndex}`, surface: 'go', value: found.value, sink, loc: this.loc(arg) });
  }

  /** The sub-expressions of a printed argument that carry a sensitive value through content-preserving wrappers. */
  private sensitiveIn(expr: SyntaxNode, depth: number): { node: SyntaxNode; value: SensitivePrint['value'] }[] {
    const e = unparen(expr);
    if (depth > 12) return [];
    switch (e.type) {
      case 'call_expression': {
        if (this.r.sdkCall(e)) return [];
        const wrapped = this.r.wrappedContent(e);
        return wrapped ? wrapped.flatMap((a) => this.sensitiveIn(a, depth + 1)) : [];
      }
      case 'type_conversion_expression': {
        const operand = e.childForFieldName('operand');
        return operand ? this.sensitiveIn(operand, depth + 1) : [];
      }
      case 'binary_expression':
        return [e.childForFieldName('left'), e.childForFieldName('right')].flatMap((n) => (n ? this.sensitiveIn(n, depth + 1) : []));
      case 'composite_literal':
        return namedChildrenOf(e.childForFieldName('body')).flatMap((el) => {
          const value = el.type === 'keyed_element' ? literalElementExpr(namedChildrenOf(el)[1]) : literalElementExpr(el);
          return value ? this.sensitiveIn(value, depth + 1) : [];
        });
    }
    const value = sensitivity(this.r.origins(e));
    return value ? [{ node: e, value }] : [];
  }

  // ---------------------------------------------------------------------------

  private loc(node: SyntaxNode): Loc {
    return this.r.loc(node);
  }

  /**
   * `go:<file>:<function>`: methods as `Type.Method`, func literals by offset; top-level statements
   * (a snippet) as `go:<file>:top`. Embedded code gets its host's scope instead of `go:<file>`.
   */
  private scopeOf(node: SyntaxNode): string {
    const base = this.r.file.embeddedScope ?? `go:${this.path}`;
    const fn = enclosingFunction(node);
    if (!fn) return this.r.file.embeddedScope ?? `${base}:top`;
    if (fn.type === 'func_literal') return `${base}:func@${fn.startIndex}`;
    const name = fn.childForFieldName('name')?.text ?? `func@${fn.startIndex}`;
    if (fn.type !== 'method_declaration') return `${base}:${name}`;
    return `${base}:${receiverTypeName(fn) ?? ''}.${name}`;
  }
}

export function defIdOf(file: string, call: SyntaxNode): string {
  return `go:${file}:${call.startIndex}`;
}

function fieldOf(req: RequestStruct | { unknown: string }, name: string): Field {
  if ('unknown' in req) return { unknown: req.unknown };
  const positional = req.fields.get('*');
  if (positional) return positional;
  return req.fields.get(name);
}

function pos(node: SyntaxNode): { line: number; character: number } {
  return { line: node.startPosition.row, character: node.startPosition.column };
}

function payloadSource(o: Origin): Omit<Payload, 'loc' | 'name'> {
  switch (o.kind) {
    case 'literal':
      return { source: 'literal', bytes: o.bytes };
    case 'file':
      return { source: 'file', via: o.via, ...(o.path.known ? { path: o.path.value } : {}) };
    case 'stream':
      return { source: o.requestBody ? 'request-body' : 'stream', via: o.via };
    case 'random':
      return o.bytes === undefined ? { source: 'random', via: o.via } : { source: 'random', bytes: o.bytes, via: o.via };
    case 'variable':
      return { source: 'variable' };
    default:
      return { source: 'unknown' };
  }
}

const DEK_NAME = /dek|data_?(encryption_?)?key|^cek$/i;

/** The sensitive value an expression carries, from its origins. */
function sensitivity(origins: Origin[]): SensitivePrint['value'] | undefined {
  for (const o of origins) {
    if (o.kind === 'sdk-result' && o.index === 0 && o.sdk.kind === 'kms' && SENSITIVE_RESPONSES[o.sdk.method]) return SENSITIVE_RESPONSES[o.sdk.method].value;
    if (o.kind === 'sdk-field' && o.sdk.kind === 'kms' && SENSITIVE_RESPONSES[o.sdk.method]?.field === o.field) return SENSITIVE_RESPONSES[o.sdk.method].value;
    if (o.kind === 'random' && o.names.some((n) => DEK_NAME.test(n))) return 'dek';
  }
  return undefined;
}

/** The statement (directly in a block or case) that holds `node`. */
function enclosingStatement(node: SyntaxNode): SyntaxNode | undefined {
  for (let n: SyntaxNode | null = node; n?.parent; n = n.parent) {
    if (n.parent.type === 'statement_list') return n;
    if (n.type === 'func_literal' || n.type === 'function_declaration' || n.type === 'method_declaration') return undefined;
  }
  return undefined;
}

/** A removal range for a keyed element or statement: its whole line(s) when alone there, else it with its comma. */
function removeRange(node: SyntaxNode, lines: string[]): Loc['range'] {
  const comma = node.nextSibling?.type === ',' ? node.nextSibling : undefined;
  const end = comma ?? node;
  const startRow = node.startPosition.row;
  const endRow = end.endPosition.row;
  const before = (lines[startRow] ?? '').slice(0, node.startPosition.column);
  const after = (lines[endRow] ?? '').slice(end.endPosition.column).replace(/\r$/, '');
  if (before.trim() === '' && after.trim() === '') return { start: { line: startRow, character: 0 }, end: { line: endRow + 1, character: 0 } };
  if (comma) {
    const spaces = /^[ \t]*/.exec(after)![0].length;
    return { start: pos(node), end: { line: endRow, character: end.endPosition.column + spaces } };
  }
  const prev = node.previousSibling;
  if (prev?.type === ',') return { start: pos(prev), end: { line: endRow, character: node.endPosition.column } };
  return { start: pos(node), end: { line: endRow, character: node.endPosition.column } };
}

/** Result types of a function, one per result (named results repeat their type). */
function resultTypes(fn: SyntaxNode | undefined): SyntaxNode[] {
  const result = fn?.childForFieldName('result');
  if (!result) return [];
  if (result.type !== 'parameter_list') return [result];
  return namedChildrenOf(result).flatMap((p) => {
    const type = p.childForFieldName('type');
    if (!type) return [];
    const names = p.childrenForFieldName('name').length;
    return Array(Math.max(names, 1)).fill(type) as SyntaxNode[];
  });
}

const NIL_TYPES = new Set(['pointer_type', 'slice_type', 'map_type', 'channel_type', 'function_type', 'interface_type']);
const NUMBER_TYPES = /^(u?int(8|16|32|64)?|uintptr|byte|rune|float(32|64)|complex(64|128))$/;

function zeroValue(type: SyntaxNode): string {
  if (NIL_TYPES.has(type.type)) return 'nil';
  const t = type.text;
  if (t === 'error' || t === 'any') return 'nil';
  if (t === 'string') return '""';
  if (t === 'bool') return 'false';
  if (NUMBER_TYPES.test(t)) return '0';
  return `*new(${t})`;
}
