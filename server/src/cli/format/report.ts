// What a scan produced, in the shape every output format starts from.
import * as path from 'path';
import type { Finding, Note, Range, Severity } from '../../engine/types';

export interface ScanReport {
  findings: Finding[];
  notes: Note[];
  /** Number of files some extractor analysed. */
  filesAnalysed: number;
  /** Printed file names are relative to this folder. */
  cwd: string;
  docsBaseUrl: string;
}

export interface FormatOptions {
  color: boolean;
  verbose: boolean;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** A file name relative to the current folder, with `/` separators (stable across platforms in JSON and SARIF). */
export function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || '.';
}

/** 1-based line and column, the way editors and compilers print them. */
export function oneBased(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
