// Shell text as the shell sees it, and where each of its characters is written in the host file.
// A `.sh` file or a blanked Markdown fence is its own host (identity). A CI `run:` block, a
// Makefile recipe or a Dockerfile `RUN` is decoded first (indentation stripped, YAML escapes and
// `$$` undone, continuations joined), so each character carries the host range it came from.
import type { Loc, Value } from '../../engine/types';
import { LineIndex } from '../common';

/**
 * A value the host substituted into the shell text before the shell runs (a GitHub Actions
 * `${{ env.REGION }}`, a make `$(REGION)`). It stands in the text as one private-use character.
 */
export interface HostValue {
  value: Value<string>;
  /** How to name it in messages (`secrets.KEY`, `REGION`): never the value. */
  name: string;
}

/** A variable the host defines before the script runs (CI `env:`, Dockerfile `ENV`/`ARG`). */
export interface HostVariable extends HostValue {
  /** Where it is assigned, for the trace. */
  loc?: Loc;
  /** Trace label with the value (`REGION: nl-01`); the value is left out where it could be a secret. */
  label: string;
}

export const FIRST_MARKER = 0xe000;
const LAST_MARKER = 0xf8ff;

export function markerIndex(code: number): number | undefined {
  return code >= FIRST_MARKER && code <= LAST_MARKER ? code - FIRST_MARKER : undefined;
}

export interface ShellSource {
  file: string;
  /** The script. */
  text: string;
  /** The host file's text and lines (the script itself for identity sources). */
  hostText: string;
  hostLines: LineIndex;
  /** Host offsets where character i of `text` starts and ends; absent for identity sources. */
  starts?: Int32Array;
  ends?: Int32Array;
  /** Values behind marker characters, by index. */
  hostValues: HostValue[];
  /**
   * For the disable-before-delete fix: what may stand before a command on a new host line
   * inserted above it (`\t`, `RUN `, `- `), given the host text from the line start to the
   * command; undefined when a new line there would break the host syntax.
   */
  linePrefix(prefix: string): string | undefined;
  /** Whether fixes may edit the host text as shell text (false for a Dockerfile exec-form JSON array). */
  rewritable: boolean;
}

/** Only indentation may precede a command that gets a new line above it (scripts, fences, block scalars). */
export function whitespacePrefix(prefix: string): string | undefined {
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}

export function identitySource(file: string, text: string): ShellSource {
  return { file, text, hostText: text, hostLines: new LineIndex(text), hostValues: [], linePrefix: whitespacePrefix, rewritable: true };
}

/** Host offset where script character `v` starts. */
export function hostStart(src: ShellSource, v: number): number {
  if (!src.starts) return v;
  if (v < src.starts.length) return src.starts[v];
  return src.ends!.length ? src.ends![src.ends!.length - 1] : 0;
}

/** Host offset right after script character `v - 1` (where text inserted after it goes). */
export function hostEnd(src: ShellSource, v: number): number {
  if (!src.ends) return v;
  if (v > 0) return src.ends[v - 1];
  return src.starts!.length ? src.starts![0] : 0;
}

/** The host location of script range [from, to). */
export function hostLoc(src: ShellSource, from: number, to: number): Loc {
  const start = hostStart(src, from);
  const end = to > from ? Math.max(start, hostEnd(src, to)) : start;
  return src.hostLines.loc(src.file, start, end);
}

/** A zero-width host location right after script character `v - 1`. */
export function hostPointAfter(src: ShellSource, v: number): Loc {
  const at = hostEnd(src, v);
  return src.hostLines.loc(src.file, at, at);
}

/** The host text that script range [from, to) was written as. */
export function hostTextOf(src: ShellSource, from: number, to: number): string {
  return src.hostText.slice(hostStart(src, from), to > from ? hostEnd(src, to) : hostStart(src, from));
}

/**
 * Script range [from, to) as a person reads it in messages: the script text (escapes of the host
 * undone), with host substitutions shown as written (`${{ env.REGION }}`), whitespace collapsed.
 */
export function displayText(src: ShellSource, from: number, to: number, max = 60): string {
  let out = '';
  for (let i = from; i < to && i < src.text.length; i++) {
    out += markerIndex(src.text.charCodeAt(i)) !== undefined ? hostTextOf(src, i, i + 1) : src.text[i];
  }
  out = out.replace(/\s*\\?\r?\n\s*/g, ' ').replace(/\s+/g, ' ');
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** Builds a mapped ShellSource piece by piece from a host text. */
export class ShellTextBuilder {
  private readonly parts: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly values: HostValue[] = [];

  constructor(
    private readonly file: string,
    private readonly hostText: string,
    private readonly hostLines: LineIndex,
  ) {}

  get length(): number {
    return this.starts.length;
  }

  /** Host text [start, end) copied as is. */
  copy(start: number, end: number): this {
    for (let i = start; i < end; i++) {
      this.parts.push(this.hostText[i]);
      this.starts.push(i);
      this.ends.push(i + 1);
    }
    return this;
  }

  /** Text that stands for host range [start, end): a decoded escape, a folded line break, a separator. */
  put(text: string, start: number, end: number): this {
    for (const ch of text) {
      for (let k = 0; k < ch.length; k++) {
        this.parts.push(ch[k]);
        this.starts.push(start);
        this.ends.push(end);
      }
    }
    return this;
  }

  /** A host substitution written at [start, end), or undefined when the marker characters ran out. */
  marker(value: HostValue, start: number, end: number): boolean {
    const code = FIRST_MARKER + this.values.length;
    if (code > LAST_MARKER) return false;
    this.values.push(value);
    this.put(String.fromCharCode(code), start, end);
    return true;
  }

  build(linePrefix: (prefix: string) => string | undefined = whitespacePrefix, rewritable = true): ShellSource {
    return {
      file: this.file,
      text: this.parts.join(''),
      hostText: this.hostText,
      hostLines: this.hostLines,
      starts: Int32Array.from(this.starts),
      ends: Int32Array.from(this.ends),
      hostValues: this.values,
      linePrefix,
      rewritable,
    };
  }
}
