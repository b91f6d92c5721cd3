// A YAML request-body file (a tool that converts YAML to the JSON it sends), parsed with `yaml`
// into RestBodyFields with exact positions.
import { isMap, isScalar, Parser, parseDocument, type Pair } from 'yaml';
import type { Comment } from '../../engine/types';
import { known } from '../../engine/value';
import type { LineIndex } from '../common';
import type { JsonBody } from './jsonBody';
import { appendWriter, memberRemoveSpan, type Span } from './objectMembers';
import type { RestBodyField } from './restCall';

type Range3 = [number, number, number];

export function parseYamlBody(file: string, text: string, lines: LineIndex): JsonBody {
  const comments = yamlComments(file, text.length ? new Parser().parse(text) : [], lines);
  const doc = parseDocument(text, { uniqueKeys: false });
  const result: JsonBody = { comments, hasErrors: doc.errors.length > 0 };
  const map = doc.contents;
  if (!isMap(map)) return result;

  const pairs = (map.items as Pair[]).filter((p) => isScalar(p.key) && p.key.range && isScalar(p.value) && p.value.range);
  const keyRange = (p: Pair) => (p.key as { range: Range3 }).range;
  const valueRange = (p: Pair) => (p.value as { range: Range3 }).range;
  const spans: Span[] = pairs.map((p) => ({ start: keyRange(p)[0], end: valueRange(p)[1] }));
  const lineStart = (offset: number) => offset - lines.pos(offset).character;
  const nextLineStart = (offset: number) => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length : nl + 1;
  };
  const fields: RestBodyField[] = pairs.map((p, i) => {
    // Block mappings hold one pair per line: remove whole lines. Flow mappings are comma lists.
    const removal = map.flow
      ? memberRemoveSpan(spans, i)
      : { start: lineStart(spans[i].start), end: i + 1 < spans.length ? lineStart(spans[i + 1].start) : nextLineStart(spans[i].end) };
    return {
      name: String((p.key as { value: unknown }).value),
      value: known((p.value as { value: unknown }).value),
      loc: lines.loc(file, spans[i].start, spans[i].end),
      valueLoc: lines.loc(file, valueRange(p)[0], valueRange(p)[1]),
      removeLoc: lines.loc(file, removal.start, removal.end),
      isLiteral: true,
    };
  });
  const last = spans[spans.length - 1];
  const writer = !last
    ? undefined
    : map.flow
      ? appendWriter('yaml', file, text, lines, spans)
      : { style: 'yaml' as const, insertAt: lines.loc(file, last.end, last.end), before: `\n${text.slice(lineStart(last.start), last.start)}`, after: '' };
  const nameField = fields.find((f) => f.name === 'name');
  const range = map.range as Range3 | undefined;
  result.nameLoc = nameField?.loc ?? lines.loc(file, range?.[0] ?? 0, range?.[0] ?? 0);
  result.body = { kind: 'fields', fields, loc: lines.loc(file, range?.[0] ?? 0, range?.[1] ?? text.length), writer };
  return result;
}

/** Comments from the CST (the document model keeps their text but not their positions). */
function yamlComments(file: string, tokens: Iterable<unknown>, lines: LineIndex): Comment[] {
  const out: Comment[] = [];
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    const token = x as { type?: string; offset?: number; source?: string };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ loc: lines.loc(file, token.offset, token.offset + token.source.length), text: token.source });
    }
    for (const [k, v] of Object.entries(x)) if (k !== 'source') walk(v);
  };
  for (const token of tokens) walk(token);
  return out.sort((a, b) => a.loc.range.start.line - b.loc.range.start.line || a.loc.range.start.character - b.loc.range.start.character);
}
