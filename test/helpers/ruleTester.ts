// RuleTester in the style of ESLint's: tables of valid and invalid cases with exact positions
// (1-based, like an editor shows them), the fixed text, and a re-analysis that expects the
// finding gone. Files are virtual, under /ws, so tests never touch the disk.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createEngine } from '../../server/src/createEngine';
import type { Finding, TextEdit } from '../../server/src/engine/types';

export const WS = '/ws';

export type Files = Record<string, string>;

export interface ExpectedFinding {
  ruleId?: string;
  /** Exact message, or a RegExp it must match. */
  message?: string | RegExp;
  severity?: 'error' | 'warning' | 'info';
  /** 1-based, like the editor's status bar. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Related locations as "file:line" (file relative to /ws). */
  related?: string[];
  /** Resolution lines that must be present. */
  resolution?: (string | RegExp)[];
}

export interface ValidCase {
  name?: string;
  /** Single-file shorthand. */
  filename?: string;
  code?: string;
  files?: Files;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** Fix to apply (title or RegExp; default: the first fix of the first error) and the expected text of `outputFile` after it. */
  fix?: { title?: string | RegExp; output: string; outputFile?: string };
}

function filesOf(c: ValidCase): Files {
  if (c.files) return c.files;
  if (c.code === undefined || !c.filename) throw new Error('case needs files, or filename + code');
  return { [c.filename]: c.code };
}

export async function analyze(files: Files, root = WS) {
  const engine = createEngine(root);
  for (const [name, text] of Object.entries(files)) engine.setFile(path.join(root, name), text);
  return engine.analyze();
}

export function findingsFor(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

function describeFinding(f: Finding): string {
  const r = f.loc.range;
  return `${f.ruleId} ${path.relative(WS, f.loc.file)}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${f.severity} ${f.message}`;
}

export function runRuleTests(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    for (const [i, c] of cases.valid.entries()) {
      it(`valid: ${c.name ?? i}`, async () => {
        const { findings } = await analyze(filesOf(c));
        assert.deepEqual(findingsFor(findings, ruleId).map(describeFinding), []);
      });
    }
    for (const [i, c] of cases.invalid.entries()) {
      it(`invalid: ${c.name ?? i}`, async () => {
        const files = filesOf(c);
        const { findings } = await analyze(files);
        const mine = findingsFor(findings, ruleId);
        assert.equal(mine.length, c.errors.length, `expected ${c.errors.length} ${ruleId} finding(s), got:\n${mine.map(describeFinding).join('\n')}`);
        for (const [j, expected] of c.errors.entries()) {
          const got = mine[j];
          const r = got.loc.range;
          const where = { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
          assert.deepEqual(
            { line: where.line, column: where.column, ...(expected.endLine !== undefined ? { endLine: where.endLine, endColumn: where.endColumn } : {}) },
            { line: expected.line, column: expected.column, ...(expected.endLine !== undefined ? { endLine: expected.endLine, endColumn: expected.endColumn } : {}) },
            `position of finding ${j}: ${describeFinding(got)}`,
          );
          if (expected.message instanceof RegExp) assert.match(got.message, expected.message);
          else if (expected.message !== undefined) assert.equal(got.message, expected.message);
          if (expected.severity) assert.equal(got.severity, expected.severity, describeFinding(got));
          if (expected.related) assert.deepEqual(got.related.map((r) => `${path.relative(WS, r.loc.file)}:${r.loc.range.start.line + 1}`), expected.related);
          for (const line of expected.resolution ?? []) {
            assert.ok(got.resolution.some((l) => (line instanceof RegExp ? line.test(l) : l === line)), `resolution ${line} not in ${JSON.stringify(got.resolution)}`);
          }
        }
        if (c.fix) {
          const fixes = mine.flatMap((f) => f.fixes);
          const fix = c.fix.title === undefined ? mine[0].fixes[0] : fixes.find((f) => (c.fix!.title instanceof RegExp ? c.fix!.title.test(f.title) : f.title === c.fix!.title));
          assert.ok(fix, `fix ${c.fix.title ?? '(first)'} offered; have: ${fixes.map((f) => f.title).join(', ')}`);
          const outputFile = c.fix.outputFile ?? Object.keys(files)[0];
          const target = path.join(WS, outputFile);
          const fixed = applyEdits(files[outputFile], fix.edits.filter((e) => e.file === target));
          assert.equal(fixed, c.fix.output);
          // Re-analyse the fixed files: the finding the fix targeted is gone.
          const after = await analyze({ ...files, [outputFile]: fixed });
          const before = mine[0];
          const still = findingsFor(after.findings, ruleId).filter((f) => f.message === before.message && f.loc.file === before.loc.file);
          assert.deepEqual(still.map(describeFinding), [], 'finding gone after the fix');
          // …and the fixed file still parses (surfaces note syntax errors they recovered from).
          assert.deepEqual(after.notes.filter((n) => n.file === target && /syntax/i.test(n.message)).map((n) => n.message), [], 'fixed file parses');
        }
      });
    }
  });
}

/**
 * The 1-based range of the `nth` occurrence of `needle` in `code`, for readable expectations:
 * `{ ...at(code, 'export_allowed = true'), message: … }`. Throws when the needle is missing.
 */
export function at(code: string, needle: string, nth = 0): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = code.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (occurrence ${nth}) not in the test code`);
  }
  const before = code.slice(0, index).split('\n');
  const through = code.slice(0, index + needle.length).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, endLine: through.length, endColumn: through[through.length - 1].length + 1 };
}
