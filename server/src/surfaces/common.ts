// Small helpers every extractor shares: tree-sitter nodes → locations, comments, per-file caching.
import type { Node as SyntaxNode, Tree } from 'web-tree-sitter';
import type { SourceFile, SurfaceExtractor } from '../engine/engine';
import { emptyFacts } from '../engine/engine';
import type { Comment, FactSet, Loc, Pos, Range } from '../engine/types';

export type { SyntaxNode, Tree };

export function nodeRange(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

export function nodeLoc(file: string, node: SyntaxNode): Loc {
  return { file, range: nodeRange(node) };
}

/** Loc spanning from the start of `a` to the end of `b`. */
export function spanLoc(file: string, a: SyntaxNode, b: SyntaxNode): Loc {
  return { file, range: { start: nodeRange(a).start, end: nodeRange(b).end } };
}

/** Every node of the given types under `root` (comments, strings …), depth first. */
export function descendantsOfType(root: SyntaxNode, types: string[]): SyntaxNode[] {
  return root.descendantsOfType(types).filter((n): n is SyntaxNode => !!n);
}

export function collectComments(file: string, root: SyntaxNode, types: string[] = ['comment']): Comment[] {
  return descendantsOfType(root, types).map((n) => ({ loc: nodeLoc(file, n), text: n.text }));
}

export function mergeFacts(target: FactSet, more: FactSet): FactSet {
  target.keys.push(...more.keys);
  target.uses.push(...more.uses);
  target.prints.push(...more.prints);
  target.comments.push(...more.comments);
  target.notes.push(...more.notes);
  return target;
}

/**
 * An extractor for surfaces where each file stands alone (scripts, Markdown, REST files):
 * facts are cached per path and text, so only changed files are parsed again.
 */
export function perFileExtractor(id: string, accepts: (file: string, text: string) => boolean, extractFile: (file: SourceFile) => Promise<FactSet>): SurfaceExtractor {
  const cache = new Map<string, { text: string; facts: FactSet }>();
  return {
    id,
    accepts,
    async extract(files) {
      const out = emptyFacts();
      const seen = new Set<string>();
      for (const file of files) {
        seen.add(file.path);
        let entry = cache.get(file.path);
        if (!entry || entry.text !== file.text) {
          entry = { text: file.text, facts: await extractFile(file) };
          cache.set(file.path, entry);
        }
        mergeFacts(out, entry.facts);
      }
      for (const path of cache.keys()) if (!seen.has(path)) cache.delete(path);
      return out;
    },
  };
}

/**
 * Embedded code (a Markdown fence, a CI `run:` step) analysed as its own language with exact
 * positions: everything outside `keep` ranges is replaced by spaces, line breaks kept, so
 * offsets in the result are offsets in the host file.
 */
export function blankOutside(text: string, keep: { start: number; end: number }[]): string {
  const chars = text.split('');
  let k = 0;
  const sorted = [...keep].sort((a, b) => a.start - b.start);
  for (let i = 0; i < chars.length; i++) {
    while (k < sorted.length && sorted[k].end <= i) k++;
    const inside = k < sorted.length && sorted[k].start <= i && i < sorted[k].end;
    if (!inside && chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
  return chars.join('');
}

/** Maps UTF-16 offsets of a text (what jsonc-parser and yaml report) to 0-based line/character positions. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  pos(offset: number): Pos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  loc(file: string, start: number, end: number): Loc {
    return { file, range: { start: this.pos(start), end: this.pos(end) } };
  }
  offset(pos: Pos): number {
    return (this.starts[pos.line] ?? this.starts[this.starts.length - 1]) + pos.character;
  }
  /** Offset where 0-based `line` starts; undefined past the last line. */
  lineStart(line: number): number | undefined {
    return this.starts[line];
  }
}

const ENVIRONMENT_WORDS: Record<string, string> = {
  prod: 'prod', production: 'prod', prd: 'prod',
  staging: 'staging', stage: 'staging', stg: 'staging',
  dev: 'dev', development: 'dev',
  test: 'test', testing: 'test',
  qa: 'qa',
};

/** The environment a path names (`/app/prod/db/password` → `prod`), from its `/`-separated segments; the first that names one wins. */
export function environmentFromPath(p: string): string | undefined {
  for (const segment of p.split('/')) {
    const env = ENVIRONMENT_WORDS[segment.toLowerCase()];
    if (env) return env;
  }
  return undefined;
}

/** A line's span in its text, without the line break (`\n` or `\r\n`). */
export interface LineSpan {
  start: number;
  end: number;
}

/** Every line of `text` as offsets, for line-oriented formats (Makefile, Dockerfile). */
export function lineSpans(text: string): LineSpan[] {
  const spans: LineSpan[] = [];
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    spans.push({ start: at, end: text[end - 1] === '\r' ? end - 1 : end });
    if (nl < 0) break;
    at = nl + 1;
  }
  return spans;
}
