// Small readers over tree-sitter-go nodes: literals, arguments, enclosing functions, lines.
import type { SyntaxNode } from '../common';

export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** `(x)` → `x`, any depth. */
export function unparen(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount) {
    const inner = n.namedChildren.find((c) => c && c.type !== 'comment');
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** Named children without comments. */
export function namedChildrenOf(node: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
}

/** The argument expressions of a call. */
export function callArgs(call: SyntaxNode): SyntaxNode[] {
  return namedChildrenOf(call.childForFieldName('arguments'));
}

/** `pkg.Name` / `x.f`: operand and field name; undefined for other nodes. */
export function selectorParts(node: SyntaxNode): { operand: SyntaxNode; field: string; fieldNode: SyntaxNode } | undefined {
  if (node.type !== 'selector_expression') return undefined;
  const operand = node.childForFieldName('operand');
  const fieldNode = node.childForFieldName('field');
  return operand && fieldNode ? { operand, field: fieldNode.text, fieldNode } : undefined;
}

/** The function expression of a call, without parentheses. */
export function calleeOf(call: SyntaxNode): SyntaxNode | undefined {
  const fn = call.childForFieldName('function');
  return fn ? unparen(fn) : undefined;
}

/** Expressions of an `expression_list` (or the node itself when it is a single expression). */
export function expressionList(node: SyntaxNode | null | undefined): SyntaxNode[] {
  if (!node) return [];
  return node.type === 'expression_list' ? namedChildrenOf(node) : [node];
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** The escape sequence at `body[at]` (a backslash) of an interpreted string: its value, UTF-8 size and source length. */
export function goEscape(body: string, at: number): { value: string; bytes: number; length: number } {
  const e = body[at + 1];
  if (e === undefined) return { value: '\\', bytes: 1, length: 1 };
  if (e in SIMPLE_ESCAPES) return { value: SIMPLE_ESCAPES[e], bytes: 1, length: 2 };
  if (e === 'x') return { value: String.fromCharCode(parseInt(body.slice(at + 2, at + 4), 16) || 0), bytes: 1, length: 4 };
  if (e >= '0' && e <= '7') return { value: String.fromCharCode(parseInt(body.slice(at + 1, at + 4), 8) || 0), bytes: 1, length: 4 };
  if (e === 'u' || e === 'U') {
    const digits = e === 'u' ? 4 : 8;
    const value = String.fromCodePoint(Math.min(parseInt(body.slice(at + 2, at + 2 + digits), 16) || 0, 0x10ffff));
    return { value, bytes: Buffer.byteLength(value, 'utf8'), length: 2 + digits };
  }
  return { value: e, bytes: 1, length: 2 };
}

/** The value of a Go string literal and its length in bytes (UTF-8), or undefined for other nodes. */
export function stringLiteral(node: SyntaxNode): { value: string; bytes: number } | undefined {
  const text = node.text;
  if (node.type === 'raw_string_literal') {
    // Carriage returns are discarded from raw strings by the Go spec.
    const value = text.slice(1, text.endsWith('`') && text.length > 1 ? -1 : undefined).replace(/\r/g, '');
    return { value, bytes: Buffer.byteLength(value, 'utf8') };
  }
  if (node.type !== 'interpreted_string_literal') return undefined;
  const body = text.slice(1, text.length > 1 && text.endsWith('"') ? -1 : undefined);
  let value = '';
  let bytes = 0;
  for (let i = 0; i < body.length; ) {
    if (body[i] === '\\') {
      const escape = goEscape(body, i);
      value += escape.value;
      bytes += escape.bytes;
      i += escape.length;
      continue;
    }
    const s = String.fromCodePoint(body.codePointAt(i)!);
    value += s;
    bytes += Buffer.byteLength(s, 'utf8');
    i += s.length;
  }
  return { value, bytes };
}

/** The value of a Go integer literal (`90`, `1_000`, `0x10`, `0o17`, `017`, `0b1`). */
export function intLiteral(node: SyntaxNode): number | undefined {
  if (node.type !== 'int_literal') return undefined;
  const t = node.text.replace(/_/g, '').toLowerCase();
  let n: number;
  if (t.startsWith('0x')) n = parseInt(t.slice(2), 16);
  else if (t.startsWith('0b')) n = parseInt(t.slice(2), 2);
  else if (t.startsWith('0o')) n = parseInt(t.slice(2), 8);
  else if (t.length > 1 && t.startsWith('0')) n = parseInt(t.slice(1), 8);
  else n = parseInt(t, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** The nearest function declaration, method or func literal around `node` (not `node` itself). */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

/** Whether `inner` lies within `outer` (or is it). */
export function contains(outer: { startIndex: number; endIndex: number }, inner: { startIndex: number; endIndex: number }): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Whether `node` sits in a `for` statement of its own function (func literals are their own function). */
export function insideLoop(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'for_statement') return true;
    if (FUNCTION_TYPES.has(p.type)) return false;
  }
  return false;
}

/** Leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Whether only whitespace precedes column `character` on `line`. */
export function onlyWhitespaceBefore(line: string, character: number): boolean {
  return line.slice(0, character).trim() === '';
}

/** The values of the last top-level `return` of a function body. */
export function lastReturnValues(fn: SyntaxNode): SyntaxNode[] {
  const list = namedChildrenOf(fn.childForFieldName('body')).find((c) => c.type === 'statement_list');
  const ret = namedChildrenOf(list)
    .filter((s) => s.type === 'return_statement')
    .pop();
  return ret ? expressionList(namedChildrenOf(ret)[0]) : [];
}

/**
 * How reasons, labels and sink names refer to code without quoting any value: identifiers and
 * selectors as written, calls as `f(…)`, literals as `"…"` (a literal may be a secret).
 */
export function codeName(node: SyntaxNode, depth = 0): string {
  const e = unparen(node);
  if (depth > 6) return '…';
  switch (e.type) {
    case 'identifier':
    case 'field_identifier':
    case 'package_identifier':
    case 'type_identifier':
    case 'int_literal':
    case 'true':
    case 'false':
    case 'nil':
      return e.text;
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return '"…"';
    case 'selector_expression': {
      const sel = selectorParts(e);
      return sel ? `${codeName(sel.operand, depth + 1)}.${sel.field}` : '…';
    }
    case 'call_expression': {
      const callee = calleeOf(e);
      return `${callee ? codeName(callee, depth + 1) : '…'}(${callArgs(e).length ? '…' : ''})`;
    }
    case 'unary_expression': {
      const operand = e.childForFieldName('operand');
      return `${e.child(0)?.text ?? ''}${operand ? codeName(operand, depth + 1) : '…'}`;
    }
    case 'index_expression':
    case 'slice_expression': {
      const operand = e.childForFieldName('operand');
      return `${operand ? codeName(operand, depth + 1) : '…'}[…]`;
    }
    case 'composite_literal':
      return `${e.childForFieldName('type')?.text ?? ''}{…}`;
    default:
      return '…';
  }
}
