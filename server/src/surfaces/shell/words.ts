// Shell words → values. A word is a list of pieces: literal text (with where each character is
// written), values that come from variables, and holes that cannot be known statically (an
// unset variable, a command substitution). Holes remember what produced them, so
// `--plaintext "$(base64 < data.csv)"` is known to be "a whole file" even though its value is not.
import type { Loc, MaterialSource, Payload, SensitivePrint, TraceStep, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import type { SyntaxNode } from '../common';
import { displayText, markerIndex, type ShellSource } from './shellSource';

/** One step of how a value was resolved; `redacted` leaves the value out (for secrets). */
export interface Step {
  label: string;
  redacted: string;
  loc?: Loc;
}

/** What a command writes to stdout, as far as the analysis can tell. */
export type Product =
  /** The output of a key create (`... -o json | jq -r .identity`): names that key. */
  | { kind: 'key'; defId: string }
  /** Decrypted plaintext, exported key material, a signature, an HMAC. */
  | { kind: 'sensitive'; value: SensitivePrint['value']; loc: Loc }
  /** The content of a file (`base64 < data.csv`, `cat key.bin`). */
  | { kind: 'file'; path: string; reader: string; via: string }
  /** Fresh random bytes (`openssl rand -base64 32`, `head -c 32 /dev/urandom`); `bytes` unknown for an endless stream. */
  | { kind: 'random'; bytes?: number; via: string }
  /** A value echoed into a pipe (`echo -n "$DEK" | base64`): still that variable's value, or that literal. */
  | { kind: 'variable'; name: string }
  | { kind: 'literal'; bytes: number };

/** A part of a word whose value is not known statically. */
export interface Hole {
  reason: string;
  /** The variable the value was held in, as messages name it (`DEK`, `secrets.KEY`). */
  variable?: string;
  product?: Product;
}

export interface Piece {
  /** Known text; undefined for a hole. */
  text?: string;
  hole?: Hole;
  /** The script range the piece stands for (where a variable's value was written, for spliced values). */
  from: number;
  to: number;
  /** `text[i]` is written at script offset `from + i`. */
  exact: boolean;
  /** Written inside single quotes: text with quotes may be inserted there as is. */
  raw?: boolean;
  /** Identifies the place the piece is written (locations spanning two places are not exact). */
  site: number;
  /** For a variable's value spliced into a word: where the word expands the variable. */
  use?: { from: number; to: number };
  steps: Step[];
}

export class Word {
  constructor(
    /** Script range of the word as written. */
    readonly from: number,
    readonly to: number,
    readonly pieces: Piece[],
    /** The site of the word's own pieces (spliced variable values keep theirs). */
    readonly site: number,
    /** The variable when the word is just one (`$DEK`, `"${DEK}"`). */
    readonly variable?: string,
  ) {}

  /** The word's text when fully known. */
  get text(): string | undefined {
    let out = '';
    for (const p of this.pieces) {
      if (p.text === undefined) return undefined;
      out += p.text;
    }
    return out;
  }

  /** The literal text before the first non-literal piece (a flag name is always literal). */
  get literalPrefix(): string {
    let out = '';
    for (const p of this.pieces) {
      if (p.text === undefined || !p.exact) break;
      out += p.text;
    }
    return out;
  }

  value(redact = false): Value<string> {
    const trace = stepsTrace(this.pieces.flatMap((p) => p.steps), redact);
    const hole = this.pieces.find((p) => p.hole)?.hole;
    if (hole) return unknown(hole.reason, trace);
    return known(this.text!, trace);
  }

  /** The hole when the word is exactly one (`"$DEK"`, `$(base64 < f)`), with nothing else around it. */
  get soleHole(): Hole | undefined {
    const holes = this.pieces.filter((p) => p.hole);
    if (holes.length !== 1) return undefined;
    if (this.pieces.some((p) => p.text !== undefined && p.text !== '')) return undefined;
    return holes[0].hole;
  }

  /** The holes of the word. */
  get holes(): Hole[] {
    return this.pieces.filter((p) => p.hole).map((p) => p.hole!);
  }

  /** The rest of the word after its first `chars` literal characters (`--region=` of `--region=$R`). */
  sliceAfter(chars: number): Word {
    const pieces: Piece[] = [];
    let skip = chars;
    let from = this.from;
    for (const p of this.pieces) {
      if (skip > 0 && p.text !== undefined && p.exact) {
        if (p.text.length <= skip) {
          skip -= p.text.length;
          from = p.site === this.site ? p.to : this.from;
          continue;
        }
        pieces.push({ ...p, text: p.text.slice(skip), from: p.from + skip });
        // A spliced value is written elsewhere: the slice is then only known to be inside the word.
        from = p.site === this.site ? p.from + skip : this.from;
        skip = 0;
        continue;
      }
      pieces.push(p);
    }
    return new Word(from, this.to, pieces, this.site);
  }
}

/** A payload from a value only known at run time: a file, random bytes, or a variable; undefined when nothing is known about it. */
export function holePayload(hole: Hole, loc: Loc, name = hole.variable): Payload | undefined {
  const p = hole.product;
  const named = name ? { name } : {};
  if (p?.kind === 'file') return { source: 'file', via: p.via, path: p.path, loc, ...named };
  if (p?.kind === 'random') return { source: 'random', ...(p.bytes !== undefined ? { bytes: p.bytes } : {}), via: p.via, loc, ...named };
  if (p?.kind === 'variable') return { source: 'variable', name: name ?? p.name, loc };
  if (p?.kind === 'literal') return { source: 'literal', bytes: p.bytes, via: 'a literal', loc, ...named };
  if (name && !p) return { source: 'variable', name, loc };
  return undefined;
}

/** BYOK material from a value only known at run time: the file it is read from, or the variable holding it. */
export function holeMaterial(hole: Hole): MaterialSource | undefined {
  const p = hole.product;
  if (p?.kind === 'file') return { kind: 'file', path: p.path, reader: p.reader };
  if (p?.kind === 'variable') return { kind: 'variable', name: p.name };
  if (hole.variable && !p) return { kind: 'variable', name: hole.variable };
  return undefined;
}

/** Where a piece shows in the word being read: the expansion for a spliced variable value. */
export function pieceRange(piece: Piece): { from: number; to: number } {
  return piece.use ?? { from: piece.from, to: piece.to };
}

export function stepsTrace(steps: Step[], redact: boolean): TraceStep[] {
  const out: TraceStep[] = [];
  for (const s of steps) {
    const label = redact ? s.redacted : s.label;
    if (out.some((o) => o.label === label && o.loc === s.loc)) continue;
    out.push(s.loc ? { label, loc: s.loc } : { label });
  }
  return out;
}

/** What word evaluation needs from the analysis around it. */
export interface WordScope {
  src: ShellSource;
  /** A new site id for pieces written at one place. */
  site(): number;
  /** `$NAME`: the variable's pieces (or a hole), with how it was resolved. */
  lookup(name: string, from: number, to: number, site: number): Piece[];
  /** Whether NAME is assigned in the script: true, false (not assigned), or undefined (cannot tell). */
  isAssigned(name: string): boolean | undefined;
  /** `${NAME:=default}`: assign when unset. */
  assign(name: string, pieces: Piece[], node: SyntaxNode): void;
  /** `$(...)`, backticks, `<(...)`: run the inner commands through the analysis and say what they produce. */
  substitute(node: SyntaxNode): Hole;
  loc(from: number, to: number): Loc;
}

/** How backslashes and quotes read: outside quotes, in double quotes, in single quotes, in a heredoc body. */
type Quoting = 'unquoted' | 'double' | 'raw' | 'heredoc';

/** Characters a backslash escapes inside double quotes and heredocs (elsewhere the backslash stays). */
const DOUBLE_QUOTE_ESCAPES = new Set(['$', '`', '"', '\\']);
const HEREDOC_ESCAPES = new Set(['$', '`', '\\']);

export class WordEvaluator {
  constructor(private readonly scope: WordScope) {}

  word(node: SyntaxNode): Word {
    const site = this.scope.site();
    const pieces = this.pieces(node, site, 'unquoted');
    return new Word(node.startIndex, node.endIndex, pieces, site, variableName(node));
  }

  /** A heredoc body: expansions unless the delimiter was quoted. */
  heredoc(node: SyntaxNode, quoted: boolean): Word {
    const site = this.scope.site();
    const pieces = quoted ? this.literal(node.text, node.startIndex, site, 'raw') : this.sequence(node, site, 'heredoc');
    return new Word(node.startIndex, node.endIndex, pieces, site);
  }

  /** Pieces of literal text at script offset `from`, with escapes and host markers. */
  literal(text: string, from: number, site: number, quoting: Quoting): Piece[] {
    const out: Piece[] = [];
    let run = '';
    let runFrom = from;
    const flush = (at: number) => {
      // Quotes may be inserted as they are inside single quotes and heredoc bodies.
      const raw = quoting === 'raw' || quoting === 'heredoc';
      if (run) out.push({ text: run, from: runFrom, to: runFrom + run.length, exact: true, ...(raw ? { raw } : {}), site, steps: [] });
      run = '';
      runFrom = at;
    };
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      const at = from + i;
      const marker = markerIndex(text.charCodeAt(i));
      if (marker !== undefined) {
        flush(at + 1);
        out.push(this.hostValuePiece(marker, at, site));
        continue;
      }
      if (ch === '\\' && quoting !== 'raw' && i + 1 < text.length) {
        const next = text[i + 1];
        if (next === '\n') {
          flush(at + 2);
          i++;
          continue;
        }
        if (quoting === 'unquoted' || (quoting === 'double' ? DOUBLE_QUOTE_ESCAPES : HEREDOC_ESCAPES).has(next)) {
          flush(at + 2);
          out.push({ text: next, from: at, to: at + 2, exact: false, site, steps: [] });
          i++;
          continue;
        }
      }
      if (!run) runFrom = at;
      run += ch;
    }
    flush(from + text.length);
    return out;
  }

  private hostValuePiece(index: number, at: number, site: number): Piece {
    const hv = this.scope.src.hostValues[index];
    if (!hv) return { hole: { reason: 'unknown host substitution' }, from: at, to: at + 1, exact: false, site, steps: [] };
    const steps = hv.value.trace.map((t) => ({ label: t.label, redacted: hv.name, loc: t.loc }));
    if (hv.value.known) return { text: hv.value.value, from: at, to: at + 1, exact: false, site, steps };
    return { hole: { reason: hv.value.reason, variable: hv.name }, from: at, to: at + 1, exact: false, site, steps };
  }

  private pieces(node: SyntaxNode, site: number, quoting: Quoting): Piece[] {
    const text = this.scope.src.text;
    switch (node.type) {
      case 'word':
      case 'number':
      case 'extglob_pattern':
      case 'regex':
      case 'special_variable_name':
      case 'variable_name':
        return this.literal(node.text, node.startIndex, site, quoting === 'double' ? 'double' : 'unquoted');
      case 'string_content':
        return this.literal(node.text, node.startIndex, site, 'double');
      case 'heredoc_content':
        return this.literal(node.text, node.startIndex, site, 'heredoc');
      case 'raw_string':
        return this.literal(node.text.slice(1, -1), node.startIndex + 1, site, 'raw');
      case 'ansi_c_string':
        return this.ansiC(node, site);
      case 'string':
      case 'translated_string':
        return this.sequence(node, site, 'double');
      case 'concatenation':
        return this.sequence(node, site, quoting);
      case 'simple_expansion':
      case 'expansion':
        return this.expansion(node, site);
      case 'command_substitution':
      case 'process_substitution':
        return [{ hole: this.scope.substitute(node), from: node.startIndex, to: node.endIndex, exact: false, site, steps: [] }];
      case 'arithmetic_expansion':
        return [hole('arithmetic expansion', node, site)];
      case 'brace_expression':
        return [hole('brace expansion', node, site)];
      default:
        if (node.childCount === 0) return this.literal(text.slice(node.startIndex, node.endIndex), node.startIndex, site, quoting === 'raw' ? 'raw' : 'unquoted');
        // Anything else (an array, a glob with classes): still run what it contains.
        for (const child of node.namedChildren) if (child) this.pieces(child, site, quoting);
        return [hole(`${node.type.replace(/_/g, ' ')}`, node, site)];
    }
  }

  /** Children of a string or concatenation in order, with the text between them as literal text. */
  private sequence(node: SyntaxNode, site: number, quoting: Quoting): Piece[] {
    const text = this.scope.src.text;
    let cursor = node.startIndex;
    let end = node.endIndex;
    if (node.type === 'string' || node.type === 'translated_string') {
      cursor = text.indexOf('"', node.startIndex) + 1;
      if (text[end - 1] === '"' && end - 1 >= cursor) end--;
    }
    const out: Piece[] = [];
    for (const child of node.children) {
      if (!child || !child.isNamed) continue;
      if (child.startIndex > cursor) out.push(...this.literal(text.slice(cursor, child.startIndex), cursor, site, gapQuoting(quoting)));
      out.push(...this.pieces(child, site, quoting));
      cursor = Math.max(cursor, child.endIndex);
    }
    if (end > cursor) out.push(...this.literal(text.slice(cursor, end), cursor, site, gapQuoting(quoting)));
    return out;
  }

  private ansiC(node: SyntaxNode, site: number): Piece[] {
    const body = node.text.slice(2, -1);
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };
    let out = '';
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== '\\') {
        out += body[i];
        continue;
      }
      const decoded = escapes[body[i + 1]];
      if (decoded === undefined) return [hole("$'…' string with numeric escapes", node, site)];
      out += decoded;
      i++;
    }
    if (out === body) return this.literal(body, node.startIndex + 2, site, 'raw');
    return [{ text: out, from: node.startIndex, to: node.endIndex, exact: false, site, steps: [] }];
  }

  private expansion(node: SyntaxNode, site: number): Piece[] {
    const named = node.namedChildren.filter((c): c is SyntaxNode => !!c);
    const nameNode = named.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
    if (!nameNode || nameNode.type === 'special_variable_name' || /^\d+$/.test(nameNode.text)) {
      const what = nameNode ? `$${nameNode.text}` : node.text;
      return [hole(`${what} is set when the script runs`, node, site)];
    }
    const name = nameNode.text;
    if (node.type === 'simple_expansion') return this.scope.lookup(name, node.startIndex, node.endIndex, site);

    const operators = node.children.filter((c): c is SyntaxNode => !!c && !c.isNamed && c.type !== '${' && c.type !== '}');
    const op = operators[0]?.type;
    if (!op) return this.scope.lookup(name, node.startIndex, node.endIndex, site);
    if (op === '#' && operators[0].startIndex < nameNode.startIndex) {
      const value = this.scope.lookup(name, node.startIndex, node.endIndex, site);
      const text = knownText(value);
      if (text === undefined) return [hole(`length of $${name}`, node, site)];
      return [{ text: String(text.length), from: node.startIndex, to: node.endIndex, exact: false, site, steps: value.flatMap((p) => p.steps) }];
    }
    if (operators.length !== 1 || ![':-', '-', ':=', '=', ':+', '+'].includes(op)) {
      // Substring, pattern replacement, indirection …: the value is transformed beyond what we follow.
      for (const c of named) if (c !== nameNode) this.pieces(c, site, 'double');
      return [hole(`\${${name}${op}…} expansion`, node, site)];
    }
    const operand = named.filter((c) => c.startIndex >= operators[0].endIndex);
    const text = this.scope.src.text;
    const defaultPieces = () => {
      const start = operators[0].endIndex;
      const end = node.endIndex - 1;
      const out: Piece[] = [];
      let cursor = start;
      for (const c of operand) {
        if (c.startIndex > cursor) out.push(...this.literal(text.slice(cursor, c.startIndex), cursor, site, 'double'));
        out.push(...this.pieces(c, site, 'double'));
        cursor = c.endIndex;
      }
      if (end > cursor) out.push(...this.literal(text.slice(cursor, end), cursor, site, 'double'));
      return out;
    };
    const assigned = this.scope.isAssigned(name);
    const current = assigned ? this.scope.lookup(name, node.startIndex, node.endIndex, site) : undefined;
    const currentText = current ? knownText(current) : undefined;
    if (op === ':+' || op === '+') {
      if (current === undefined || currentText === undefined) return [hole(`\${${name}${op}…} depends on whether $${name} is set`, node, site)];
      return currentText === '' && op === ':+' ? [] : defaultPieces();
    }
    // :- - := = : the default applies when the script leaves the variable unset.
    if (assigned === undefined || (current && currentText === undefined)) {
      defaultPieces();
      return [hole(`$${name} may or may not be set here`, node, site)];
    }
    const useDefault = !assigned || (op.startsWith(':') && currentText === '');
    if (!useDefault) return current!;
    const pieces = defaultPieces();
    const step: Step = { label: `${displayText(this.scope.src, node.startIndex, node.endIndex)} ($${name} is not set in the script)`, redacted: `${name} default`, loc: this.scope.loc(node.startIndex, node.endIndex) };
    const withStep = pieces.map((p) => ({ ...p, steps: [step, ...p.steps] }));
    if (op === ':=' || op === '=') this.scope.assign(name, pieces, node);
    return withStep;
  }
}

function gapQuoting(quoting: Quoting): Quoting {
  return quoting === 'raw' ? 'unquoted' : quoting;
}

/** `$NAME`, `${NAME}`, `"$NAME"`, `${NAME:-default}`: the variable a word is. */
function variableName(node: SyntaxNode): string | undefined {
  let inner: SyntaxNode | null = node;
  if (inner.type === 'string' && inner.namedChildCount === 1) inner = inner.namedChild(0);
  if (!inner || (inner.type !== 'simple_expansion' && inner.type !== 'expansion')) return undefined;
  const name = inner.namedChildren.find((c) => c?.type === 'variable_name');
  return name?.text;
}

export function knownText(pieces: Piece[]): string | undefined {
  let out = '';
  for (const p of pieces) {
    if (p.text === undefined) return undefined;
    out += p.text;
  }
  return out;
}

function hole(reason: string, node: SyntaxNode, site: number): Piece {
  return { hole: { reason }, from: node.startIndex, to: node.endIndex, exact: false, site, steps: [] };
}
