// Local names inside one top-level function (with its func literals): parameters, `:=`, `var`,
// `const`, range variables, and every later write to them. Values follow simple linear flow: the
// last write before a use that is on every path to it decides; a write in a branch that does not
// contain the use makes the value unknown.
import type { SyntaxNode } from '../common';
import { contains, expressionList, FUNCTION_TYPES, namedChildrenOf, unparen } from './goSyntax';

const SCOPE_TYPES = new Set([
  'source_file',
  'function_declaration',
  'method_declaration',
  'func_literal',
  'block',
  'if_statement',
  'for_statement',
  'expression_switch_statement',
  'type_switch_statement',
  'select_statement',
  'expression_case',
  'default_case',
  'type_case',
  'communication_case',
]);

export interface Binding {
  name: string;
  kind: 'param' | 'var' | 'const' | 'range';
  nameNode: SyntaxNode;
  /** The declaring statement, spec or parameter. */
  decl: SyntaxNode;
  type?: SyntaxNode;
  value?: SyntaxNode;
  /** Which result of a multi-value initializer (`a, err := f()` → 0 for `a`); for range variables 0 = key, 1 = value. */
  index: number;
  /** Where the name is visible. */
  scope: SyntaxNode;
  /** Offset from which the name is visible. */
  start: number;
}

/** A later write to a binding (`x = …`, `x++`, `&x` passed to a call): `value` absent when not an assignment of one expression. */
export interface Write {
  binding: Binding;
  stmt: SyntaxNode;
  value?: SyntaxNode;
  index: number;
  container: SyntaxNode;
  /** Offset after which the write has happened. */
  offset: number;
}

/** `x.Field = value` on a local struct variable. */
export interface FieldWrite extends Write {
  field: string;
  target: SyntaxNode;
}

export type ValueAt =
  | { kind: 'value'; expr: SyntaxNode; index: number; at: SyntaxNode }
  | { kind: 'none'; binding: Binding }
  | { kind: 'unknown'; reason: string };

function containerOf(node: SyntaxNode): SyntaxNode {
  for (let p = node.parent; p; p = p.parent) if (SCOPE_TYPES.has(p.type)) return p;
  return node;
}

export class FlowTable {
  private readonly byName = new Map<string, Binding[]>();
  private readonly writes = new Map<Binding, Write[]>();
  private readonly fieldWrites = new Map<Binding, FieldWrite[]>();
  /** Every call in the function, in source order (nested func literals included). */
  readonly calls: SyntaxNode[] = [];

  /** `root`: a function or method declaration, or a source file whose top-level statements form a fragment. */
  constructor(readonly root: SyntaxNode) {
    this.walk();
  }

  private add(b: Binding): void {
    if (b.name === '_') return;
    const list = this.byName.get(b.name) ?? [];
    list.push(b);
    this.byName.set(b.name, list);
  }

  private walk(): void {
    const stack: SyntaxNode[] = [this.root];
    while (stack.length) {
      const node = stack.pop()!;
      if (node !== this.root && node.type !== 'func_literal' && FUNCTION_TYPES.has(node.type)) continue;
      // A fragment's declarations are package-level (GoPackage reads them).
      if (this.root.type === 'source_file' && node.parent?.type === 'source_file' && /declaration$/.test(node.type) && node.type !== 'short_var_declaration') continue;
      this.visit(node);
      const children = node.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        if (c) stack.push(c);
      }
    }
    this.calls.sort((a, b) => a.startIndex - b.startIndex);
  }

  private visit(node: SyntaxNode): void {
    switch (node.type) {
      case 'function_declaration':
      case 'method_declaration':
      case 'func_literal':
        this.readParameters(node);
        break;
      case 'short_var_declaration':
        this.readDeclaration(node, 'var', expressionList(node.childForFieldName('left')), expressionList(node.childForFieldName('right')));
        break;
      case 'var_spec':
      case 'const_spec': {
        const names = node.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
        this.readDeclaration(node, node.type === 'var_spec' ? 'var' : 'const', names, expressionList(node.childForFieldName('value')), node.childForFieldName('type') ?? undefined);
        break;
      }
      case 'range_clause':
        this.readRange(node);
        break;
      case 'assignment_statement':
        this.readAssignment(node);
        break;
      case 'inc_statement':
      case 'dec_statement':
        for (const t of namedChildrenOf(node)) this.noteWrite(t, node);
        break;
      case 'unary_expression':
        // `&x` handed to a call may be written through (json.Unmarshal(b, &x)).
        if (node.child(0)?.text === '&' && node.parent?.type === 'argument_list') {
          const operand = node.childForFieldName('operand');
          const call = node.parent.parent;
          if (operand && call) this.noteWrite(operand, call);
        }
        break;
      case 'call_expression':
        this.calls.push(node);
        break;
    }
  }

  private readParameters(fn: SyntaxNode): void {
    for (const field of ['receiver', 'parameters', 'result']) {
      const list = fn.childForFieldName(field);
      if (list?.type !== 'parameter_list') continue;
      for (const param of namedChildrenOf(list)) {
        const type = param.childForFieldName('type') ?? undefined;
        for (const nameNode of param.childrenForFieldName('name')) {
          if (nameNode) this.add({ name: nameNode.text, kind: 'param', nameNode, decl: param, type, index: 0, scope: fn, start: fn.startIndex });
        }
      }
    }
  }

  private readDeclaration(decl: SyntaxNode, kind: 'var' | 'const', names: SyntaxNode[], values: SyntaxNode[], type?: SyntaxNode): void {
    const scope = containerOf(decl);
    const single = values.length === 1 && names.length > 1;
    names.forEach((nameNode, i) => {
      if (nameNode.type !== 'identifier') return;
      this.add({ name: nameNode.text, kind, nameNode, decl, type, value: single ? values[0] : values[i], index: single ? i : 0, scope, start: decl.endIndex });
    });
  }

  private readRange(clause: SyntaxNode): void {
    const left = expressionList(clause.childForFieldName('left'));
    const right = clause.childForFieldName('right') ?? undefined;
    const declares = clause.children.some((c) => c?.type === ':=');
    const loop = clause.parent ?? clause;
    left.forEach((nameNode, i) => {
      if (declares && nameNode.type === 'identifier') this.add({ name: nameNode.text, kind: 'range', nameNode, decl: clause, value: right, index: i, scope: loop, start: clause.endIndex });
      else this.noteWrite(nameNode, clause);
    });
  }

  private readAssignment(stmt: SyntaxNode): void {
    const left = expressionList(stmt.childForFieldName('left'));
    const right = expressionList(stmt.childForFieldName('right'));
    const plain = stmt.childForFieldName('operator')?.text === '=';
    const single = right.length === 1 && left.length > 1;
    left.forEach((target, i) => {
      const value = plain ? (single ? right[0] : right[i]) : undefined;
      const index = single ? i : 0;
      const t = unparen(target);
      if (t.type === 'selector_expression') {
        const operand = t.childForFieldName('operand');
        const field = t.childForFieldName('field')?.text;
        const b = operand && operand.type === 'identifier' ? this.lookup(operand.text, stmt) : undefined;
        if (b && field) {
          const list = this.fieldWrites.get(b) ?? [];
          list.push({ binding: b, stmt, value, index, container: containerOf(stmt), offset: stmt.endIndex, field, target: t });
          this.fieldWrites.set(b, list);
        }
        return;
      }
      this.noteWrite(t, stmt, value, index);
    });
  }

  private noteWrite(target: SyntaxNode, stmt: SyntaxNode, value?: SyntaxNode, index = 0): void {
    const t = unparen(target);
    if (t.type !== 'identifier') return;
    const b = this.lookup(t.text, stmt);
    if (!b) return;
    const list = this.writes.get(b) ?? [];
    list.push({ binding: b, stmt, value, index, container: containerOf(stmt), offset: stmt.endIndex });
    this.writes.set(b, list);
  }

  /** The local binding a name refers to at `at`, or undefined (package level or builtin). */
  lookup(name: string, at: SyntaxNode): Binding | undefined {
    let best: Binding | undefined;
    for (const b of this.byName.get(name) ?? []) {
      if (!contains(b.scope, at) || b.start > at.startIndex) continue;
      // Innermost scope wins; in the same scope the latest declaration (`:=` redeclares).
      if (!best || b.scope.startIndex > best.scope.startIndex || (b.scope.startIndex === best.scope.startIndex && (b.scope.endIndex < best.scope.endIndex || (b.scope.endIndex === best.scope.endIndex && b.start > best.start)))) best = b;
    }
    return best;
  }

  /** What a binding holds at `at`. */
  valueAt(b: Binding, at: SyntaxNode): ValueAt {
    const before = (this.writes.get(b) ?? []).filter((w) => w.offset <= at.startIndex);
    let decided: { expr?: SyntaxNode; index: number; at: SyntaxNode; offset: number } = { expr: b.value, index: b.index, at: b.decl, offset: b.start };
    for (const w of before) if (contains(w.container, at) && w.offset >= decided.offset) decided = { expr: w.value, index: w.index, at: w.stmt, offset: w.offset };
    if (before.some((w) => w.offset > decided.offset && !contains(w.container, at))) return { kind: 'unknown', reason: `\`${b.name}\` is reassigned in a branch` };
    if (decided.at !== b.decl && !decided.expr) return { kind: 'unknown', reason: `\`${b.name}\` is modified before this use` };
    if (!decided.expr) return { kind: 'none', binding: b };
    return { kind: 'value', expr: decided.expr, index: decided.index, at: decided.at };
  }

  /**
   * Field writes (`req.ExportAllowed = true`) to a struct variable that happen between its
   * declaration and `at`, the last one per field; `unknown` when a field is written in a branch.
   */
  fieldWritesBefore(b: Binding, at: SyntaxNode): Map<string, FieldWrite | { unknown: string }> {
    const out = new Map<string, FieldWrite | { unknown: string }>();
    for (const w of this.fieldWrites.get(b) ?? []) {
      if (w.offset > at.startIndex || w.offset < b.start) continue;
      if (!contains(w.container, at)) out.set(w.field, { unknown: `\`${b.name}.${w.field}\` is set in a branch` });
      else out.set(w.field, w);
    }
    return out;
  }
}
