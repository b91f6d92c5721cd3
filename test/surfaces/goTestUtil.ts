// Helpers for the Go surface tests: analyse in-memory files and point at code by its text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, WS, type Files } from '../helpers/ruleTester';
import type { Loc, Range } from '../../server/src/engine/types';

export const SDK = 'github.com/thalassa-cloud/client-go';

/** The Go facts of the files (under /ws). */
export async function goFacts(files: Files) {
  const { index, notes } = await analyze(files);
  return {
    keys: index.keys.filter((k) => k.surface === 'go'),
    uses: index.uses.filter((u) => u.surface === 'go'),
    prints: index.prints.filter((p) => p.surface === 'go'),
    notes,
  };
}

/** The 0-based range of the `occurrence`-th `needle` in `code`. */
export function rangeOf(code: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = code.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} #${occurrence} not in code`);
  }
  return { start: posAt(code, at), end: posAt(code, at + needle.length) };
}

export function posAt(code: string, offset: number): Range['start'] {
  const before = code.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function loc(file: string, range: Range): Loc {
  return { file: path.join(WS, file), range };
}

/** The files of a fixture folder, keyed by name. */
export function fixture(name: string): Files {
  const dir = path.join(__dirname, '..', 'fixtures', 'go', name);
  const files: Files = {};
  for (const f of fs.readdirSync(dir)) files[path.join(name, f)] = fs.readFileSync(path.join(dir, f), 'utf8');
  return files;
}

/** The range of `needle` inside the first occurrence of `context` (for needles that are not unique alone). */
export function rangeIn(code: string, context: string, needle: string): Range {
  const base = code.indexOf(context);
  if (base < 0) throw new Error(`${JSON.stringify(context)} not in code`);
  const inner = context.indexOf(needle);
  if (inner < 0) throw new Error(`${JSON.stringify(needle)} not in ${JSON.stringify(context)}`);
  return { start: posAt(code, base + inner), end: posAt(code, base + inner + needle.length) };
}
