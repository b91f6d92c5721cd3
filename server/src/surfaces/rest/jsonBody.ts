// A JSON request body, wherever it is written (a whole .json file, the body of an .http request),
// parsed with jsonc-parser into RestBodyFields with exact positions in the host file.
import { getNodeValue, parseTree, visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Comment, Loc } from '../../engine/types';
import { known } from '../../engine/value';
import type { LineIndex } from '../common';
import { appendWriter, memberRemoveSpan, type Span } from './objectMembers';
import type { RestBody, RestBodyField } from './restCall';

/** What a host knows about a value beyond its JSON (a substituted variable, a placeholder). */
export type FieldOverride = Partial<Pick<RestBodyField, 'value' | 'payload' | 'material' | 'isLiteral'>>;

export interface JsonBodyHooks {
  /** For a string value: what its substitutions resolve to (undefined: plain text). */
  string?(raw: string, valueLoc: Loc, fieldName: string): FieldOverride | undefined;
  /**
   * For a `null` the host wrote in place of something JSON cannot hold (`{{var}}`): where the
   * original text ends (by its file offset), and what it stands for.
   */
  placeholderEnd?(offset: number): number | undefined;
  placeholder?(offset: number, valueLoc: Loc, fieldName: string): FieldOverride | undefined;
}

export interface JsonBody {
  /** The top-level object as a body; undefined when the text is not a JSON object. */
  body?: Extract<RestBody, { kind: 'fields' }>;
  /** The `"name"` member, else the opening brace: an anchor for "missing field" findings. */
  nameLoc?: Loc;
  comments: Comment[];
  /** The parser recovered from syntax errors. */
  hasErrors: boolean;
}

/**
 * Parse `text` (the body as written, possibly with same-length placeholders) that starts at
 * offset `base` of the host file `file`, whose full text is `fileText`.
 */
export function parseJsonBody(file: string, fileText: string, lines: LineIndex, text: string, base: number, hooks: JsonBodyHooks = {}): JsonBody {
  const errors: ParseError[] = [];
  const comments: Comment[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  visit(text, { onComment: (offset, length) => comments.push({ loc: lines.loc(file, base + offset, base + offset + length), text: text.slice(offset, offset + length) }) });
  const result: JsonBody = { comments, hasErrors: errors.length > 0 };
  if (!root || root.type !== 'object') return result;

  const loc = (n: { offset: number; length: number }) => lines.loc(file, base + n.offset, base + n.offset + n.length);
  const properties = (root.children ?? []).filter((p) => p.type === 'property' && p.children?.length === 2);
  // A placeholder stands for longer original text: the value (and member) end where that text ends.
  const valueEnd = (v: JsonNode) => (v.type === 'null' && hooks.placeholderEnd?.(base + v.offset)) || base + v.offset + v.length;
  const spans: Span[] = properties.map((p) => ({ start: base + p.offset, end: Math.max(base + p.offset + p.length, valueEnd(p.children![1])) }));
  const fields: RestBodyField[] = properties.map((p, i) => {
    const [keyNode, valueNode] = p.children as [JsonNode, JsonNode];
    const name = String(keyNode.value);
    const valueLoc = lines.loc(file, base + valueNode.offset, valueEnd(valueNode));
    const removal = memberRemoveSpan(spans, i);
    const field: RestBodyField = {
      name,
      value: known(getNodeValue(valueNode)),
      loc: lines.loc(file, spans[i].start, spans[i].end),
      valueLoc,
      removeLoc: lines.loc(file, removal.start, removal.end),
      isLiteral: true,
    };
    const override =
      valueNode.type === 'string' ? hooks.string?.(String(valueNode.value), valueLoc, name) : valueNode.type === 'null' ? hooks.placeholder?.(base + valueNode.offset, valueLoc, name) : undefined;
    return override ? { ...field, ...override } : field;
  });
  const nameProperty = properties.find((p) => p.children![0].value === 'name');
  result.nameLoc = nameProperty ? loc(nameProperty) : lines.loc(file, base + root.offset, base + root.offset + 1);
  result.body = { kind: 'fields', fields, loc: loc(root), writer: appendWriter('json', file, fileText, lines, spans) };
  return result;
}
