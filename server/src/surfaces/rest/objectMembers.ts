// Edits inside a comma-separated object literal (a JSON body, a JS object, a Python dict): how to
// remove one member cleanly and where/how to add new ones. Offsets are into the file's text.
import type { FieldWriter } from '../../engine/types';
import type { LineIndex, SyntaxNode } from '../common';

export interface Span {
  start: number;
  end: number;
}

/** Where each member node is written, as offsets. */
export function nodeSpans(members: SyntaxNode[]): Span[] {
  return members.map((m) => ({ start: m.startIndex, end: m.endIndex }));
}

/**
 * What to delete to remove member `i`: up to the next member (its comma and line break go too),
 * or, for the last one, from the end of the previous member (so no dangling comma remains).
 */
export function memberRemoveSpan(members: Span[], i: number): Span {
  const m = members[i];
  if (i + 1 < members.length) return { start: m.start, end: members[i + 1].start };
  if (i > 0) return { start: members[i - 1].end, end: m.end };
  return m;
}

/**
 * A writer that appends members after the last one, one per line with its indentation when the
 * object is written one member per line, else inline after `, `. A trailing comma stays last.
 * Undefined for an empty object (no layout to follow).
 */
export function appendWriter(style: FieldWriter['style'], file: string, text: string, lines: LineIndex, members: Span[]): FieldWriter | undefined {
  const last = members[members.length - 1];
  if (!last) return undefined;
  const lineStart = last.start - lines.pos(last.start).character;
  const leading = text.slice(lineStart, last.start);
  const ownLine = /^[ \t]*$/.test(leading);
  const separator = ownLine ? `\n${leading}` : ' ';
  let after = last.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  if (text[after] === ',') {
    const at = lines.loc(file, after + 1, after + 1);
    return { style, insertAt: at, before: separator, after: ',' };
  }
  return { style, insertAt: lines.loc(file, last.end, last.end), before: `,${separator}`, after: '' };
}
