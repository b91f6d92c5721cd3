// Local names inside one top-level function (with its func literals): parameters, `:=`, `var`,
// `const`, range variables, and every later write to them. Values follow simple linear flow: the
// last write before a use that is on every path to it decides; a write in a branch that does not
// contain the use makes the value unknown.
import type { SyntaxNode } from '../common';
import { callArgs, contains, expressionList, FUNCTION_TYPES, namedChildrenOf, unparen } from './goSyntax';

/** Where a name is visible: only the offsets matter. */
export interface Span {
  startIndex: number;
  endIndex: number;
}

function spanOf(node: SyntaxNode): Span {
  return { startIndex: node.startIndex, endIndex: node.endIndex };
}

/** Nodes the walk reads. */
const VISITED_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal', 'short_var_declaration', 'var_spec', 'const_spec', 'range_clause', 'assignment_statement', 'inc_statement', 'dec_statement', 'call_expression']);

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
  scope: Span;
  /** Offset from which the name is visible. */
  start: number;
}

/** A later write to a binding (`x = …`, `x++`, `&x` passed to a call): `value` absent when not an assignment of one expression. */
export interface Write {
  binding: Binding;
  stmt: SyntaxNode;
  value?: SyntaxNode;
  index: number;
  container: Span;
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

  /**
   * Depth first in source order with a tree cursor, carrying each node's nearest enclosing scope:
   * only the nodes that declare, write or call are turned into node objects (each node object
   * costs a trip into the parser's memory).
   */
  private walk(): void {
    const fragment = this.root.type === 'source_file';
    const rootSpan = spanOf(this.root);
    this.visit(this.root, rootSpan);
    const cursor = this.root.walk();
    try {
      if (!cursor.gotoFirstChild()) return;
      /** containers[d]: the scope of the nodes at depth d + 1. */
      const containers: Span[] = [rootSpan];
      for (;;) {
        const type = cursor.nodeType;
        const depth = containers.length;
        const skip =
          (type !== 'func_literal' && FUNCTION_TYPES.has(type)) ||
          // A fragment's declarations are package-level (GoPackage reads them).
          (fragment && depth === 1 && type.endsWith('declaration') && type !== 'short_var_declaration');
        if (!skip && cursor.nodeIsNamed) {
          if (VISITED_TYPES.has(type)) this.visit(cursor.currentNode, containers[depth - 1]);
          const span = SCOPE_TYPES.has(type) ? { startIndex: cursor.startIndex, endIndex: cursor.endIndex } : containers[depth - 1];
          if (cursor.gotoFirstChild()) {
            containers.push(span);
            continue;
          }
        }
        while (!cursor.gotoNextSibling()) {
          if (containers.length === 1 || !cursor.gotoParent()) return;
          containers.pop();
        }
      }
    } finally {
      cursor.delete();
      this.calls.sort((a, b) => a.startIndex - b.startIndex);
    }
  }

  private visit(node: SyntaxNode, container: Span): void {
    switch (node.type) {
      case 'function_declaration':
      case 'method_declaration':
      case 'func_literal':
        this.readParameters(node);
        break;
      case 'short_var_declaration':
        this.readDeclaration(node, container, 'var', expressionList(node.childForFieldName('left')), expressionList(node.childForFieldName('right')));
        break;
      case 'var_spec':
      case 'const_spec': {
        const names = node.childrenForFieldName('name').filter((n): n is SyntaxNode => !!n);
        this.readDeclaration(node, container, node.type === 'var_spec' ? 'var' : 'const', names, expressionList(node.childForFieldName('value')), node.childForFieldName('type') ?? undefined);
        break;
      }
      case 'range_clause':
        this.readRange(node, container);
        break;
      case 'assignment_statement':
        this.readAssignment(node, container);
        break;
      case 'inc_statement':
      case 'dec_statement':
        for (const t of namedChildrenOf(node)) this.noteWrite(t, node, container);
        break;
      case 'call_expression':
        this.calls.push(node);
        // `&x` handed to a call may be written through (json.Unmarshal(b, &x)).
        for (const arg of callArgs(node)) {
          const operand = arg.type === 'unary_expression' && arg.child(0)?.text === '&' ? arg.childForFieldName('operand') : undefined;
          if (operand) this.noteWrite(operand, node, container);
        }
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

  private readDeclaration(decl: SyntaxNode, scope: Span, kind: 'var' | 'const', names: SyntaxNode[], values: SyntaxNode[], type?: SyntaxNode): void {
    const single = values.length === 1 && names.length > 1;
    names.forEach((nameNode, i) => {
      if (nameNode.type !== 'identifier') return;
      this.add({ name: nameNode.text, kind, nameNode, decl, type, value: single ? values[0] : values[i], index: single ? i : 0, scope, start: decl.endIndex });
    });
  }

  /** `container` is the for statement: range variables live in it. */
  private readRange(clause: SyntaxNode, container: Span): void {
    const left = expressionList(clause.childForFieldName('left'));
    const right = clause.childForFieldName('right') ?? undefined;
    const declares = clause.children.some((c) => c?.type === ':=');
    left.forEach((nameNode, i) => {
      if (declares && nameNode.type === 'identifier') this.add({ name: nameNode.text, kind: 'range', nameNode, decl: clause, value: right, index: i, scope: container, start: clause.endIndex });
      else this.noteWrite(nameNode, clause, container);
    });
  }

  private readAssignment(stmt: SyntaxNode, container: Span): void {
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
          list.push({ binding: b, stmt, value, index, container, offset: stmt.endIndex, field, target: t });
          this.fieldWrites.set(b, list);
        }
        return;
      }
      this.noteWrite(t, stmt, container, value, index);
    });
  }

  private noteWrite(target: SyntaxNode, stmt: SyntaxNode, container: Span, value?: SyntaxNode, index = 0): void {
    const t = unparen(target);
    if (t.type !== 'identifier') return;
    const b = this.lookup(t.text, stmt);
    if (!b) return;
    const list = this.writes.get(b) ?? [];
    list.push({ binding: b, stmt, value, index, container, offset: stmt.endIndex });
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
