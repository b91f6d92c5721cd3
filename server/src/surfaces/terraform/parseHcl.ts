// HCL native syntax (.tf, .tofu, .tfvars) → our HCL tree, through the tree-sitter `terraform`
// grammar. tree-sitter puts everything after an unclosed block into one ERROR node, so a file
// with errors is parsed again one top-level block at a time: a half-typed block then only
// loses itself, not the blocks after it.
import type { Parser, Tree } from 'web-tree-sitter';
import type { Comment } from '../../engine/types';
import { LineIndex } from '../common';
import type { AccessStep, Attribute, Block, BlockInsertion, Body, Expr, HclFile, Label, ObjectItem, Span } from './hclAst';

/** A top-level block header at the start of a line: `resource "type" "name" {`. */
const BLOCK_HEADER = /^[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/;
/** A top-level attribute at the start of a line (`.tfvars`): `name =`, not `name ==`. */
const ATTRIBUTE_START = /^[A-Za-z_][\w-]*[ \t]*=(?!=)/;

export function parseNative(parser: Parser, file: string, text: string, kind: 'config' | 'vars'): HclFile {
  const whole = parseChunk(parser, file, text, 0, 0);
  if (!whole.hasError) return { path: file, syntax: 'native', body: whole.body, comments: whole.comments, recovered: false };
  const chunks = splitTopLevel(text, kind === 'config' ? BLOCK_HEADER : ATTRIBUTE_START);
  if (chunks.length < 2) return { path: file, syntax: 'native', body: whole.body, comments: whole.comments, recovered: true };
  const body: Body = { attributes: [], blocks: [] };
  const comments: Comment[] = [];
  for (const chunk of chunks) {
    const part = parseChunk(parser, file, text.slice(chunk.start, chunk.end), chunk.line, chunk.start);
    body.attributes.push(...part.body.attributes);
    body.blocks.push(...part.body.blocks);
    comments.push(...part.comments);
  }
  return { path: file, syntax: 'native', body, comments, recovered: true };
}

interface Chunk {
  start: number;
  end: number;
  line: number;
}

/** Cut the text before every line that starts a top-level construct (each chunk starts at a line start). */
function splitTopLevel(text: string, startsConstruct: RegExp): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { start: 0, end: 0, line: 0 };
  let offset = 0;
  let line = 0;
  while (offset < text.length) {
    const next = text.indexOf('\n', offset);
    const lineEnd = next < 0 ? text.length : next;
    if (offset > current.start && startsConstruct.test(text.slice(offset, lineEnd))) {
      chunks.push({ ...current, end: offset });
      current = { start: offset, end: offset, line };
    }
    offset = next < 0 ? text.length : next + 1;
    line++;
  }
  chunks.push({ ...current, end: text.length });
  return chunks;
}

function parseChunk(parser: Parser, file: string, text: string, lineShift: number, offsetShift: number): { body: Body; comments: Comment[]; hasError: boolean } {
  const tree = parser.parse(text);
  if (!tree) return { body: { attributes: [], blocks: [] }, comments: [], hasError: true };
  let root: SyntaxNode;
  const comments: SyntaxNode[] = [];
  try {
    root = copyTree(tree, comments);
  } finally {
    tree.delete();
  }
  const converter = new Converter(file, text, new LineIndex(text), lineShift, offsetShift);
  let body: Body = { attributes: [], blocks: [] };
  for (const child of named(root)) {
    if (child.type === 'body') body = converter.body(child);
    else if (child.type === 'object') body = converter.objectAsBody(child);
  }
  const commentFacts = comments.map((n) => {
    const span = converter.span(n);
    return { loc: { file: span.file, range: span.range }, text: text.slice(n.startIndex, n.endIndex) };
  });
  return { body, comments: commentFacts, hasError: root.hasError };
}

/**
 * The parse tree as plain objects, read once with a cursor: each property read of a
 * web-tree-sitter Node is a call into wasm, and the converter reads many.
 */
interface SyntaxNode {
  type: string;
  isNamed: boolean;
  isMissing: boolean;
  hasError: boolean;
  startIndex: number;
  endIndex: number;
  children: SyntaxNode[];
}

interface NodeKind {
  type: string;
  isNamed: boolean;
}

function copyTree(tree: Tree, comments: SyntaxNode[]): SyntaxNode {
  const kinds = new Map<number, NodeKind>();
  const language = tree.language;
  const cursor = tree.walk();
  try {
    // Three reads per node (type id, start, end); positions are computed from the offsets.
    const read = (): SyntaxNode => {
      const typeId = cursor.nodeTypeId;
      let kind = kinds.get(typeId);
      if (!kind) {
        kind = { type: language.nodeTypeForId(typeId) ?? 'ERROR', isNamed: language.nodeTypeIsNamed(typeId) };
        kinds.set(typeId, kind);
      }
      const startIndex = cursor.startIndex;
      const endIndex = cursor.endIndex;
      // Only zero-width nodes can be MISSING: ask tree-sitter just for those.
      const isMissing = startIndex === endIndex && cursor.nodeIsMissing;
      const type = kind.type;
      return {
        type,
        isNamed: kind.isNamed,
        isMissing,
        hasError: type === 'ERROR' || isMissing,
        startIndex,
        endIndex,
        children: [],
      };
    };
    const root = read();
    // Iterative walk: deeply nested input must not exhaust the stack here.
    const stack: SyntaxNode[] = [root];
    let descending = cursor.gotoFirstChild();
    while (stack.length) {
      if (descending) {
        const node = read();
        if (node.type === 'comment') comments.push(node);
        stack[stack.length - 1].children.push(node);
        stack.push(node);
        descending = cursor.gotoFirstChild();
        continue;
      }
      const done = stack.pop()!;
      const parent = stack[stack.length - 1];
      if (parent && done.hasError) parent.hasError = true;
      if (!parent) break;
      if (cursor.gotoNextSibling()) descending = true;
      else cursor.gotoParent();
    }
    return root;
  } finally {
    cursor.delete();
  }
}

function named(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c) => c.isNamed);
}


class Converter {
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly lineShift: number,
    private readonly offsetShift: number,
  ) {}

  span(node: SyntaxNode): Span {
    return this.spanAt(node.startIndex, node.endIndex);
  }

  private spanOf(start: number, end: number, startRow: number, startCol: number, endRow: number, endCol: number): Span {
    return {
      file: this.file,
      range: { start: { line: startRow + this.lineShift, character: startCol }, end: { line: endRow + this.lineShift, character: endCol } },
      start: start + this.offsetShift,
      end: end + this.offsetShift,
    };
  }

  /** A span between two chunk offsets. */
  private spanAt(start: number, end: number): Span {
    const a = this.position(start);
    const b = this.position(end);
    return this.spanOf(start, end, a.row, a.column, b.row, b.column);
  }

  private position(offset: number): { row: number; column: number } {
    const pos = this.lines.pos(offset);
    return { row: pos.line, column: pos.character };
  }

  private row(offset: number): number {
    return this.lines.pos(offset).line;
  }

  /** The file's line break, so inserted lines match (`\r\n` on Windows checkouts). */
  private get eol(): string {
    const first = this.text.indexOf('\n');
    return first > 0 && this.text[first - 1] === '\r' ? '\r\n' : '\n';
  }

  private textOf(node: SyntaxNode): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  private lineStart(row: number): number {
    return this.lines.lineStart(row)!;
  }

  private lineEnd(row: number): number {
    const next = this.lines.lineStart(row + 1);
    if (next === undefined) return this.text.length;
    return this.text[next - 2] === '\r' ? next - 2 : next - 1;
  }

  body(node: SyntaxNode): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const child of named(node)) {
      if (child.type === 'attribute') {
        const attr = this.attribute(child);
        if (attr) body.attributes.push(attr);
      } else if (child.type === 'block') {
        const block = this.block(child);
        if (block) body.blocks.push(block);
      }
    }
    return body;
  }

  /** A `.tfvars` file written as one object (`{ a = 1 }`): its items are the attributes. */
  objectAsBody(node: SyntaxNode): Body {
    const object = this.term(node);
    const attributes: Attribute[] = [];
    if (object.kind === 'object') {
      for (const item of object.items) {
        if (item.key.kind === 'literal' && typeof item.key.value === 'string') {
          attributes.push({ name: item.key.value, nameSpan: item.key.span, expr: item.value, span: item.span });
        }
      }
    }
    return { attributes, blocks: [] };
  }

  private attribute(node: SyntaxNode): Attribute | undefined {
    const name = named(node).find((c) => c.type === 'identifier');
    const value = named(node).find((c) => c.type === 'expression');
    if (!name || !value) return undefined;
    const span = this.span(node);
    return { name: this.textOf(name), nameSpan: this.span(name), expr: this.expression(value), span, removeSpan: this.wholeLines(node) };
  }

  /** The node's lines including the final line break, when only whitespace or a trailing comment shares them. */
  private wholeLines(node: SyntaxNode): Span | undefined {
    const startRow = this.row(node.startIndex);
    const endRow = this.row(node.endIndex);
    const before = this.text.slice(this.lineStart(startRow), node.startIndex);
    const after = this.text.slice(node.endIndex, this.lineEnd(endRow)).trim();
    if (before.trim() !== '' || (after !== '' && !/^(#|\/\/|\/\*)/.test(after))) return undefined;
    const nextStart = this.lines.lineStart(endRow + 1);
    if (nextStart === undefined) return this.spanAt(this.lineStart(startRow), this.text.length);
    return this.spanOf(this.lineStart(startRow), nextStart, startRow, 0, endRow + 1, 0);
  }

  private block(node: SyntaxNode): Block | undefined {
    const children = node.children;
    const typeNode = children[0];
    if (!typeNode || typeNode.type !== 'identifier') return undefined;
    const labels: Label[] = [];
    let open: SyntaxNode | undefined;
    let close: SyntaxNode | undefined;
    let bodyNode: SyntaxNode | undefined;
    for (const child of children.slice(1)) {
      if (child.type === 'string_lit' && !open) labels.push({ value: this.stringContent(child), span: this.span(child) });
      else if (child.type === 'identifier' && !open) labels.push({ value: this.textOf(child), span: this.span(child) });
      else if (child.type === 'block_start') open = child;
      else if (child.type === 'body') bodyNode = child;
      else if (child.type === 'block_end' && !child.isMissing) close = child;
    }
    if (!open || open.isMissing) return undefined;
    const incomplete = !close || this.errorSpillsOver(node, bodyNode);
    const body = bodyNode ? this.body(bodyNode) : { attributes: [], blocks: [] };
    return {
      type: this.textOf(typeNode),
      labels,
      span: this.span(node),
      headerSpan: this.spanAt(typeNode.startIndex, open.endIndex),
      body,
      incomplete,
      insertion: incomplete || !close ? undefined : this.insertion(typeNode, open, close, bodyNode),
    };
  }

  /**
   * Whether a syntax error may have swallowed attributes: an error outside any attribute, or
   * in an attribute spanning lines. An error inside a one-line attribute (`region = %q`)
   * only makes that attribute's value unknown.
   */
  private errorSpillsOver(block: SyntaxNode, body: SyntaxNode | undefined): boolean {
    if (!block.hasError) return false;
    const members = [...block.children.filter((c) => c !== body), ...(body?.children ?? [])];
    return members.some((c) => c.hasError && (c.type !== 'attribute' || this.row(c.startIndex) !== this.row(c.endIndex)));
  }

  /**
   * Where new attributes go: at the start of the closing-brace line, indented like the existing
   * attributes. An empty one-line block `{}` is opened up; a one-line block with an attribute
   * cannot take a second one without rewriting it, so it gets none.
   */
  private insertion(typeNode: SyntaxNode, open: SyntaxNode, close: SyntaxNode, bodyNode: SyntaxNode | undefined): BlockInsertion | undefined {
    const blockIndent = this.indentBefore(typeNode) ?? '';
    const first = bodyNode && named(bodyNode).find((c) => c.type === 'attribute' || c.type === 'block');
    const memberIndent = (first && this.row(first.startIndex) !== this.row(open.startIndex) ? this.indentBefore(first) : undefined) ?? blockIndent + '  ';
    const closeRow = this.row(close.startIndex);
    if (closeRow === this.row(open.startIndex)) {
      if (first) return undefined;
      return { at: this.spanAt(open.endIndex, close.startIndex), before: this.eol + memberIndent, after: this.eol + blockIndent };
    }
    if (this.indentBefore(close) === undefined) return undefined;
    const at = this.lineStart(closeRow);
    return { at: this.spanOf(at, at, closeRow, 0, closeRow, 0), before: memberIndent, after: this.eol };
  }

  /** The whitespace before a node on its line, or undefined when something else precedes it. */
  private indentBefore(node: SyntaxNode): string | undefined {
    const before = this.text.slice(this.lineStart(this.row(node.startIndex)), node.startIndex);
    return before.trim() === '' ? before : undefined;
  }

  private stringContent(node: SyntaxNode): string {
    const expr = this.template(node, true);
    if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
    return this.textOf(node).replace(/^"|"$/g, '');
  }

  expression(node: SyntaxNode): Expr {
    const children = node.children.filter((c) => c.type !== 'comment');
    if (children.length === 1 && children[0].type === 'conditional') return this.conditional(children[0]);
    return this.sequence(children, this.span(node));
  }

  /** A term followed by attribute/index/splat steps (the grammar flattens `a.b[0]` into siblings). */
  private sequence(nodes: SyntaxNode[], span: Span): Expr {
    if (!nodes.length) return { kind: 'unsupported', what: 'empty expression', span };
    let base: Expr;
    let i: number;
    if (nodes[0].type === '(') {
      const inner = nodes.find((n) => n.type === 'expression');
      base = inner ? this.expression(inner) : { kind: 'unsupported', what: 'empty parentheses', span };
      i = nodes.findIndex((n) => n.type === ')') + 1 || nodes.length;
    } else {
      base = this.term(nodes[0]);
      i = 1;
    }
    const steps: AccessStep[] = [];
    for (const node of nodes.slice(i)) {
      const step = this.step(node);
      if (!step) return { kind: 'unsupported', what: `unexpected ${node.type}`, span };
      steps.push(step);
    }
    if (!steps.length) return i === 1 ? base : { ...base, span };
    return { kind: 'access', base, steps, span };
  }

  private step(node: SyntaxNode): AccessStep | undefined {
    const span = this.span(node);
    if (node.type === 'get_attr') {
      const id = named(node).find((c) => c.type === 'identifier');
      return id ? { kind: 'attr', name: this.textOf(id), span } : undefined;
    }
    if (node.type === 'index') {
      const inner = named(node)[0];
      if (inner?.type === 'new_index') {
        const key = named(inner).find((c) => c.type === 'expression');
        return key ? { kind: 'index', key: this.expression(key), span } : undefined;
      }
      if (inner?.type === 'legacy_index') {
        return { kind: 'index', key: { kind: 'literal', value: Number(this.textOf(inner).slice(1)), span }, span };
      }
      return undefined;
    }
    if (node.type === 'splat') return { kind: 'splat', span };
    return undefined;
  }

  private term(node: SyntaxNode): Expr {
    const span = this.span(node);
    switch (node.type) {
      case 'literal_value':
        return this.literal(named(node)[0] ?? node);
      case 'template_expr':
        return this.term(named(node)[0] ?? node);
      case 'quoted_template':
        return this.template(node, true);
      case 'heredoc_template':
        return this.heredoc(node);
      case 'collection_value':
        return this.term(named(node)[0] ?? node);
      case 'tuple':
        return { kind: 'tuple', items: named(node).filter((c) => c.type === 'expression').map((c) => this.expression(c)), span };
      case 'object':
        return { kind: 'object', items: named(node).filter((c) => c.type === 'object_elem').flatMap((c) => this.objectItem(c)), span };
      case 'variable_expr':
        return { kind: 'name', name: this.textOf(node), span };
      case 'function_call':
        return this.call(node);
      case 'for_expr':
        return { kind: 'unsupported', what: 'a for expression', span };
      case 'operation':
        return this.operation(named(node)[0] ?? node);
      case 'expression':
        return this.expression(node);
      default:
        return { kind: 'unsupported', what: node.type === 'ERROR' ? 'a syntax error' : node.type, span };
    }
  }

  private literal(node: SyntaxNode): Expr {
    const span = this.span(node);
    switch (node.type) {
      case 'numeric_lit':
        return { kind: 'literal', value: Number(this.textOf(node)), span };
      case 'bool_lit':
        return { kind: 'literal', value: this.textOf(node) === 'true', span };
      case 'null_lit':
        return { kind: 'literal', value: null, span };
      case 'string_lit':
        return this.template(node, true);
      default:
        return { kind: 'unsupported', what: node.type, span };
    }
  }

  private objectItem(node: SyntaxNode): ObjectItem[] {
    // object_elem is `key (= | :) val`.
    const [key, value] = node.children.filter((c) => c.type === 'expression');
    if (!key || !value) return [];
    const keyChildren = key.children.filter((c) => c.type !== 'comment');
    // A bare identifier key (`region = …`) is the key's name, not a reference.
    const keyExpr: Expr =
      keyChildren.length === 1 && keyChildren[0].type === 'variable_expr' ? { kind: 'literal', value: this.textOf(keyChildren[0]), span: this.span(key) } : this.expression(key);
    return [{ key: keyExpr, value: this.expression(value), span: this.span(node) }];
  }

  private call(node: SyntaxNode): Expr {
    const id = named(node).find((c) => c.type === 'identifier');
    const name = id ? this.textOf(id) : '';
    const argsNode = named(node).find((c) => c.type === 'function_arguments');
    const args = argsNode ? named(argsNode).filter((c) => c.type === 'expression').map((c) => this.expression(c)) : [];
    const expandsLast = !!argsNode && named(argsNode).some((c) => c.type === 'ellipsis');
    return { kind: 'call', name, args, expandsLast, span: this.span(node) };
  }

  private conditional(node: SyntaxNode): Expr {
    const parts = named(node).filter((c) => c.type === 'expression');
    const span = this.span(node);
    if (parts.length !== 3) return { kind: 'unsupported', what: 'an incomplete conditional', span };
    return { kind: 'conditional', condition: this.expression(parts[0]), then: this.expression(parts[1]), otherwise: this.expression(parts[2]), span };
  }

  private operation(node: SyntaxNode): Expr {
    const span = this.span(node);
    if (node.type === 'unary_operation') {
      const children = node.children.filter((c) => c.type !== 'comment');
      const operator = children[0]?.type;
      if (operator === '-' || operator === '!') return { kind: 'unary', operator, operand: this.sequence(children.slice(1), span), span };
    }
    return { kind: 'unsupported', what: 'an operator expression', span };
  }

  /** A quoted template or string literal: text between the quotes, with interpolations. */
  private template(node: SyntaxNode, quoted: boolean): Expr {
    const span = this.span(node);
    const children = node.children;
    const open = children.find((c) => c.type === 'quoted_template_start');
    const close = children.find((c) => c.type === 'quoted_template_end');
    if (!open || !close || close.isMissing) return { kind: 'unsupported', what: 'an unterminated string', span };
    return this.templateParts(children, open.endIndex, close.startIndex, span, quoted ? unescapeQuoted : unescapeHeredoc);
  }

  /** Literal text is taken between the interpolations (tree-sitter's literal nodes drop some whitespace). */
  private templateParts(children: SyntaxNode[], start: number, end: number, span: Span, unescape: (raw: string) => string, stripIndent = 0): Expr {
    const raw: (string | SyntaxNode)[] = [];
    let cursor = start;
    for (const child of children) {
      if (child.type !== 'template_interpolation' && child.type !== 'template_directive') continue;
      if (child.startIndex > cursor) raw.push(this.text.slice(cursor, child.startIndex));
      raw.push(child);
      cursor = child.endIndex;
    }
    if (end > cursor) raw.push(this.text.slice(cursor, end));
    const parts: (string | Expr)[] = [];
    let atLineStart = true;
    for (const part of raw) {
      if (typeof part === 'string') {
        const stripped = stripIndent ? stripLeading(part, stripIndent, atLineStart) : part;
        parts.push(unescape(stripped));
        atLineStart = part.endsWith('\n');
        continue;
      }
      atLineStart = false;
      if (part.type === 'template_directive') return { kind: 'unsupported', what: 'a template directive (%{…})', span };
      const inner = named(part).find((c) => c.type === 'expression');
      parts.push(inner ? this.expression(inner) : { kind: 'unsupported', what: 'an empty interpolation', span: this.span(part) });
    }
    if (parts.every((p) => typeof p === 'string')) return { kind: 'literal', value: parts.join(''), span };
    return { kind: 'template', parts, span };
  }

  private heredoc(node: SyntaxNode): Expr {
    const span = this.span(node);
    const children = node.children;
    const ids = children.filter((c) => c.type === 'heredoc_identifier');
    const flush = children.some((c) => c.type === 'heredoc_start' && this.textOf(c) === '<<-');
    if (ids.length < 2) return { kind: 'unsupported', what: 'an unterminated heredoc', span };
    const lineBreak = this.text.indexOf('\n', ids[0].endIndex);
    const start = lineBreak < 0 ? ids[0].endIndex : lineBreak + 1;
    const end = this.lineStart(this.row(ids[1].startIndex));
    if (end < start) return { kind: 'literal', value: '', span };
    const indent = flush ? minIndent(this.text.slice(start, end)) : 0;
    return this.templateParts(children, start, end, span, unescapeHeredoc, indent);
  }
}

function minIndent(text: string): number {
  let min = Infinity;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    min = Math.min(min, line.length - line.trimStart().length);
  }
  return min === Infinity ? 0 : min;
}

/** Remove up to `n` leading whitespace characters of every line that starts inside `text`. */
function stripLeading(text: string, n: number, atLineStart: boolean): string {
  let out = '';
  let skip = atLineStart ? n : 0;
  for (const ch of text) {
    if (skip > 0 && (ch === ' ' || ch === '\t')) {
      skip--;
      continue;
    }
    skip = 0;
    out += ch;
    if (ch === '\n') skip = n;
  }
  return out;
}

function unescapeTemplateMarkers(raw: string): string {
  return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

function unescapeHeredoc(raw: string): string {
  return unescapeTemplateMarkers(raw);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The escapes of a quoted HCL string (`\n`, `\"`, `\uNNNN` …) plus the `$${` / `%%{` template escapes. */
function unescapeQuoted(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\' || i + 1 >= raw.length) {
      out += ch;
      continue;
    }
    const next = raw[i + 1];
    if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      out += SIMPLE_ESCAPES[next];
      i++;
    } else if ((next === 'u' || next === 'U') && /^[0-9a-fA-F]+$/.test(raw.slice(i + 2, i + (next === 'u' ? 6 : 10)))) {
      const digits = next === 'u' ? 4 : 8;
      const code = parseInt(raw.slice(i + 2, i + 2 + digits), 16);
      out += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      i += 1 + digits;
    } else {
      out += ch;
    }
  }
  return unescapeTemplateMarkers(out);
}
