// Markdown: fenced code is checked as the language its info string names, with ranges in the
// Markdown file; prose and inline code never produce findings. HTML comments carry suppressions.
import MarkdownIt from 'markdown-it';
import type { SourceFile, SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet } from '../../engine/types';
import { blankOutside, LineIndex, mergeFacts, perFileExtractor } from '../common';
import { FENCE_LANGUAGES } from './fenceLanguages';

const markdown = new MarkdownIt({ html: true });

interface Span {
  start: number;
  end: number;
}

/** Offsets of each line start in `text`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * The spans of a fence's code in the host text. markdown-it strips list indentation and `> `
 * markers from `token.content`; each content line is the tail of its source line, so the span
 * is that tail — the code keeps its host columns.
 */
function codeSpans(text: string, starts: number[], firstLine: number, content: string): Span[] {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((codeLine, i) => {
    const lineStart = starts[firstLine + i];
    const next = starts[firstLine + i + 1];
    const lineEnd = next === undefined ? text.length : next - 1;
    const sourceLine = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    return { start: lineStart + Math.max(0, sourceLine.length - codeLine.length), end: lineStart + sourceLine.length };
  });
}

/** A `console` session: only the commands after a `$ ` prompt (and their `\` continuations) are code. */
function consoleCommandSpans(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  let continued = false;
  for (const span of spans) {
    const line = text.slice(span.start, span.end);
    const prompt = /^\s*\$ /.exec(line);
    if (prompt) out.push({ start: span.start + prompt[0].length, end: span.end });
    else if (continued) out.push(span);
    continued = (prompt !== null || continued) && line.trimEnd().endsWith('\\');
  }
  return out;
}

export async function extractMarkdownText(file: string, text: string): Promise<FactSet> {
  const facts = emptyFacts();
  const starts = lineStarts(text);
  const index = new LineIndex(text);
  let fenceNumber = 0;
  for (const token of markdown.parse(text, {})) {
    if (!token.map) continue;
    if (token.type === 'html_block') {
      // `<!-- kms-lint-disable-… -->` on its own line(s).
      const start = starts[token.map[0]];
      const end = token.map[1] < starts.length ? starts[token.map[1]] - 1 : text.length;
      const html = text.slice(start, end);
      let from = 0;
      for (;;) {
        const open = html.indexOf('<!--', from);
        if (open < 0) break;
        const close = html.indexOf('-->', open + 4);
        const stop = close < 0 ? html.length : close + 3;
        facts.comments.push({ loc: index.loc(file, start + open, start + stop), text: html.slice(open, stop) });
        from = stop;
      }
      continue;
    }
    if (token.type !== 'fence') continue;
    const language = token.info.trim().split(/[\s{]/)[0].toLowerCase();
    const extract = FENCE_LANGUAGES[language];
    if (!extract) continue;
    fenceNumber++;
    let spans = codeSpans(text, starts, token.map[0] + 1, token.content);
    if (language === 'console' || language === 'shell-session') spans = consoleCommandSpans(text, spans);
    if (!spans.length) continue;
    // Each fence stands alone (its own scope): a snippet in a README is not one program with the next.
    mergeFacts(facts, await extract(file, blankOutside(text, spans), `markdown:${file}#fence${fenceNumber}`));
  }
  return facts;
}

export function createMarkdownExtractor(): SurfaceExtractor {
  return perFileExtractor(
    'markdown',
    (file) => /\.(md|markdown|mdx)$/i.test(file),
    (file: SourceFile) => extractMarkdownText(file.path, file.text),
  );
}
