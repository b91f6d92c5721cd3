// A small HCL syntax tree of our own, built from tree-sitter (native syntax) or jsonc-parser
// (JSON syntax). Parse trees are deleted right after conversion; this is what is cached and
// evaluated. Every node carries its file and range, so facts can point at exact source text.
import type { Comment, Range } from '../../engine/types';

/** Where a node is: its file, 0-based line/character range, and UTF-16 offsets in that file. */
export interface Span {
  file: string;
  range: Range;
  start: number;
  end: number;
}

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; span: Span }
  /** A quoted or heredoc template: literal text (escapes already applied) and interpolated expressions. */
  | { kind: 'template'; parts: (string | Expr)[]; span: Span }
  /** A bare identifier: `var`, `local`, `each`, a resource type, a for-expression symbol … */
  | { kind: 'name'; name: string; span: Span }
  /** `base.attr`, `base["key"]`, `base[0]`, `base[*]` … */
  | { kind: 'access'; base: Expr; steps: AccessStep[]; span: Span }
  | { kind: 'object'; items: ObjectItem[]; span: Span }
  | { kind: 'tuple'; items: Expr[]; span: Span }
  | { kind: 'call'; name: string; args: Expr[]; expandsLast: boolean; span: Span }
  | { kind: 'conditional'; condition: Expr; then: Expr; otherwise: Expr; span: Span }
  | { kind: 'unary'; operator: '-' | '!'; operand: Expr; span: Span }
  /** Syntax we do not evaluate (for-expressions, operators, template directives …): always unknown. */
  | { kind: 'unsupported'; what: string; span: Span };

export type AccessStep =
  | { kind: 'attr'; name: string; span: Span }
  | { kind: 'index'; key: Expr; span: Span }
  | { kind: 'splat'; span: Span };

export interface ObjectItem {
  key: Expr;
  value: Expr;
  span: Span;
}

export interface Attribute {
  name: string;
  nameSpan: Span;
  expr: Expr;
  /** The whole `name = value`. */
  span: Span;
  /** The attribute's whole line(s) with the line break, when nothing else is written on them. */
  removeSpan?: Span;
}

export interface Label {
  value: string;
  span: Span;
}

/** Where new attributes go in a block, in the shape of a `FieldWriter` minus the style. */
export interface BlockInsertion {
  at: Span;
  before: string;
  after: string;
}

export interface Block {
  type: string;
  labels: Label[];
  /** The whole block. */
  span: Span;
  /** From the block type to the opening brace. */
  headerSpan: Span;
  body: Body;
  /** The block has a syntax error inside (half-typed): what is missing may just not be parsed. */
  incomplete: boolean;
  /** Where to add attributes; absent when the block cannot be edited safely. */
  insertion?: BlockInsertion;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface HclFile {
  path: string;
  syntax: 'native' | 'json';
  body: Body;
  comments: Comment[];
  /** The file had syntax errors and was read with error recovery. */
  recovered: boolean;
}

export function attribute(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

export function spanLoc(span: Span): { file: string; range: Range } {
  return { file: span.file, range: span.range };
}

/** Readable source form of a reference (`var.x`, `thalassa_kms_key.k["prod"].id`) for traces. */
export function referenceText(expr: Expr): string {
  switch (expr.kind) {
    case 'name':
      return expr.name;
    case 'access':
      return referenceText(expr.base) + expr.steps.map(stepText).join('');
    case 'literal':
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    case 'call':
      return `${expr.name}(…)`;
    default:
      return '…';
  }
}

function stepText(step: AccessStep): string {
  if (step.kind === 'attr') return `.${step.name}`;
  if (step.kind === 'splat') return '[*]';
  return `[${referenceText(step.key)}]`;
}
