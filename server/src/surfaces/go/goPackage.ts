// One parsed Go file (imports, SDK aliases) and the package-level facts shared by the files of a
// package (same folder, same package name): constants and variables, and which fields, variables,
// types and functions hold or return an SDK client.
import type { SyntaxNode, Tree } from '../common';
import { CLIENT_ACCESSORS, isThalassaImport, sdkPackageOf, SELF_PACKAGE_METHODS, type ClientKind, type SdkPackage } from './goSdk';
import { callsKmsAccessor as callsKmsAccessorQuery } from './goQueries';
import { calleeOf, expressionList, namedChildrenOf, selectorParts, stringLiteral, unparen } from './goSyntax';

export interface GoFileInfo {
  path: string;
  text: string;
  lines: string[];
  tree: Tree;
  root: SyntaxNode;
  /** Undefined for a fragment without `package` clause (a Markdown snippet). */
  packageName?: string;
  /** Import alias (written or the path's default name) → import path. */
  imports: Map<string, string>;
  /** Import alias → SDK package, for the SDK packages imported. */
  sdk: Map<string, SdkPackage>;
  /** Imports Thalassa Cloud code (the SDK or a wrapper of it). */
  usesSdk: boolean;
  /** Calls `X.KMS()`, the facade's accessor, which needs no import of the kms package. */
  callsKmsAccessor: boolean;
  /** For code embedded in another file (a Markdown fence): the scope its host gives it. */
  embeddedScope?: string;
}

/** Text written into a file uses its line endings. */
export function inFileEol(file: GoFileInfo, text: string): string {
  return file.text.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** `github.com/a/b/v2` → `b`, `gopkg.in/yaml.v3` → `yaml`: the name a package is referred to by without alias. */
export function defaultImportName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1] ?? importPath;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '');
}

export function readFileInfo(path: string, text: string, tree: Tree): GoFileInfo {
  const root = tree.rootNode;
  const imports = new Map<string, string>();
  const sdk = new Map<string, SdkPackage>();
  let packageName: string | undefined;
  let usesSdk = false;
  for (const top of namedChildrenOf(root)) {
    if (top.type === 'package_clause') packageName = namedChildrenOf(top)[0]?.text;
    if (top.type !== 'import_declaration') continue;
    for (const spec of top.descendantsOfType('import_spec')) {
      if (!spec) continue;
      const pathNode = spec.childForFieldName('path');
      const importPath = pathNode ? stringLiteral(pathNode)?.value : undefined;
      if (!importPath) continue;
      usesSdk ||= isThalassaImport(importPath);
      const alias = spec.childForFieldName('name')?.text ?? defaultImportName(importPath);
      // Blank and dot imports bring no name into scope that we could follow.
      if (alias === '_' || alias === '.') continue;
      imports.set(alias, importPath);
      const pkg = sdkPackageOf(importPath);
      if (pkg) sdk.set(alias, pkg);
    }
  }
  // Only needed when nothing else ties the file to the SDK; the query decides, the text check
  // skips files that cannot contain the name at all.
  const callsKmsAccessor = !usesSdk && text.includes('KMS') && callsKmsAccessorQuery(root);
  return { path, text, lines: text.split('\n'), tree, root, packageName, imports, sdk, usesSdk, callsKmsAccessor };
}

/** A package-level `const` or `var` spec entry. */
export interface PackageValue {
  name: string;
  kind: 'const' | 'var';
  nameNode: SyntaxNode;
  spec: SyntaxNode;
  value?: SyntaxNode;
  /** Index in a multi-value initializer of a single call (`var a, b = f()`). */
  index: number;
  type?: SyntaxNode;
  file: GoFileInfo;
}

export class GoPackage {
  readonly values = new Map<string, PackageValue>();
  /** Struct field name → client kind; null when the same name has another type elsewhere. */
  readonly clientFields = new Map<string, ClientKind | null>();
  /** Struct types that embed a client (its methods are promoted). */
  readonly clientStructs = new Map<string, ClientKind>();
  /** Functions and methods whose first result is a client. */
  readonly clientFuncs = new Map<string, ClientKind>();
  /** Types declared in the package (`type Region string`): a call of one is a conversion. */
  readonly typeNames = new Set<string>();
  /** Package-level functions (not methods). */
  readonly funcNames = new Set<string>();
  private written?: Set<string>;
  /**
   * Set when this is the SDK's own kms/secrets/dns package (its source or in-package tests): there
   * `Client`, `New` and the request types are written without package name.
   */
  readonly selfKind?: ClientKind;

  constructor(readonly files: GoFileInfo[]) {
    this.selfKind = selfKindOf(files);
    // Types first: fields and variables typed with a struct embedding a client depend on `clientStructs`.
    const typeSpecs = files.flatMap((file) =>
      namedChildrenOf(file.root)
        .filter((top) => top.type === 'type_declaration')
        .flatMap((decl) => namedChildrenOf(decl).filter((s) => s.type === 'type_spec' || s.type === 'type_alias'))
        .map((spec) => ({ file, spec })),
    );
    for (const { file, spec } of typeSpecs) this.readEmbeddedClients(file, spec);
    for (const { file, spec } of typeSpecs) this.readFields(file, spec);
    for (const file of files) {
      for (const top of namedChildrenOf(file.root)) {
        if (top.type === 'const_declaration' || top.type === 'var_declaration') this.readValues(file, top);
        else if (top.type === 'function_declaration' || top.type === 'method_declaration') this.readFunction(file, top);
      }
    }
  }

  /** Whether a package-level name is taken (function, type, constant or variable). */
  declares(name: string): boolean {
    return this.funcNames.has(name) || this.typeNames.has(name) || this.values.has(name);
  }

  /** Whether the package has anything typed as a client, so files without SDK imports can still call it. */
  get holdsClients(): boolean {
    return (
      [...this.clientFields.values()].some((k) => k) ||
      this.clientStructs.size > 0 ||
      this.clientFuncs.size > 0 ||
      [...this.values.values()].some((v) => !!this.clientKindOfValue(v))
    );
  }

  /** The client a package variable holds, from its type or initializer. */
  clientKindOfValue(v: PackageValue): ClientKind | undefined {
    if (v.kind !== 'var') return undefined;
    if (v.type) return this.clientKindOfType(v.type, v.file);
    return v.value ? this.clientKindOfInitializer(v.value, v.index, v.file) : undefined;
  }

  /** The client a type denotes: `*kms.Client`, `secrets.Client` (any alias), or a struct embedding one. */
  clientKindOfType(type: SyntaxNode, file: GoFileInfo): ClientKind | undefined {
    let t = unparen(type);
    while (t.type === 'pointer_type' || t.type === 'parenthesized_type') {
      const inner = namedChildrenOf(t)[0];
      if (!inner) return undefined;
      t = inner;
    }
    if (t.type === 'qualified_type') {
      const pkg = file.sdk.get(t.childForFieldName('package')?.text ?? '');
      const name = t.childForFieldName('name')?.text;
      return name === 'Client' && (pkg === 'kms' || pkg === 'secrets' || pkg === 'dns') ? pkg : undefined;
    }
    if (t.type === 'type_identifier') return t.text === 'Client' && this.selfKind ? this.selfKind : this.clientStructs.get(t.text);
    return undefined;
  }

  /** A package-level initializer that produces a client: `kms.New(…)` or `tc.KMS()`. */
  clientKindOfInitializer(value: SyntaxNode, index: number, file: GoFileInfo): ClientKind | undefined {
    const v = unparen(value);
    if (v.type !== 'call_expression') return undefined;
    const callee = calleeOf(v);
    const sel = callee && selectorParts(callee);
    if (!sel || !callee) return undefined;
    if (index === 0 && sel.field === 'New' && sel.operand.type === 'identifier') {
      const pkg = file.sdk.get(sel.operand.text);
      if (pkg === 'kms' || pkg === 'secrets' || pkg === 'dns') return pkg;
    }
    if (index === 0 && CLIENT_ACCESSORS[sel.field] && !namedChildrenOf(v.childForFieldName('arguments')).length) return CLIENT_ACCESSORS[sel.field];
    return undefined;
  }

  private readEmbeddedClients(file: GoFileInfo, spec: SyntaxNode): void {
    const name = spec.childForFieldName('name')?.text;
    const type = spec.childForFieldName('type');
    if (!name || !type) return;
    this.typeNames.add(name);
    if (type.type !== 'struct_type') return;
    for (const field of structFields(type)) {
      const fieldType = field.childForFieldName('type');
      const kind = fieldType && !field.childForFieldName('name') ? this.clientKindOfType(fieldType, file) : undefined;
      if (kind) this.clientStructs.set(name, kind);
    }
  }

  private readFields(file: GoFileInfo, spec: SyntaxNode): void {
    const type = spec.childForFieldName('type');
    if (type?.type !== 'struct_type') return;
    for (const field of structFields(type)) {
      const fieldType = field.childForFieldName('type');
      if (!fieldType) continue;
      const kind = this.clientKindOfType(fieldType, file);
      const names = field.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
      // An embedded field is named after its type.
      if (!names.length) this.noteField(unparen(fieldType).text.replace(/^\*/, '').split('.').pop()!, kind);
      for (const n of names) this.noteField(n.text, kind);
    }
  }

  private noteField(name: string, kind: ClientKind | undefined): void {
    if (!this.clientFields.has(name)) this.clientFields.set(name, kind ?? null);
    else if (this.clientFields.get(name) !== kind) this.clientFields.set(name, null);
  }

  private readValues(file: GoFileInfo, decl: SyntaxNode): void {
    const kind = decl.type === 'const_declaration' ? 'const' : 'var';
    const specs = decl.descendantsOfType(kind === 'const' ? 'const_spec' : 'var_spec').filter((s): s is SyntaxNode => !!s);
    for (const spec of specs) {
      const names = spec.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
      const values = expressionList(spec.childForFieldName('value'));
      const type = spec.childForFieldName('type') ?? undefined;
      names.forEach((nameNode, i) => {
        if (nameNode.text === '_') return;
        const single = values.length === 1 && names.length > 1;
        this.values.set(nameNode.text, { name: nameNode.text, kind, nameNode, spec, value: single ? values[0] : values[i], index: single ? i : 0, type, file });
      });
    }
  }

  private readFunction(file: GoFileInfo, fn: SyntaxNode): void {
    const name = fn.childForFieldName('name')?.text;
    if (name && fn.type === 'function_declaration') this.funcNames.add(name);
    const result = fn.childForFieldName('result');
    if (!name || !result) return;
    const first = result.type === 'parameter_list' ? namedChildrenOf(result)[0]?.childForFieldName('type') : result;
    const kind = first ? this.clientKindOfType(first, file) : undefined;
    if (kind) this.clientFuncs.set(name, kind);
  }

  /** Package variables written somewhere (assigned, incremented, address taken): their initializer does not decide. */
  get writtenVars(): Set<string> {
    if (this.written) return this.written;
    this.written = new Set();
    for (const file of this.files) {
      for (const node of file.root.descendantsOfType(['assignment_statement', 'inc_statement', 'dec_statement', 'unary_expression'])) {
        if (!node) continue;
        let targets: SyntaxNode[];
        if (node.type === 'assignment_statement') targets = expressionList(node.childForFieldName('left'));
        else if (node.type === 'unary_expression') targets = node.child(0)?.text === '&' ? [node.childForFieldName('operand')].filter((n): n is SyntaxNode => !!n) : [];
        else targets = namedChildrenOf(node);
        for (const t of targets) {
          const target = unparen(t);
          if (target.type === 'identifier') this.written.add(target.text);
        }
      }
    }
    return this.written;
  }

}

function structFields(struct: SyntaxNode): SyntaxNode[] {
  return struct.descendantsOfType('field_declaration').filter((f): f is SyntaxNode => !!f);
}

/** The SDK package these files are, when their package name is one and they declare its client methods. */
function selfKindOf(files: GoFileInfo[]): ClientKind | undefined {
  const name = files[0]?.packageName;
  if (name !== 'kms' && name !== 'secrets' && name !== 'dns') return undefined;
  const methods = new Set(SELF_PACKAGE_METHODS[name]);
  for (const file of files) {
    for (const top of namedChildrenOf(file.root)) {
      if (top.type !== 'method_declaration' || !methods.has(top.childForFieldName('name')?.text ?? '')) continue;
      if (receiverTypeName(top) === 'Client') return name;
    }
  }
  return undefined;
}

/** `func (c *Client) M()` → `Client`. */
export function receiverTypeName(method: SyntaxNode): string | undefined {
  const type = namedChildrenOf(method.childForFieldName('receiver'))[0]?.childForFieldName('type');
  return type ? type.text.replace(/^\*/, '').replace(/\[.*$/, '') : undefined;
}
