// A YAML string scalar decoded the way the `yaml` package decodes it, with the host range of every
// character: block scalars lose their indentation, folded lines become spaces, quotes and escapes
// are undone. The result is checked against the package's own value; on any difference the
// caller gets undefined (and skips the scalar) rather than wrong positions.
import type { Scalar } from 'yaml';

export interface Decoded {
  text: string;
  /** Host offsets where each character of `text` starts and ends. */
  starts: number[];
  ends: number[];
}

class Out implements Decoded {
  text = '';
  starts: number[] = [];
  ends: number[] = [];
  put(ch: string, start: number, end: number): void {
    this.text += ch;
    this.starts.push(start);
    this.ends.push(end);
  }
  copy(src: string, start: number, end: number): void {
    for (let i = start; i < end; i++) this.put(src[i], i, i + 1);
  }
}

interface Line {
  start: number;
  /** End of the content, before `\r\n` / `\n`. */
  end: number;
  /** Offset of the line break after it (-1 for the last line). */
  newline: number;
}

function linesOf(src: string, start: number, end: number): Line[] {
  const lines: Line[] = [];
  let at = start;
  for (;;) {
    const nl = src.indexOf('\n', at);
    if (nl < 0 || nl >= end) {
      lines.push({ start: at, end, newline: -1 });
      return lines;
    }
    lines.push({ start: at, end: src[nl - 1] === '\r' && nl - 1 >= at ? nl - 1 : nl, newline: nl });
    at = nl + 1;
  }
}

const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

function withoutTrailingBreaks(s: string): string {
  return s.replace(/\n+$/, '');
}

export function decodeScalar(src: string, scalar: Scalar): Decoded | undefined {
  if (typeof scalar.value !== 'string' || !scalar.range) return undefined;
  const [start, valueEnd] = scalar.range;
  let out: Out | undefined;
  switch (scalar.type) {
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      // An indentation indicator (`|2`) counts from the parent's indentation, which the scalar
      // does not know: try the likely parents and keep what decodes to the package's value.
      const header = /^[|>][-+]?([1-9])?/.exec(src.slice(start, start + 3));
      const lineStart = src.lastIndexOf('\n', start - 1) + 1;
      const parent = /^[ \t-]*/.exec(src.slice(lineStart, start))![0].length;
      const candidates = header?.[1] ? [parent + Number(header[1]), Number(header[1])] : [undefined];
      for (const indent of candidates) {
        out = block(src, start, valueEnd, scalar.type === 'BLOCK_FOLDED', indent);
        if (out && withoutTrailingBreaks(out.text) === withoutTrailingBreaks(scalar.value)) return out;
      }
      return undefined;
    }
    case 'PLAIN':
      out = flow(src, start, valueEnd, 'plain');
      break;
    case 'QUOTE_SINGLE':
      out = flow(src, start + 1, valueEnd - 1, 'single');
      break;
    case 'QUOTE_DOUBLE':
      out = flow(src, start + 1, valueEnd - 1, 'double');
      break;
  }
  if (!out) return undefined;
  if (withoutTrailingBreaks(out.text) !== withoutTrailingBreaks(scalar.value)) return undefined;
  return out;
}

function block(src: string, start: number, end: number, folded: boolean, explicitIndent?: number): Out | undefined {
  const headerEnd = src.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return new Out();
  const lines = linesOf(src, headerEnd + 1, end);
  const first = lines.find((l) => src.slice(l.start, l.end).trim() !== '');
  if (!first) return new Out();
  let indent = explicitIndent ?? 0;
  if (explicitIndent === undefined) while (first.start + indent < first.end && src[first.start + indent] === ' ') indent++;
  const out = new Out();
  let breaks: number[] = [];
  let previous: { moreIndented: boolean } | undefined;
  for (const line of lines) {
    const contentStart = line.start + indent;
    const empty = contentStart >= line.end || src.slice(line.start, line.end).trim() === '' && line.end - line.start <= indent;
    if (empty) {
      if (line.newline >= 0) breaks.push(line.newline);
      continue;
    }
    const moreIndented = isBlank(src[contentStart]);
    if (!previous) {
      // Empty lines before the first line are kept as they are.
      for (const b of breaks) out.put('\n', b, b + 1);
    } else if (!folded || previous.moreIndented || moreIndented) {
      for (const b of breaks) out.put('\n', b, b + 1);
    } else if (breaks.length === 1) {
      out.put(' ', breaks[0], breaks[0] + 1);
    } else {
      for (const b of breaks.slice(1)) out.put('\n', b, b + 1);
    }
    out.copy(src, contentStart, line.end);
    breaks = line.newline >= 0 ? [line.newline] : [];
    previous = { moreIndented };
  }
  for (const b of breaks.slice(0, 1)) out.put('\n', b, b + 1);
  return out;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Plain and quoted scalars: lines are folded (one break → space, n empty lines → n breaks). */
function flow(src: string, start: number, end: number, style: 'plain' | 'single' | 'double'): Out | undefined {
  const out = new Out();
  const lines = linesOf(src, start, end);
  let pendingBreaks: number[] = [];
  let joinNext = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    let s = line.start;
    let e = line.end;
    // Leading blanks go, except on the first line of a quoted scalar; trailing blanks before a break go.
    if (li > 0 || style === 'plain') while (s < e && isBlank(src[s])) s++;
    if (li < lines.length - 1 || style === 'plain') while (e > s && isBlank(src[e - 1])) e--;
    if (li > 0) {
      if (s === e && li < lines.length - 1) {
        pendingBreaks.push(line.newline);
        continue;
      }
      if (!joinNext) {
        if (pendingBreaks.length === 0) {
          const b = lines[li - 1].newline;
          out.put(' ', b, b + 1);
        } else for (const b of pendingBreaks) out.put('\n', b, b + 1);
      }
    }
    pendingBreaks = [];
    joinNext = false;
    let i = s;
    while (i < e) {
      const ch = src[i];
      if (style === 'single' && ch === "'" && src[i + 1] === "'") {
        out.put("'", i, i + 2);
        i += 2;
        continue;
      }
      if (style === 'double' && ch === '\\') {
        const next = src[i + 1];
        if (i + 1 >= e) {
          // An escaped line break: the lines join without a space (blanks before it stay).
          joinNext = true;
          break;
        }
        const simple = DOUBLE_ESCAPES[next];
        if (simple !== undefined) {
          out.put(simple, i, i + 2);
          i += 2;
          continue;
        }
        const digits = HEX_ESCAPES[next];
        if (digits) {
          const hex = src.slice(i + 2, i + 2 + digits);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
          out.put(String.fromCodePoint(parseInt(hex, 16)), i, i + 2 + digits);
          i += 2 + digits;
          continue;
        }
        return undefined;
      }
      out.put(ch, i, i + 1);
      i++;
    }
  }
  return out;
}
