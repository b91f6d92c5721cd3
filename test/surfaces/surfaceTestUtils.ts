// Shared by the REST-family surface tests: run one extractor over virtual files and show
// locations compactly (1-based like an editor: "line:col-line:col").
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SurfaceExtractor } from '../../server/src/engine/engine';
import type { FactSet, Loc } from '../../server/src/engine/types';

export const WS = '/ws';

export async function extract(extractor: SurfaceExtractor, files: Record<string, string>): Promise<FactSet> {
  const sources = Object.entries(files)
    .map(([name, text]) => ({ path: path.join(WS, name), text }))
    .filter((f) => extractor.accepts(f.path, f.text));
  return extractor.extract(sources);
}

export function fixture(...parts: string[]): string {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', ...parts), 'utf8');
}

/** `file:line:col-line:col`, 1-based, file relative to /ws. */
export function where(loc: Loc | undefined): string | undefined {
  if (!loc) return undefined;
  const r = loc.range;
  return `${path.relative(WS, loc.file)}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/** The text a location covers. */
export function textAt(text: string, loc: Loc | undefined): string | undefined {
  if (!loc) return undefined;
  const lines = text.split('\n');
  const { start, end } = loc.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}
