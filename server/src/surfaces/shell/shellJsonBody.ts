// A JSON request body written as a shell word (`-d '{"name": "app"}'`, `-d "{\"plaintext\":
// \"$(base64 < f)\"}"`, `-d "$BODY"`): its text is rendered with a placeholder for every part only
// known at run time, parsed with jsonc-parser, and each member mapped back to where it is written.
import { getNodeValue, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Loc, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { appendWriter, memberRemoveSpan, type Span } from '../rest/objectMembers';
import type { RestBody, RestBodyField } from '../rest/restCall';
import { hostEnd, hostLoc, hostStart, type ShellSource } from './shellSource';
import { holeMaterial, holePayload, pieceRange, stepsTrace, type Hole, type Piece, type Step, type Word } from './words';

const OPEN = '\uF8F0';
const CLOSE = '\uF8F1';

interface Rendered {
  text: string;
  /** Per rendered character: the script range it stands for, the piece it came from. */
  from: number[];
  to: number[];
  piece: Piece[];
  holes: Hole[];
}

/** The word's text with `OPEN n CLOSE` for hole n (a whole JSON string when outside one). */
function render(word: Word): Rendered {
  const out: Rendered = { text: '', from: [], to: [], piece: [], holes: [] };
  let inString = false;
  let escaped = false;
  const push = (ch: string, from: number, to: number, piece: Piece) => {
    out.text += ch;
    out.from.push(from);
    out.to.push(to);
    out.piece.push(piece);
  };
  for (const piece of word.pieces) {
    const range = pieceRange(piece);
    if (piece.hole) {
      const placeholder = `${OPEN}${out.holes.length}${CLOSE}`;
      out.holes.push(piece.hole);
      const text = inString ? placeholder : `"${placeholder}"`;
      for (const ch of text) push(ch, range.from, range.to, piece);
      continue;
    }
    const text = piece.text ?? '';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (piece.exact) push(ch, piece.from + i, piece.from + i + 1, piece);
      else push(ch, range.from, range.to, piece);
      if (escaped) escaped = false;
      else if (inString && ch === '\\') escaped = true;
      else if (ch === '"') inString = !inString;
    }
  }
  return out;
}

/** The hole a JSON string stands for when it is exactly one placeholder. */
function soleHole(value: string, holes: Hole[]): Hole | undefined {
  if (!value.startsWith(OPEN) || !value.endsWith(CLOSE)) return undefined;
  const n = value.slice(1, -1);
  return /^\d+$/.test(n) ? holes[Number(n)] : undefined;
}

/** The body a shell word holds: JSON members with host locations, or unknown when it is not a JSON object. */
export function shellJsonBody(src: ShellSource, word: Word): RestBody {
  const wordLoc = hostLoc(src, word.from, word.to);
  const r = render(word);
  const root = parseTree(r.text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') return { kind: 'unknown', loc: wordLoc };

  const chars = (n: { offset: number; length: number }) => ({ first: n.offset, last: n.offset + Math.max(n.length, 1) - 1 });
  /** The host location of a JSON node, or the whole word when the node is not written in one place. */
  const locOf = (n: JsonNode): Loc => {
    const { first, last } = chars(n);
    if (r.piece[first]?.site !== r.piece[last]?.site) return wordLoc;
    return hostLoc(src, r.from[first], r.to[last]);
  };
  /** Rendered characters [first, last] are written as they are, at one place; `raw`: inside single quotes. */
  const written = (first: number, last: number, raw = false): boolean => {
    const site = r.piece[first]?.site;
    for (let i = first; i <= last; i++) if (!r.piece[i]?.exact || r.piece[i].site !== site || (raw && !r.piece[i].raw)) return false;
    return true;
  };
  /** The node may be replaced in the host text: written as is, and inside single quotes when the replacement has quotes. */
  const literal = (n: JsonNode): boolean => written(chars(n).first, chars(n).last, n.type === 'string');
  const stepsOf = (n: JsonNode): Step[] => {
    const { first, last } = chars(n);
    const seen = new Set<Piece>();
    for (let i = first; i <= last; i++) if (r.piece[i]) seen.add(r.piece[i]);
    return [...seen].flatMap((p) => p.steps);
  };
  const hostSpan = (n: JsonNode): Span => {
    const { first, last } = chars(n);
    return { start: hostStart(src, r.from[first]), end: hostEnd(src, r.to[last]) };
  };

  const properties = (root.children ?? []).filter((p) => p.type === 'property' && p.children?.length === 2);
  const spans = properties.map(hostSpan);
  const renderedSpans: Span[] = properties.map((p) => ({ start: p.offset, end: p.offset + p.length }));
  /** A member may be removed when everything removed with it is written as is. */
  const removable = (i: number): Span | undefined => {
    const span = memberRemoveSpan(renderedSpans, i);
    if (!src.rewritable || span.end <= span.start || !written(span.start, span.end - 1)) return undefined;
    return { start: hostStart(src, r.from[span.start]), end: hostEnd(src, r.to[span.end - 1]) };
  };
  const fields: RestBodyField[] = properties.map((p, i) => {
    const [keyNode, valueNode] = p.children as [JsonNode, JsonNode];
    const name = String(keyNode.value).replace(new RegExp(`${OPEN}\\d+${CLOSE}`, 'g'), '…');
    const valueLoc = locOf(valueNode);
    const secret = name === 'plaintext' || name === 'ciphertext' || name === 'importKeyMaterial' || name === 'secretString' || name === 'input';
    const trace = stepsTrace(stepsOf(valueNode), secret);
    const field: RestBodyField = { name, value: known(null), loc: locOf(p), valueLoc };
    const removal = removable(i);
    if (removal) field.removeLoc = src.hostLines.loc(src.file, removal.start, removal.end);
    if (valueNode.type === 'string') {
      const text = String(valueNode.value);
      const hole = soleHole(text, r.holes);
      if (hole) {
        field.value = unknown(hole.reason, trace);
        const payload = holePayload(hole, valueLoc);
        if (payload) field.payload = payload;
        const material = holeMaterial(hole);
        if (material) field.material = material;
        if (hole.product?.kind === 'key') field.defId = hole.product.defId;
      } else if (text.includes(OPEN)) {
        const first = r.holes[Number(text.slice(text.indexOf(OPEN) + 1, text.indexOf(CLOSE)))];
        field.value = unknown(first?.reason ?? 'only known at run time', trace);
      } else {
        field.value = known(text, trace) as Value<unknown>;
        field.isLiteral = literal(valueNode);
      }
    } else {
      field.value = known(getNodeValue(valueNode), trace) as Value<unknown>;
      field.isLiteral = literal(valueNode);
    }
    return field;
  });
  // New members go after the last one: only where text with quotes can be inserted as is.
  const lastChar = renderedSpans.length ? renderedSpans[renderedSpans.length - 1].end - 1 : -1;
  const writer = src.rewritable && lastChar >= 0 && written(lastChar, lastChar, true) ? appendWriter('json', src.file, src.hostText, src.hostLines, spans) : undefined;
  return { kind: 'fields', fields, loc: wordLoc, ...(writer ? { writer } : {}) };
}
