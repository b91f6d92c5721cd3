// Terraform JSON syntax (.tf.json, .tfvars.json) → the same HCL tree as native files.
// In `.tf.json` a string holding `${…}` is a template; it is parsed as HCL and its parts
// take the string's range (there is no finer mapping back into the JSON escape sequences).
import { parseTree, visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Parser } from 'web-tree-sitter';
import type { Comment } from '../../engine/types';
import { LineIndex } from '../common';
import type { AccessStep, Attribute, Block, Body, Expr, HclFile, Span } from './hclAst';
import { parseNative } from './parseHcl';

/** How many labels each top-level block type has in JSON syntax. */
const LABEL_COUNT: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0, terraform: 0 };

/** Terraform JSON's comment property. */
const COMMENT_KEY = '//';

export function parseJson(parser: Parser, file: string, text: string, kind: 'config' | 'vars'): HclFile {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const converter = new JsonConverter(parser, file, text, kind === 'config', errors);
  const comments: Comment[] = [];
  visit(text, { onComment: (offset, length) => comments.push({ loc: converter.loc(offset, offset + length), text: text.slice(offset, offset + length) }) });
  const body: Body = { attributes: [], blocks: [] };
  if (root?.type === 'object') {
    if (kind === 'vars') body.attributes.push(...converter.attributes(root, comments));
    else body.blocks.push(...converter.topLevelBlocks(root, comments));
  }
  comments.sort((a, b) => a.loc.range.start.line - b.loc.range.start.line || a.loc.range.start.character - b.loc.range.start.character);
  return { path: file, syntax: 'json', body, comments, recovered: errors.length > 0 || root?.type !== 'object' };
}

class JsonConverter {
  private readonly lines: LineIndex;

  constructor(
    private readonly parser: Parser,
    private readonly file: string,
    text: string,
    private readonly templates: boolean,
    private readonly errors: ParseError[],
  ) {
    this.lines = new LineIndex(text);
  }

  loc(start: number, end: number) {
    return this.lines.loc(this.file, start, end);
  }

  span(start: number, end: number): Span {
    return { ...this.loc(start, end), start, end };
  }

  private nodeSpan(node: JsonNode): Span {
    return this.span(node.offset, node.offset + node.length);
  }

  topLevelBlocks(root: JsonNode, comments: Comment[]): Block[] {
    const blocks: Block[] = [];
    for (const [key, value, property] of properties(root, comments, this)) {
      if (!Object.hasOwn(LABEL_COUNT, key.value)) continue;
      const count = LABEL_COUNT[key.value];
      this.blocks(key.value, value, count, [], property, comments, blocks);
    }
    return blocks;
  }

  /** Walk `{ "TYPE": { "NAME": { body } } }` (objects or arrays of objects at any level) down to the bodies. */
  private blocks(type: string, node: JsonNode, labelsLeft: number, labels: Block['labels'], property: JsonNode, comments: Comment[], out: Block[]): void {
    if (node.type === 'array') {
      for (const item of node.children ?? []) this.blocks(type, item, labelsLeft, labels, property, comments, out);
      return;
    }
    if (node.type !== 'object') return;
    if (labelsLeft > 0) {
      for (const [key, value, child] of properties(node, comments, this)) {
        this.blocks(type, value, labelsLeft - 1, [...labels, { value: key.value, span: this.nodeSpan(key) }], child, comments, out);
      }
      return;
    }
    const headerStart = labels.length ? labels[labels.length - 1].span.start : property.offset;
    out.push({
      type,
      labels,
      span: this.span(headerStart, node.offset + node.length),
      headerSpan: this.span(headerStart, node.offset + 1),
      body: { attributes: this.attributes(node, comments), blocks: [] },
      // A syntax error inside the body (half-typed): what is missing may just not be parsed.
      incomplete: this.errors.some((e) => e.offset >= node.offset && e.offset <= node.offset + node.length),
    });
  }

  attributes(object: JsonNode, comments: Comment[]): Attribute[] {
    const props = properties(object, comments, this);
    return props.map(([key, value, property], i) => ({
      name: key.value,
      nameSpan: this.nodeSpan(key),
      expr: this.expr(value),
      span: this.nodeSpan(property),
      removeSpan: this.removal(property, props[i - 1]?.[2], props[i + 1]?.[2]),
    }));
  }

  /** A property with the comma that separates it from a neighbour, so the object stays valid. */
  private removal(property: JsonNode, previous: JsonNode | undefined, next: JsonNode | undefined): Span {
    if (next) return this.span(property.offset, next.offset);
    if (previous) return this.span(previous.offset + previous.length, property.offset + property.length);
    return this.nodeSpan(property);
  }

  private expr(node: JsonNode): Expr {
    const span = this.nodeSpan(node);
    switch (node.type) {
      case 'string':
        return this.templates && /[$%]\{/.test(node.value) ? this.template(node.value, span) : { kind: 'literal', value: node.value, span };
      case 'number':
      case 'boolean':
        return { kind: 'literal', value: node.value, span };
      case 'null':
        return { kind: 'literal', value: null, span };
      case 'array':
        return { kind: 'tuple', items: (node.children ?? []).map((c) => this.expr(c)), span };
      case 'object':
        return {
          kind: 'object',
          items: properties(node, [], this).map(([key, value, property]) => ({
            key: { kind: 'literal', value: key.value, span: this.nodeSpan(key) },
            value: this.expr(value),
            span: this.nodeSpan(property),
          })),
          span,
        };
      default:
        return { kind: 'unsupported', what: 'invalid JSON', span };
    }
  }

  /** A JSON string holding `${…}`: parsed as an HCL heredoc template (no escaping needed), placed at the string. */
  private template(value: string, span: Span): Expr {
    const marker = 'KMS_LINT_JSON_TEMPLATE_END';
    const parsed = parseNative(this.parser, this.file, `v = <<${marker}\n${value}\n${marker}\n`, 'config');
    const expr = parsed.body.attributes[0]?.expr;
    if (!expr || parsed.recovered) return { kind: 'unsupported', what: 'a template with a syntax error', span };
    return respan(dropFinalNewline(expr), span);
  }
}

function dropFinalNewline(expr: Expr): Expr {
  if (expr.kind === 'literal' && typeof expr.value === 'string') return { ...expr, value: expr.value.replace(/\n$/, '') };
  if (expr.kind !== 'template') return expr;
  const parts = [...expr.parts];
  const last = parts[parts.length - 1];
  if (typeof last === 'string') {
    const trimmed = last.replace(/\n$/, '');
    if (trimmed) parts[parts.length - 1] = trimmed;
    else parts.pop();
  }
  return { ...expr, parts };
}

/** The same expression with every node placed at `span`. */
function respan(expr: Expr, span: Span): Expr {
  const step = (s: AccessStep): AccessStep => (s.kind === 'index' ? { ...s, key: respan(s.key, span), span } : { ...s, span });
  switch (expr.kind) {
    case 'template':
      return { ...expr, parts: expr.parts.map((p) => (typeof p === 'string' ? p : respan(p, span))), span };
    case 'access':
      return { ...expr, base: respan(expr.base, span), steps: expr.steps.map(step), span };
    case 'object':
      return { ...expr, items: expr.items.map((i) => ({ key: respan(i.key, span), value: respan(i.value, span), span })), span };
    case 'tuple':
      return { ...expr, items: expr.items.map((i) => respan(i, span)), span };
    case 'call':
      return { ...expr, args: expr.args.map((a) => respan(a, span)), span };
    case 'conditional':
      return { ...expr, condition: respan(expr.condition, span), then: respan(expr.then, span), otherwise: respan(expr.otherwise, span), span };
    case 'unary':
      return { ...expr, operand: respan(expr.operand, span), span };
    default:
      return { ...expr, span };
  }
}

/** An object's properties as [key, value, property]; `"//"` comment properties go to `comments`. */
function properties(object: JsonNode, comments: Comment[], converter: JsonConverter): [JsonNode & { value: string }, JsonNode, JsonNode][] {
  const out: [JsonNode & { value: string }, JsonNode, JsonNode][] = [];
  for (const property of object.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value || typeof key.value !== 'string') continue;
    if (key.value === COMMENT_KEY) {
      if (value.type === 'string') comments.push({ loc: converter.loc(property.offset, property.offset + property.length), text: value.value });
      continue;
    }
    out.push([key as JsonNode & { value: string }, value, property]);
  }
  return out;
}
