// What common Unix commands write to stdout, as far as the KMS rules care: the content of a file
// (`base64 < data.csv`, `cat key.bin`), fresh random bytes (`openssl rand -base64 32`,
// `head -c 32 /dev/urandom`), or their input passed through (`base64`, `jq`, `tr`).
import type { Product, Word } from './words';

/** Where a command's stdin comes from: a redirected file, or what the previous pipeline stage wrote. */
export interface Stdin {
  file?: string;
  product?: Product;
  /** A heredoc or here-string: the text itself. */
  text?: Word;
}

/** Produces its own output, passes its input through, or neither (undefined). */
export type CommandOutput = { product: Product } | 'pass' | undefined;

const RANDOM_DEVICES = new Set(['/dev/urandom', '/dev/random']);

/** Commands that transform their input without changing what it is (still the file, still the key id). */
const PASS_THROUGH = new Set(['base64', 'gbase64', 'xxd', 'od', 'hexdump', 'tr', 'cut', 'jq', 'yq', 'sed', 'awk', 'gawk', 'tee', 'head', 'tail', 'fold', 'cat', 'grep', 'basenc']);

/** Flags of these commands that take a separate value. */
const VALUE_FLAGS: Record<string, Set<string>> = {
  base64: new Set(['-w', '--wrap', '-b', '--break', '-o', '--output']),
  head: new Set(['-c', '-n', '--bytes', '--lines']),
  openssl: new Set(['-out', '-in', '-engine', '-rand', '-writerand', '-provider']),
};

/** Operands (non-flag words) and flag values of a simple command line. */
function splitArgs(command: string, args: Word[]): { operands: Word[]; flags: Map<string, Word | true> } {
  const valueFlags = VALUE_FLAGS[command] ?? new Set<string>();
  const operands: Word[] = [];
  const flags = new Map<string, Word | true>();
  for (let i = 0; i < args.length; i++) {
    const text = args[i].text;
    if (text === undefined || !text.startsWith('-') || text === '-') {
      operands.push(args[i]);
      continue;
    }
    const eq = text.indexOf('=');
    if (text.startsWith('--') && eq > 0) {
      flags.set(text.slice(0, eq), args[i].sliceAfter(eq + 1));
      continue;
    }
    if (valueFlags.has(text) && i + 1 < args.length) {
      flags.set(text, args[++i]);
      continue;
    }
    // `-c32`, `-w0`: a short flag with its value attached.
    const short = text.slice(0, 2);
    if (!text.startsWith('--') && text.length > 2 && valueFlags.has(short)) {
      flags.set(short, args[i].sliceAfter(2));
      continue;
    }
    flags.set(text, true);
  }
  return { operands, flags };
}

function byteCount(word: Word | true | undefined): number | undefined {
  const text = word === true || word === undefined ? undefined : word.text;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function fileProduct(path: string, reader: string, via: string): Product {
  if (RANDOM_DEVICES.has(path)) return { kind: 'random', via };
  return { kind: 'file', path, reader, via };
}

/** What `name args` writes, given its stdin. `via` describes the command for messages (no values). */
export function commandOutput(name: string, args: Word[], stdin: Stdin | undefined, via: string): CommandOutput {
  const { operands, flags } = splitArgs(name, args);
  const operandPath = operands.length === 1 ? operands[0].text : undefined;
  const fromStdin = (reader: string): CommandOutput => {
    if (stdin?.file) return { product: fileProduct(stdin.file, reader, `${via} < ${stdin.file}`) };
    return 'pass';
  };
  switch (name) {
    case 'base64':
    case 'gbase64':
    case 'basenc':
      if (flags.has('-d') || flags.has('--decode') || flags.has('-D')) return operandPath ? undefined : 'pass';
      if (operandPath && operandPath !== '-') return { product: fileProduct(operandPath, name, via) };
      return operands.length ? undefined : fromStdin(name);
    case 'cat':
      if (operands.length === 0) return fromStdin('cat');
      if (operandPath && operandPath !== '-') return { product: fileProduct(operandPath, 'cat', via) };
      return undefined;
    case 'head': {
      const bytes = byteCount(flags.get('-c') ?? flags.get('--bytes'));
      const source = operandPath ?? stdin?.file;
      if (source && RANDOM_DEVICES.has(source)) return bytes !== undefined ? { product: { kind: 'random', bytes, via } } : undefined;
      if (stdin?.product?.kind === 'random' && bytes !== undefined) return { product: { kind: 'random', bytes, via: stdin.product.via } };
      if (operandPath) return { product: fileProduct(operandPath, 'head', via) };
      return fromStdin('head');
    }
    case 'dd': {
      const option = (key: string) => args.map((a) => a.text).find((t) => t?.startsWith(`${key}=`))?.slice(key.length + 1);
      const input = option('if');
      const bs = option('bs');
      const count = option('count') ?? '1';
      if (input && RANDOM_DEVICES.has(input) && bs && /^\d+$/.test(bs) && /^\d+$/.test(count)) return { product: { kind: 'random', bytes: Number(bs) * Number(count), via } };
      if (input) return { product: fileProduct(input, 'dd', via) };
      return fromStdin('dd');
    }
    case 'openssl': {
      const sub = operands[0]?.text;
      if (sub === 'rand') {
        const bytes = byteCount(operands[operands.length - 1]);
        return bytes !== undefined && operands.length === 2 && !flags.has('-out') ? { product: { kind: 'random', bytes, via } } : undefined;
      }
      const isBase64 = sub === 'base64' || (sub === 'enc' && (flags.has('-base64') || flags.has('-a')));
      if (!isBase64) return undefined;
      if (flags.has('-d')) return 'pass';
      const input = flags.get('-in');
      if (input && input !== true && input.text) return { product: fileProduct(input.text, 'openssl', via) };
      return fromStdin('openssl');
    }
    case 'tr':
      if (stdin?.file && RANDOM_DEVICES.has(stdin.file)) return { product: { kind: 'random', via } };
      return 'pass';
    default:
      return PASS_THROUGH.has(name) ? 'pass' : undefined;
  }
}
