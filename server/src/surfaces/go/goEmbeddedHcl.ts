// Terraform configurations written in Go string literals (provider acceptance tests build them
// with fmt.Sprintf from a raw string), analysed by the Terraform surface with positions in the
// .go file. Each literal is its own configuration.
//
// fmt verbs are not HCL, so each becomes a name of its own length, its letters and digits kept
// and the rest `_` (`%s` → `_s`, `%[2]q` → `__2_q`): a bare name evaluates to unknown
// (`region = %[2]q` → `region = __2_q`), and the same verb is the same name in labels and
// references (`"%s"` → `"_s"`, `thalassa_kms_key.%s.id` → `thalassa_kms_key._s.id`). A string
// value with a verb in it (`name = "acc-%s"`) is replaced whole by a name of underscores, so
// its value is unknown rather than a made-up text: two placeholder regions never compare equal.
import type { FactSet, Loc } from '../../engine/types';
import { emptyFacts } from '../../engine/engine';
import { parserFor } from '../../parsing/treeSitter';
import { blankOutside, descendantsOfType, LineIndex, mergeFacts } from '../common';
import { extractTerraformText } from '../terraform/extractTerraformFacts';
import type { GoFileInfo } from './goPackage';
import { goEscape } from './goSyntax';

/** Resource types that yield KMS facts: a file naming none of them is not searched. */
const KMS_TYPES = ['thalassa_kms_key', 'thalassa_secret', 'thalassa_dns_zone_dnssec'];
/** Text of a literal that holds a Terraform configuration. */
const CONFIG_MARKERS = ['resource "thalassa_', 'data "thalassa_'];
/** A fmt verb (`%s`, `%q`, `%-5d`, `%[2]q`, `%.2f`, `%*d`) or `%%`, matched in one literal's value. */
const FMT_VERB = /%%|%[-+# 0]*(?:\[\d+\])?(?:\*|\d+)?(?:\.(?:\[\d+\])?(?:\*|\d+)?)?(?:\[\d+\])?[A-Za-z]/g;
/** HCL string nodes; in an expression, one holding a verb becomes unknown. */
const HCL_STRINGS = new Set(['string_lit', 'quoted_template', 'heredoc_template']);

interface LiteralValue {
  /** The value as HCL reads it (a raw string's carriage returns are kept: they are whitespace to HCL). */
  text: string;
  /** File offset of the value's first character. */
  start: number;
  /** Interpreted strings only: the file offset where each value character is written, plus the end. */
  offsets?: number[];
}

/** Facts of the Terraform configurations in the file's string literals. */
export async function embeddedTerraformFacts(file: GoFileInfo): Promise<FactSet> {
  const out = emptyFacts();
  if (!KMS_TYPES.some((type) => file.text.includes(type))) return out;
  let fileLines: LineIndex | undefined;
  for (const literal of descendantsOfType(file.root, ['raw_string_literal', 'interpreted_string_literal'])) {
    const value = literalValue(literal.type, literal.text, literal.startIndex);
    if (!value || !CONFIG_MARKERS.some((marker) => value.text.includes(marker))) continue;
    const scope = `go-hcl:${file.path}#${literal.startIndex}`;
    try {
      const hcl = await withPlaceholders(value.text);
      if (!value.offsets) {
        // A raw string is its value: the configuration sits at its place in the file.
        const end = value.start + hcl.length;
        const text = blankOutside(file.text.slice(0, value.start) + hcl + file.text.slice(end), [{ start: value.start, end }]);
        mergeFacts(out, await extractTerraformText(file.path, text, scope));
      } else {
        fileLines ??= new LineIndex(file.text);
        mergeFacts(out, escapedFacts(await extractTerraformText(file.path, hcl, scope), hcl, value.offsets, fileLines));
      }
    } catch (err) {
      out.notes.push({ file: file.path, message: `Terraform configuration in a Go string at line ${literal.startPosition.row + 1} skipped: ${(err as Error).message}` });
    }
  }
  return out;
}

function literalValue(type: string, source: string, at: number): LiteralValue | undefined {
  const close = type === 'raw_string_literal' ? '`' : '"';
  // An unterminated literal is code being typed.
  if (source.length < 2 || !source.endsWith(close)) return undefined;
  const body = source.slice(1, -1);
  if (type === 'raw_string_literal') return { text: body, start: at + 1 };
  let text = '';
  const offsets: number[] = [];
  for (let i = 0; i < body.length; ) {
    const written = body[i] === '\\' ? goEscape(body, i) : { value: body[i], length: 1 };
    text += written.value;
    for (let k = 0; k < written.value.length; k++) offsets.push(at + 1 + i);
    i += written.length;
  }
  offsets.push(at + 1 + body.length);
  return { text, start: at + 1, offsets };
}

/** The configuration with fmt verbs replaced by same-length placeholders (see the file comment). */
async function withPlaceholders(text: string): Promise<string> {
  const verbs: { start: number; end: number }[] = [];
  const chars = text.split('');
  for (const m of text.matchAll(FMT_VERB)) {
    const start = m.index;
    verbs.push({ start, end: start + m[0].length });
    // `%%` prints `%`: the space goes first so `%%{` stays a template directive.
    const placeholder = m[0] === '%%' ? ' %' : m[0].replace(/[^A-Za-z0-9]/g, '_');
    for (let i = 0; i < placeholder.length; i++) chars[start + i] = placeholder[i];
  }
  if (!verbs.length) return text;
  const placeheld = chars.join('');
  const tree = (await parserFor('terraform')).parse(placeheld);
  if (!tree) return placeheld;
  try {
    const stack = [{ node: tree.rootNode, inExpression: false }];
    while (stack.length) {
      const { node, inExpression } = stack.pop()!;
      const holdsVerb = verbs.some((v) => v.start < node.endIndex && node.startIndex < v.end);
      if (!holdsVerb) continue;
      if (inExpression && HCL_STRINGS.has(node.type)) {
        const unknown = unknownExpression(placeheld.slice(node.startIndex, node.endIndex));
        for (let i = 0; i < unknown.length; i++) chars[node.startIndex + i] = unknown[i];
        continue;
      }
      for (const child of node.children) if (child) stack.push({ node: child, inExpression: inExpression || node.type === 'expression' });
    }
  } finally {
    tree.delete();
  }
  return chars.join('');
}

/** An expression with the shape (length, line breaks) of `text` whose value is unknown: a bare name, parenthesised when it spans lines. */
function unknownExpression(text: string): string {
  if (!/[\r\n]/.test(text)) return '_'.repeat(text.length);
  const chars: string[] = text.split('').map((c) => (c === '\n' || c === '\r' ? c : ' '));
  const open = chars.indexOf(' ');
  const name = chars.indexOf(' ', open + 1);
  const close = chars.lastIndexOf(' ');
  if (open < 0 || name < 0 || close <= name) return text;
  chars[open] = '(';
  chars[name] = '_';
  chars[close] = ')';
  return chars.join('');
}

/**
 * Facts of a configuration read from an interpreted string's value, moved to where the value is
 * written in the file. Fixes would have to write Go escapes (`\"`, `\n`), so the facts offer no
 * insertion or region rewrite; removing a whole attribute maps to its escapes exactly and stays.
 */
function escapedFacts(facts: FactSet, hcl: string, offsets: number[], fileLines: LineIndex): FactSet {
  const hclLines = new LineIndex(hcl);
  const move = (loc: Loc): Loc => ({
    file: loc.file,
    range: { start: fileLines.pos(offsets[hclLines.offset(loc.range.start)]), end: fileLines.pos(offsets[hclLines.offset(loc.range.end)]) },
  });
  const moved = withLocs(facts, move);
  for (const key of moved.keys) delete key.writer;
  for (const use of moved.uses) delete use.regionWriter;
  return moved;
}

/** A copy of facts with every location passed through `move` (the input may be shared with a parse cache). */
function withLocs<T>(value: T, move: (loc: Loc) => Loc): T {
  if (Array.isArray(value)) return value.map((v) => withLocs(v, move)) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (isLoc(value)) return move(value) as T;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = withLocs(v, move);
  return copy as T;
}

function isLoc(value: object): value is Loc {
  const v = value as Partial<Loc>;
  return typeof v.file === 'string' && typeof v.range === 'object' && v.range !== null && 'start' in v.range && 'end' in v.range;
}
