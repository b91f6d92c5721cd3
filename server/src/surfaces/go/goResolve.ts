// Static resolution inside one Go file, with its package: constant values, which expressions are
// SDK clients, SDK calls, request struct literals, and where a value came from (file, stream,
// literal, random bytes, an SDK result) following simple data flow through local variables and
// content-preserving wrappers (`[]byte(x)`, `string(x)`, base64/hex encoding, `fmt.Sprintf`).
import type { Loc, TraceStep, Value } from '../../engine/types';
import { known, unknown, via } from '../../engine/value';
import { nodeLoc, type SyntaxNode } from '../common';
import { FlowTable, type Binding } from './goFlow';
import { defaultImportName, receiverTypeName, type GoFileInfo, type GoPackage, type PackageValue } from './goPackage';
import { CLIENT_ACCESSORS, KMS_CONSTANTS, KMS_VALUE_TYPES, REQUEST_ARGUMENTS, type ClientKind, type SdkPackage } from './goSdk';
import { callArgs, calleeOf, codeName, contains, intLiteral, lastReturnValues, namedChildrenOf, selectorParts, stringLiteral, unparen } from './goSyntax';

export type Const = string | number | boolean;

/** A call on an SDK client. */
export interface SdkCall {
  kind: ClientKind;
  method: string;
  call: SyntaxNode;
  receiver: SyntaxNode;
  nameNode: SyntaxNode;
  args: SyntaxNode[];
}

/** Where a value came from. `names`: the variables and fields it was held in, outermost first. */
export type Origin = { names: string[] } & (
  | { kind: 'literal'; value: string; bytes: number }
  | { kind: 'file'; reader: string; path: Value<string>; via: string }
  | { kind: 'stream'; requestBody: boolean; via: string }
  | { kind: 'random'; bytes?: number; via: string }
  | { kind: 'sdk-result'; sdk: SdkCall; index: number }
  | { kind: 'sdk-field'; sdk: SdkCall; field: string }
  | { kind: 'variable'; name: string }
  | { kind: 'unknown'; reason: string }
);

/** One field of a request struct as written: in the literal (`Name: "x"`) or assigned later (`req.Name = "x"`). */
export interface RequestField {
  name: string;
  /** The file it is written in (a package-level request may live in another file). */
  file: GoFileInfo;
  value: SyntaxNode;
  /** The whole `Name: value` element or assignment statement. */
  node: SyntaxNode;
  fromAssignment: boolean;
}

export interface RequestStruct {
  file: GoFileInfo;
  /** The `{…}` of the literal, when there is one to add fields to. */
  body?: SyntaxNode;
  fields: Map<string, RequestField | { unknown: string }>;
}

/** One entry of a ranged table: its request, and the node that names it (the literal's type name). */
export interface TableRequest {
  request: RequestStruct | { unknown: string };
  anchor: SyntaxNode;
}

const TABLE_TYPES = new Set(['slice_type', 'array_type', 'implicit_length_array_type', 'map_type']);
const NUMERIC_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune', 'float32', 'float64']);
const CONVERSION_TYPES = new Set(['string', 'bool', ...NUMERIC_TYPES]);
const FILE_READERS: Record<string, string[]> = { os: ['ReadFile'], 'io/ioutil': ['ReadFile'] };
const STREAM_READERS: Record<string, string[]> = { io: ['ReadAll'], 'io/ioutil': ['ReadAll'] };
const MAX_DEPTH = 24;

/** `text` shortened for messages and traces (code only, never values). */
export function short(text: string, max = 48): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}

/** A constant for a trace label (configuration values only: secret-bearing values never go through constValue's labels). */
function display(v: Const): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Resolvers of every file of a package (package constants may live in another file). */
export class PackageResolvers {
  private readonly byPath = new Map<string, GoResolver>();
  constructor(readonly pkg: GoPackage) {}
  for(file: GoFileInfo): GoResolver {
    let r = this.byPath.get(file.path);
    if (!r) this.byPath.set(file.path, (r = new GoResolver(file, this)));
    return r;
  }
}

export class GoResolver {
  readonly pkg: GoPackage;
  private readonly flows = new Map<number, FlowTable>();
  private readonly clientKinds = new Map<number, ClientKind | null>();
  private readonly resolving = new Set<number>();

  constructor(
    readonly file: GoFileInfo,
    private readonly resolvers: PackageResolvers,
  ) {
    this.pkg = resolvers.pkg;
  }

  loc(node: SyntaxNode): Loc {
    return nodeLoc(this.file.path, node);
  }

  /**
   * The flow table of the top-level function around `node`: a function or method declaration, the
   * outermost func literal of a package-level initializer (`var cmd = &cobra.Command{RunE: func…}`),
   * or the file itself for top-level statements (a fragment). Found by offset: asking nodes for
   * their parents is slow in web-tree-sitter.
   */
  flowFor(node: SyntaxNode): FlowTable {
    const at = node.startIndex;
    const top = this.topLevel().find((t) => t.start <= at && at < t.end);
    let root = this.file.root;
    if (top?.node.type === 'function_declaration' || top?.node.type === 'method_declaration') root = top.node;
    else if (top?.literals) root = top.literals.find((l) => l.startIndex <= at && at < l.endIndex) ?? root;
    let flow = this.flows.get(root.id);
    if (!flow) this.flows.set(root.id, (flow = new FlowTable(root)));
    return flow;
  }

  private topLevelCache?: { node: SyntaxNode; start: number; end: number; literals?: SyntaxNode[] }[];

  /** Top-level declarations and statements, with the func literals of package-level initializers. */
  private topLevel(): { node: SyntaxNode; start: number; end: number; literals?: SyntaxNode[] }[] {
    this.topLevelCache ??= namedChildrenOf(this.file.root).map((node) => ({
      node,
      start: node.startIndex,
      end: node.endIndex,
      literals: node.type === 'var_declaration' || node.type === 'const_declaration' ? outermostFuncLiterals(node) : undefined,
    }));
    return this.topLevelCache;
  }

  private localBinding(name: string, at: SyntaxNode): { flow: FlowTable; binding: Binding } | undefined {
    const flow = this.flowFor(at);
    const binding = flow.lookup(name, at);
    return binding ? { flow, binding } : undefined;
  }

  /** An identifier naming an import (not shadowed by a local). */
  importPathOf(ident: SyntaxNode): string | undefined {
    if (ident.type !== 'identifier' && ident.type !== 'package_identifier') return undefined;
    const path = this.file.imports.get(ident.text);
    if (!path || this.localBinding(ident.text, ident) || this.pkg.values.has(ident.text)) return undefined;
    return path;
  }

  sdkPackageOf(ident: SyntaxNode): SdkPackage | undefined {
    return this.importPathOf(ident) !== undefined ? this.file.sdk.get(ident.text) : undefined;
  }

  /** `pkg.Func` where pkg imports `importPath`: the function name, else undefined. */
  packageFunction(callee: SyntaxNode | undefined, importPaths: string[]): { path: string; name: string } | undefined {
    const sel = callee && selectorParts(callee);
    if (!sel || sel.operand.type !== 'identifier') return undefined;
    const path = this.importPathOf(sel.operand);
    return path !== undefined && importPaths.includes(path) ? { path, name: sel.field } : undefined;
  }

  /** Display name of a package function: `os.ReadFile` whatever the alias. */
  qualifiedName(path: string, name: string): string {
    return `${defaultImportName(path)}.${name}`;
  }

  // -------------------------------------------------------------------------
  // Constants

  /** The constant value of an expression (literal, constant, enum, conversion, simple arithmetic). */
  constValue(expr: SyntaxNode, depth = 0): Value<Const> {
    const e = unparen(expr);
    if (depth > MAX_DEPTH) return unknown('too many indirections');
    const lit = stringLiteral(e);
    if (lit) return known(lit.value);
    const int = intLiteral(e);
    if (int !== undefined) return known(int);
    switch (e.type) {
      case 'true':
      case 'false':
        return known(e.type === 'true');
      case 'identifier':
        return this.identifierValue(e, depth);
      case 'selector_expression': {
        const sel = selectorParts(e)!;
        if (sel.operand.type === 'identifier' && this.sdkPackageOf(sel.operand) === 'kms' && sel.field in KMS_CONSTANTS) {
          return known(KMS_CONSTANTS[sel.field], [{ label: `${e.text} = ${display(KMS_CONSTANTS[sel.field])}` }]);
        }
        return unknown(`\`${codeName(e)}\` is not a constant`);
      }
      case 'call_expression':
      case 'type_conversion_expression': {
        const operand = this.conversionOperand(e);
        return operand ? this.constValue(operand, depth + 1) : unknown(`\`${codeName(e)}\` is computed at run time`);
      }
      case 'binary_expression':
        return this.binaryValue(e, depth);
      case 'unary_expression': {
        const op = e.child(0)?.text;
        const operand = e.childForFieldName('operand');
        if (!operand || (op !== '-' && op !== '!' && op !== '+')) break;
        const v = this.constValue(operand, depth + 1);
        if (!v.known) return v;
        if (op === '!' && typeof v.value === 'boolean') return known(!v.value, v.trace);
        if (op !== '!' && typeof v.value === 'number') return known(op === '-' ? -v.value : v.value, v.trace);
        break;
      }
    }
    return unknown(`\`${codeName(e)}\` is not a constant`);
  }

  /** `T(x)` for a basic type, a type of this package or a kms value type: `x`. */
  private conversionOperand(e: SyntaxNode): SyntaxNode | undefined {
    if (e.type === 'type_conversion_expression') return e.childForFieldName('operand') ?? undefined;
    const callee = calleeOf(e);
    const args = callArgs(e);
    if (!callee || args.length !== 1) return undefined;
    if (callee.type === 'identifier' && (CONVERSION_TYPES.has(callee.text) || this.pkg.typeNames.has(callee.text)) && !this.localBinding(callee.text, callee)) return args[0];
    const sel = selectorParts(callee);
    if (sel && sel.operand.type === 'identifier' && this.sdkPackageOf(sel.operand) === 'kms' && KMS_VALUE_TYPES.has(sel.field)) return args[0];
    return undefined;
  }

  private binaryValue(e: SyntaxNode, depth: number): Value<Const> {
    const op = e.childForFieldName('operator')?.text;
    const left = e.childForFieldName('left');
    const right = e.childForFieldName('right');
    if (!left || !right) return unknown('incomplete expression');
    const a = this.constValue(left, depth + 1);
    if (!a.known) return a;
    const b = this.constValue(right, depth + 1);
    if (!b.known) return b;
    const trace = [...a.trace, ...b.trace];
    if (op === '+' && typeof a.value === 'string' && typeof b.value === 'string') return known(a.value + b.value, trace);
    if (typeof a.value === 'number' && typeof b.value === 'number') {
      if (op === '+') return known(a.value + b.value, trace);
      if (op === '-') return known(a.value - b.value, trace);
      if (op === '*') return known(a.value * b.value, trace);
    }
    return unknown(`\`${codeName(e)}\` is not a constant we evaluate`);
  }

  private identifierValue(e: SyntaxNode, depth: number): Value<Const> {
    const name = e.text;
    const local = this.localBinding(name, e);
    if (local) {
      const { flow, binding } = local;
      if (binding.kind === 'param') return unknown(`\`${name}\` is a parameter`);
      if (binding.kind === 'range') return unknown(`\`${name}\` is a loop variable`);
      const v = flow.valueAt(binding, e);
      if (v.kind === 'unknown') return unknown(v.reason);
      if (v.kind === 'none') return unknown(`\`${name}\` is declared without a value`);
      if (v.index !== 0) return unknown(`\`${name}\` is a result of \`${codeName(v.expr)}\``);
      return this.withStep(name, this.constValue(v.expr, depth + 1), v.at);
    }
    const pv = this.pkg.values.get(name);
    if (pv) return this.packageValue(pv, depth);
    if (this.pkg.selfKind === 'kms' && name in KMS_CONSTANTS) return known(KMS_CONSTANTS[name], [{ label: `${name} = ${display(KMS_CONSTANTS[name])}` }]);
    return unknown(`\`${name}\` is not a constant`);
  }

  private packageValue(pv: PackageValue, depth: number): Value<Const> {
    if (pv.kind === 'var' && this.pkg.writtenVars.has(pv.name)) return unknown(`package variable \`${pv.name}\` is assigned elsewhere`);
    if (!pv.value) return unknown(`\`${pv.name}\` is declared without a value`);
    if (pv.index !== 0) return unknown(`\`${pv.name}\` is a result of \`${codeName(pv.value)}\``);
    if (this.resolving.has(pv.nameNode.id)) return unknown(`\`${pv.name}\` refers to itself`);
    this.resolving.add(pv.nameNode.id);
    try {
      const other = this.resolvers.for(pv.file);
      const v = other.constValue(pv.value, depth + 1);
      return other.withStep(pv.name, v, pv.spec);
    } finally {
      this.resolving.delete(pv.nameNode.id);
    }
  }

  /** Prefix the trace of a value read from a variable with `name = value` at its declaration. */
  private withStep<T extends Const>(name: string, v: Value<T>, at: SyntaxNode): Value<T> {
    const step: TraceStep = { label: v.known ? `${name} = ${display(v.value)}` : name, loc: this.loc(at) };
    return via(step, v);
  }

  stringValue(expr: SyntaxNode): Value<string> {
    const v = this.constValue(expr);
    if (v.known && typeof v.value !== 'string') return unknown(`\`${codeName(expr)}\` is not a string`, v.trace);
    return v as Value<string>;
  }

  numberValue(expr: SyntaxNode): Value<number> {
    const v = this.constValue(expr);
    if (v.known && typeof v.value !== 'number') return unknown(`\`${codeName(expr)}\` is not a number`, v.trace);
    return v as Value<number>;
  }

  boolValue(expr: SyntaxNode): Value<boolean> {
    const v = this.constValue(expr);
    if (v.known && typeof v.value !== 'boolean') return unknown(`\`${codeName(expr)}\` is not a bool`, v.trace);
    return v as Value<boolean>;
  }

  // -------------------------------------------------------------------------
  // Clients and SDK calls

  /** Which SDK client an expression is, if any. */
  clientKind(expr: SyntaxNode): ClientKind | undefined {
    const e = unparen(expr);
    const cached = this.clientKinds.get(e.id);
    if (cached !== undefined) return cached ?? undefined;
    this.clientKinds.set(e.id, null); // cycle guard
    const kind = this.computeClientKind(e);
    this.clientKinds.set(e.id, kind ?? null);
    return kind;
  }

  private computeClientKind(e: SyntaxNode): ClientKind | undefined {
    if (e.type === 'identifier') {
      const local = this.localBinding(e.text, e);
      if (local) {
        const { flow, binding } = local;
        if (binding.type) return this.pkg.clientKindOfType(binding.type, this.file);
        const v = flow.valueAt(binding, e);
        return v.kind === 'value' ? this.clientKindOfValue(v.expr, v.index) : undefined;
      }
      const pv = this.pkg.values.get(e.text);
      return pv ? this.pkg.clientKindOfValue(pv) : undefined;
    }
    if (e.type === 'selector_expression') {
      const sel = selectorParts(e)!;
      if (sel.operand.type === 'identifier' && this.importPathOf(sel.operand) !== undefined) return undefined;
      return this.pkg.clientFields.get(sel.field) ?? undefined;
    }
    if (e.type === 'call_expression') return this.clientKindOfValue(e, 0);
    return undefined;
  }

  /** A client produced by an initializer: `kms.New(…)`, `tc.KMS()`, a package function returning one, or another client. */
  private clientKindOfValue(value: SyntaxNode, index: number): ClientKind | undefined {
    const v = unparen(value);
    if (v.type !== 'call_expression') return index === 0 ? this.clientKind(v) : undefined;
    if (index !== 0) return undefined;
    const callee = calleeOf(v);
    if (!callee) return undefined;
    const sel = selectorParts(callee);
    if (sel) {
      if (sel.field === 'New' && sel.operand.type === 'identifier') {
        const pkg = this.sdkPackageOf(sel.operand);
        if (pkg === 'kms' || pkg === 'secrets' || pkg === 'dns') return pkg;
      }
      if (CLIENT_ACCESSORS[sel.field] && !callArgs(v).length) return CLIENT_ACCESSORS[sel.field];
      if (!(sel.operand.type === 'identifier' && this.importPathOf(sel.operand) !== undefined)) return this.pkg.clientFuncs.get(sel.field);
      return undefined;
    }
    if (callee.type === 'identifier' && !this.localBinding(callee.text, callee)) {
      if (callee.text === 'New' && this.pkg.selfKind) return this.pkg.selfKind;
      return this.pkg.clientFuncs.get(callee.text);
    }
    return undefined;
  }

  /** A method call on an SDK client. */
  sdkCall(call: SyntaxNode): SdkCall | undefined {
    if (call.type !== 'call_expression') return undefined;
    const callee = calleeOf(call);
    const sel = callee && selectorParts(callee);
    if (!sel) return undefined;
    const args = callArgs(call);
    const kind = this.clientKind(sel.operand) ?? this.kindFromRequest(sel.field, args);
    if (!kind || this.insideSdkMethod(call)) return undefined;
    return { kind, method: sel.field, call, receiver: sel.operand, nameNode: sel.fieldNode, args };
  }

  /** A method called with the SDK request struct it takes is that SDK call, whatever the receiver. */
  private kindFromRequest(method: string, args: SyntaxNode[]): ClientKind | undefined {
    const spec = REQUEST_ARGUMENTS[method];
    const arg = spec && args[spec.index];
    return arg && this.hasSdkType(arg, spec.kind, spec.type, 0) ? spec.kind : undefined;
  }

  private hasSdkType(expr: SyntaxNode, pkg: SdkPackage, typeName: string, depth: number): boolean {
    let e = unparen(expr);
    if (e.type === 'unary_expression' && e.child(0)?.text === '&') e = unparen(e.childForFieldName('operand') ?? e);
    if (e.type === 'composite_literal') {
      const type = e.childForFieldName('type');
      return !!type && this.isSdkType(type, pkg, typeName);
    }
    if (e.type !== 'identifier' || depth > 4) return false;
    const local = this.localBinding(e.text, e);
    if (!local) return false;
    if (local.binding.type) return this.isSdkType(local.binding.type, pkg, typeName);
    const v = local.flow.valueAt(local.binding, e);
    return v.kind === 'value' && v.index === 0 && this.hasSdkType(v.expr, pkg, typeName, depth + 1);
  }

  /** Inside the SDK's own client methods, calls between them are its implementation, not uses. */
  private insideSdkMethod(node: SyntaxNode): boolean {
    if (!this.pkg.selfKind) return false;
    let top = node;
    while (top.parent && top.parent.type !== 'source_file') top = top.parent;
    return top.type === 'method_declaration' && receiverTypeName(top) === 'Client';
  }

  // -------------------------------------------------------------------------
  // Request structs

  /**
   * The request struct an argument holds: an inline `pkg.Type{…}` (or `&pkg.Type{…}`), or a local
   * variable declared with one and completed by `req.Field = …` before the call.
   */
  requestStruct(expr: SyntaxNode, pkg: SdkPackage, typeName: string, at: SyntaxNode): RequestStruct | { unknown: string } {
    let e = unparen(expr);
    if (e.type === 'unary_expression' && e.child(0)?.text === '&') e = unparen(e.childForFieldName('operand') ?? e);
    if (e.type === 'composite_literal') return this.literalStruct(e, pkg, typeName) ?? { unknown: `\`${codeName(e)}\` is not a ${pkg}.${typeName}` };
    if (e.type !== 'identifier') return { unknown: `the request \`${codeName(e)}\` is computed at run time` };
    const local = this.localBinding(e.text, e);
    if (!local) {
      const pv = this.pkg.values.get(e.text);
      if (!pv?.value || pv.kind !== 'var' || this.pkg.writtenVars.has(pv.name)) return { unknown: `\`${e.text}\` is not a request we can read` };
      const lit = unparen(pv.value);
      return (lit.type === 'composite_literal' && this.resolvers.for(pv.file).literalStruct(lit, pkg, typeName)) || { unknown: `\`${e.text}\` is not a request we can read` };
    }
    const { flow, binding } = local;
    if (binding.kind === 'param' || binding.kind === 'range') return { unknown: `the request \`${e.text}\` is a ${binding.kind === 'param' ? 'parameter' : 'loop variable'}` };
    let base: RequestStruct | undefined;
    const v = flow.valueAt(binding, e);
    if (v.kind === 'unknown') return { unknown: v.reason };
    if (v.kind === 'value') {
      if (v.index !== 0) return { unknown: `the request \`${e.text}\` is computed at run time` };
      let lit = unparen(v.expr);
      if (lit.type === 'unary_expression' && lit.child(0)?.text === '&') lit = unparen(lit.childForFieldName('operand') ?? lit);
      base = lit.type === 'composite_literal' ? this.literalStruct(lit, pkg, typeName) : undefined;
      if (!base) return { unknown: `the request \`${e.text}\` is computed at run time` };
    } else {
      if (!binding.type || !this.isSdkType(binding.type, pkg, typeName)) return { unknown: `\`${e.text}\` is not a ${pkg}.${typeName}` };
      base = { file: this.file, fields: new Map() };
    }
    for (const [field, w] of flow.fieldWritesBefore(binding, at)) {
      if ('unknown' in w) base.fields.set(field, w);
      else if (w.value) base.fields.set(field, { name: field, file: this.file, value: w.value, node: w.stmt, fromAssignment: true });
      else base.fields.set(field, { unknown: `\`${e.text}.${field}\` is set from a multi-value expression` });
    }
    return base;
  }

  private isSdkType(type: SyntaxNode, pkg: SdkPackage, typeName: string): boolean {
    let t = unparen(type);
    if (t.type === 'pointer_type') t = namedChildrenOf(t)[0] ?? t;
    if (t.type === 'type_identifier') return this.pkg.selfKind === pkg && t.text === typeName;
    if (t.type !== 'qualified_type') return false;
    const alias = t.childForFieldName('package')?.text ?? '';
    return this.file.sdk.get(alias) === pkg && t.childForFieldName('name')?.text === typeName;
  }

  literalStruct(lit: SyntaxNode, pkg: SdkPackage, typeName: string): RequestStruct | undefined {
    const type = lit.childForFieldName('type');
    const body = lit.childForFieldName('body');
    if (!type || !body || !this.isSdkType(type, pkg, typeName)) return undefined;
    return this.bodyStruct(body);
  }

  /** The fields written in the `{…}` of a request literal. */
  private bodyStruct(body: SyntaxNode): RequestStruct {
    const fields = new Map<string, RequestField | { unknown: string }>();
    for (const el of namedChildrenOf(body)) {
      if (el.type !== 'keyed_element') {
        // Positional fields: we do not map them to names, so nothing in this literal is known.
        return { file: this.file, fields: new Map([['*', { unknown: 'the request uses positional fields' }]]) };
      }
      const [key, value] = namedChildrenOf(el).map(literalElementExpr);
      if (key && value) fields.set(key.text, { name: key.text, file: this.file, value, node: el, fromAssignment: false });
    }
    return { file: this.file, body, fields };
  }

  /**
   * The requests a range variable takes when it ranges over a table literal written in the same
   * function, one per entry: `tt.req` of `for _, tt := range []struct{…}{{req: T{…}}, …}`, or `req`
   * of `for _, req := range map[string]T{…}` (or `[]T{…}`). Undefined for any other expression.
   */
  tableRequests(expr: SyntaxNode, pkg: SdkPackage, typeName: string): TableRequest[] | undefined {
    const e = unparen(expr);
    const sel = e.type === 'selector_expression' ? selectorParts(e) : undefined;
    const variable = sel ? unparen(sel.operand) : e;
    if (variable.type !== 'identifier') return undefined;
    const local = this.localBinding(variable.text, variable);
    // Index 1: the element variable, not the index or key.
    if (!local || local.binding.kind !== 'range' || local.binding.index !== 1) return undefined;
    const v = local.flow.valueAt(local.binding, variable);
    if (v.kind !== 'value' || v.at !== local.binding.decl) return undefined;
    const table = this.tableLiteral(v.expr);
    if (!table) return undefined;
    // The table must hold this request type: as its elements, or in the struct field read.
    const holdsRequest = sel ? this.structFieldHolds(table.elementType, sel.field, pkg, typeName) : !!table.elementType && this.isSdkType(table.elementType, pkg, typeName);
    if (!holdsRequest) return undefined;
    return table.entries.map((entry): TableRequest => {
      if (!sel) return this.entryRequest(entry, table.elementType, pkg, typeName);
      const item = entry.type === 'unary_expression' && entry.child(0)?.text === '&' ? unparen(entry.childForFieldName('operand') ?? entry) : entry;
      const body = item.type === 'literal_value' ? item : item.type === 'composite_literal' ? item.childForFieldName('body') : undefined;
      const field = namedChildrenOf(body ?? undefined).find((el) => el.type === 'keyed_element' && literalElementExpr(namedChildrenOf(el)[0])?.text === sel.field);
      const value = field && literalElementExpr(namedChildrenOf(field)[1]);
      if (!value) return { request: { unknown: `this entry of \`${codeName(e)}\` is not written as \`${sel.field}: …\`` }, anchor: entry };
      return this.entryRequest(value, undefined, pkg, typeName);
    });
  }

  /** Whether field `name` of a table's element type is the request type (a named element type is taken as it comes: its entries decide). */
  private structFieldHolds(elementType: SyntaxNode | undefined, name: string, pkg: SdkPackage, typeName: string): boolean {
    let t = elementType && unparen(elementType);
    if (t?.type === 'pointer_type') t = namedChildrenOf(t)[0];
    if (!t || t.type === 'type_identifier' || t.type === 'qualified_type') return !!t;
    if (t.type !== 'struct_type') return false;
    const fields = namedChildrenOf(namedChildrenOf(t)[0]);
    const decl = fields.find((f) => f.childrenForFieldName('name').some((n) => n?.text === name));
    const type = decl?.childForFieldName('type');
    return !!type && this.isSdkType(type, pkg, typeName);
  }

  /** A slice, array or map literal (or a local variable holding one): its element type and entry values. */
  private tableLiteral(expr: SyntaxNode): { elementType?: SyntaxNode; entries: SyntaxNode[] } | undefined {
    let e = unparen(expr);
    if (e.type === 'identifier') {
      const held = this.heldValue(e);
      if ('unknown' in held) return undefined;
      e = unparen(held.expr);
    }
    const type = e.type === 'composite_literal' ? e.childForFieldName('type') : undefined;
    if (!type || !TABLE_TYPES.has(type.type)) return undefined;
    const entries = namedChildrenOf(e.childForFieldName('body')).map((el) => (el.type === 'keyed_element' ? literalElementExpr(namedChildrenOf(el)[1]) : literalElementExpr(el)));
    return { elementType: type.childForFieldName(type.type === 'map_type' ? 'value' : 'element') ?? undefined, entries: entries.filter((n): n is SyntaxNode => !!n) };
  }

  /** One table entry's request: `T{…}`, `&T{…}`, or `{…}` when the table's element type is T. */
  private entryRequest(value: SyntaxNode, elementType: SyntaxNode | undefined, pkg: SdkPackage, typeName: string): TableRequest {
    let e = unparen(value);
    if (e.type === 'unary_expression' && e.child(0)?.text === '&') e = unparen(e.childForFieldName('operand') ?? e);
    if (e.type === 'literal_value' && elementType && this.isSdkType(elementType, pkg, typeName)) return { request: this.bodyStruct(e), anchor: e.child(0) ?? e };
    const type = e.type === 'composite_literal' ? e.childForFieldName('type') : undefined;
    const request = type ? this.literalStruct(e, pkg, typeName) : undefined;
    if (!type || !request) return { request: { unknown: `\`${codeName(e)}\` is not a ${pkg}.${typeName}` }, anchor: e };
    return { request, anchor: type.type === 'qualified_type' ? (type.childForFieldName('name') ?? type) : type };
  }

  // -------------------------------------------------------------------------
  // Origins

  /** Where the value of an expression came from (the first content it carries). */
  origin(expr: SyntaxNode): Origin {
    return this.origins(expr)[0] ?? { kind: 'unknown', reason: 'no value', names: [] };
  }

  /** Every origin the content of an expression may carry (a `fmt.Sprintf` carries all its arguments). */
  origins(expr: SyntaxNode, names: string[] = [], depth = 0): Origin[] {
    const e = unparen(expr);
    if (depth > MAX_DEPTH) return [{ kind: 'unknown', reason: 'too many indirections', names }];
    const lit = stringLiteral(e);
    if (lit) return [{ kind: 'literal', value: lit.value, bytes: lit.bytes, names }];
    switch (e.type) {
      case 'identifier':
        return this.identifierOrigins(e, names, depth);
      case 'selector_expression':
        return this.selectorOrigins(e, names, depth);
      case 'index_expression':
      case 'slice_expression': {
        const operand = e.childForFieldName('operand');
        return operand ? this.origins(operand, names, depth + 1) : [];
      }
      case 'unary_expression': {
        const operand = e.childForFieldName('operand');
        const op = e.child(0)?.text;
        return operand && (op === '*' || op === '&') ? this.origins(operand, names, depth + 1) : [{ kind: 'unknown', reason: `\`${codeName(e)}\``, names }];
      }
      case 'type_conversion_expression': {
        const operand = e.childForFieldName('operand');
        return operand ? this.origins(operand, names, depth + 1) : [];
      }
      case 'binary_expression': {
        const parts = [e.childForFieldName('left'), e.childForFieldName('right')].filter((n): n is SyntaxNode => !!n);
        const all = parts.flatMap((p) => this.origins(p, names, depth + 1));
        if (all.every((o) => o.kind === 'literal')) {
          const lits = all as Extract<Origin, { kind: 'literal' }>[];
          return [{ kind: 'literal', value: lits.map((l) => l.value).join(''), bytes: lits.reduce((n, l) => n + l.bytes, 0), names }];
        }
        return all.filter((o) => o.kind !== 'literal');
      }
      case 'call_expression':
        return this.callOrigins(e, 0, names, depth);
      case 'composite_literal':
        return namedChildrenOf(e.childForFieldName('body')).flatMap((el) => {
          const value = el.type === 'keyed_element' ? literalElementExpr(namedChildrenOf(el)[1]) : literalElementExpr(el);
          return value ? this.origins(value, names, depth + 1) : [];
        });
    }
    return [{ kind: 'unknown', reason: `\`${codeName(e)}\``, names }];
  }

  private identifierOrigins(e: SyntaxNode, names: string[], depth: number): Origin[] {
    const name = e.text;
    const held = [...names, name];
    const local = this.localBinding(name, e);
    if (!local) {
      const pv = this.pkg.values.get(name);
      if (pv?.kind === 'const' && pv.value) return this.resolvers.for(pv.file).origins(pv.value, held, depth + 1);
      return [{ kind: 'variable', name, names: held }];
    }
    const { flow, binding } = local;
    if (binding.kind === 'param' || binding.kind === 'range') return [{ kind: 'variable', name, names: held }];
    const v = flow.valueAt(binding, e);
    if (v.kind === 'unknown') return [{ kind: 'unknown', reason: v.reason, names: held }];
    if (v.kind === 'none') {
      // `var dek [32]byte` filled by rand.Read.
      const size = binding.type?.type === 'array_type' ? this.arrayLength(binding.type) : undefined;
      const filled = this.randomFill(flow, binding);
      if (filled) return [{ kind: 'random', bytes: size, via: filled, names: held }];
      return [{ kind: 'variable', name, names: held }];
    }
    if (v.expr.type === 'call_expression' || v.index !== 0) {
      const call = unparen(v.expr);
      if (call.type === 'call_expression') return this.callOrigins(call, v.index, held, depth, { flow, binding });
    }
    return this.origins(v.expr, held, depth + 1);
  }

  private arrayLength(type: SyntaxNode): number | undefined {
    const len = type.childForFieldName('length');
    const v = len ? this.numberValue(len) : undefined;
    return v?.known ? v.value : undefined;
  }

  private selectorOrigins(e: SyntaxNode, names: string[], depth: number): Origin[] {
    const sel = selectorParts(e)!;
    if (sel.operand.type === 'identifier' && this.importPathOf(sel.operand) !== undefined) {
      const v = this.constValue(e);
      if (v.known && typeof v.value === 'string') return [{ kind: 'literal', value: v.value, bytes: Buffer.byteLength(v.value, 'utf8'), names }];
      return [{ kind: 'variable', name: sel.field, names: [...names, sel.field] }];
    }
    const held = [...names, sel.field];
    const inner = this.origins(sel.operand, [], depth + 1);
    const results = inner.filter((o): o is Extract<Origin, { kind: 'sdk-result' }> => o.kind === 'sdk-result' && o.index === 0);
    if (results.length) return results.map((o) => ({ kind: 'sdk-field', sdk: o.sdk, field: sel.field, names: held }));
    return [{ kind: 'variable', name: sel.field, names: held }];
  }

  /** Origins of result `index` of a call. */
  private callOrigins(call: SyntaxNode, index: number, names: string[], depth: number, holder?: { flow: FlowTable; binding: Binding }): Origin[] {
    const sdk = this.sdkCall(call);
    if (sdk) return [{ kind: 'sdk-result', sdk, index, names }];
    const callee = calleeOf(call);
    const args = callArgs(call);
    if (!callee) return [{ kind: 'unknown', reason: 'call', names }];
    if (index === 0) {
      const wrapped = this.wrappedContent(call);
      if (wrapped) return wrapped.flatMap((a) => this.origins(a, names, depth + 1));
      const file = this.packageFunction(callee, Object.keys(FILE_READERS));
      if (file && FILE_READERS[file.path].includes(file.name) && args[0]) {
        const reader = this.qualifiedName(file.path, file.name);
        const path = this.stringValue(args[0]);
        return [{ kind: 'file', reader, path, via: `${reader}(${path.known ? JSON.stringify(path.value) : codeName(args[0])})`, names }];
      }
      const stream = this.packageFunction(callee, Object.keys(STREAM_READERS));
      if (stream && STREAM_READERS[stream.path].includes(stream.name) && args[0]) {
        return [{ kind: 'stream', requestBody: this.isRequestBody(args[0]), via: `${this.qualifiedName(stream.path, stream.name)}(${codeName(args[0])})`, names }];
      }
      if (callee.type === 'identifier' && callee.text === 'make' && holder && !this.localBinding('make', callee)) {
        const filled = this.randomFill(holder.flow, holder.binding);
        const size = args[1] ? this.numberValue(args[1]) : undefined;
        if (filled) return [{ kind: 'random', bytes: size?.known ? size.value : undefined, via: filled, names }];
        return [{ kind: 'unknown', reason: `\`${codeName(call)}\` is filled elsewhere`, names }];
      }
    }
    // An immediately invoked func literal returns what its return statement says.
    if (callee.type === 'func_literal') {
      const values = lastReturnValues(callee);
      if (values[index]) return this.origins(values[index], names, depth + 1);
    }
    return [{ kind: 'unknown', reason: `\`${codeName(call)}\` is computed at run time`, names }];
  }

  /** For calls that pass content through (conversions, encoders, `fmt.Sprint*`, trimming), the arguments whose content they carry. */
  wrappedContent(call: SyntaxNode): SyntaxNode[] | undefined {
    const callee = calleeOf(call);
    const args = callArgs(call);
    if (!callee) return undefined;
    const conversion = this.conversionOperand(call);
    if (conversion) return [conversion];
    const sel = selectorParts(callee);
    if (!sel) return undefined;
    if (sel.operand.type === 'identifier') {
      const path = this.importPathOf(sel.operand);
      const pkg = path !== undefined ? this.file.sdk.get(sel.operand.text) : undefined;
      if (pkg === 'kms' && sel.field === 'EncodeBytes') return args.slice(0, 1);
      if (pkg === 'kms' && sel.field === 'DecodeBytes') return args.slice(1, 2);
      if (path === 'fmt' && /^Sprint(f|ln)?$/.test(sel.field)) return sel.field === 'Sprintf' ? args.slice(1) : args;
      if (path === 'encoding/hex' && /^(EncodeToString|DecodeString|Dump)$/.test(sel.field)) return args.slice(0, 1);
      if ((path === 'strings' || path === 'bytes') && /^(Trim\w*|ToLower|ToUpper|Clone|Join)$/.test(sel.field)) return args.slice(0, 1);
      if ((path === 'log/slog' && /^(String|Any)$/.test(sel.field)) || (path === 'go.uber.org/zap' && /^(String|ByteString|Binary|Any|Stringer)$/.test(sel.field))) return args.slice(1);
    }
    // base64.StdEncoding.EncodeToString(x) and other encodings of the package.
    const encoding = selectorParts(sel.operand);
    if (encoding && encoding.operand.type === 'identifier' && this.importPathOf(encoding.operand) === 'encoding/base64' && /^(EncodeToString|DecodeString)$/.test(sel.field)) return args.slice(0, 1);
    return undefined;
  }

  /** `r.Body` of an `*http.Request` (or of something named like a request), directly or wrapped in a reader. */
  private isRequestBody(reader: SyntaxNode, depth = 0): boolean {
    const e = unparen(reader);
    if (depth > 4) return false;
    const sel = selectorParts(e);
    if (sel && sel.field === 'Body') {
      const owner = unparen(sel.operand);
      if (owner.type === 'selector_expression' && selectorParts(owner)!.field === 'Request') return true;
      if (owner.type !== 'identifier') return false;
      const local = this.localBinding(owner.text, owner);
      if (local?.binding.type) return /(^|\.)Request$/.test(unparen(local.binding.type).text.replace(/^\*/, ''));
      return /^(r|req|request|httpReq|httpRequest)$/.test(owner.text);
    }
    if (e.type === 'call_expression') return callArgs(e).some((a) => this.isRequestBody(a, depth + 1));
    if (e.type === 'identifier') {
      const local = this.localBinding(e.text, e);
      if (!local || local.binding.kind === 'param') return false;
      const v = local.flow.valueAt(local.binding, e);
      return v.kind === 'value' && v.index === 0 && this.isRequestBody(v.expr, depth + 1);
    }
    return false;
  }

  /** `rand.Read(buf)` / `io.ReadFull(rand.Reader, buf)` (crypto/rand) on this binding after it was declared: how, else undefined. */
  private randomFill(flow: FlowTable, binding: Binding): string | undefined {
    for (const call of flow.calls) {
      if (call.startIndex < binding.start || !contains(binding.scope, call)) continue;
      const callee = calleeOf(call);
      const args = callArgs(call);
      const rand = this.packageFunction(callee, ['crypto/rand']);
      const full = this.packageFunction(callee, ['io']);
      let target: SyntaxNode | undefined;
      if (rand?.name === 'Read') target = args[0];
      else if (full?.name === 'ReadFull' && args[0] && this.isCryptoRandReader(args[0])) target = args[1];
      if (!target) continue;
      let t = unparen(target);
      if (t.type === 'slice_expression') t = unparen(t.childForFieldName('operand') ?? t);
      if (t.type === 'identifier' && t.text === binding.name && flow.lookup(t.text, t) === binding) return `${rand ? this.qualifiedName('crypto/rand', 'Read') : 'io.ReadFull(rand.Reader, …)'}(${codeName(target)})`;
    }
    return undefined;
  }

  private isCryptoRandReader(node: SyntaxNode): boolean {
    const sel = selectorParts(unparen(node));
    return !!sel && sel.field === 'Reader' && sel.operand.type === 'identifier' && this.importPathOf(sel.operand) === 'crypto/rand';
  }

  /** The local binding an identifier refers to, if any. */
  bindingOf(ident: SyntaxNode): Binding | undefined {
    return ident.type === 'identifier' ? this.localBinding(ident.text, ident)?.binding : undefined;
  }

  /** The expression a local variable holds at its use (single-valued), with where it was written. */
  heldValue(ident: SyntaxNode): { expr: SyntaxNode; at: SyntaxNode } | { unknown: string } {
    const local = ident.type === 'identifier' ? this.localBinding(ident.text, ident) : undefined;
    if (!local) return { unknown: `\`${codeName(ident)}\` is not a local variable` };
    if (local.binding.kind === 'param' || local.binding.kind === 'range') return { unknown: `\`${ident.text}\` is a ${local.binding.kind === 'param' ? 'parameter' : 'loop variable'}` };
    const v = local.flow.valueAt(local.binding, ident);
    if (v.kind === 'unknown') return { unknown: v.reason };
    if (v.kind === 'none' || v.index !== 0) return { unknown: `\`${ident.text}\` has no single value here` };
    return { expr: v.expr, at: v.at };
  }
}

/** The expression inside a `literal_element` wrapper (keys and values of keyed elements). */
export function literalElementExpr(node: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!node) return undefined;
  return node.type === 'literal_element' ? (namedChildrenOf(node)[0] ?? undefined) : node;
}

/** Func literals under `node` that are not inside another func literal. */
function outermostFuncLiterals(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'func_literal') {
      out.push(n);
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return out;
}
