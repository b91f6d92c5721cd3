// Compiler-style output: `path:line:col  severity  message  [rule-id]`, then a summary line.
import * as path from 'path';
import type { Severity } from '../../engine/types';
import { countBySeverity, oneBased, type FormatOptions, type ScanReport } from './report';

const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

export function formatText(report: ScanReport, options: FormatOptions & { summary: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const where = (file: string, line: number, column: number) => `${path.relative(report.cwd, file) || '.'}:${line}:${column}`;
  const lines: string[] = [];
  for (const f of report.findings) {
    const { line, column } = oneBased(f.loc.range);
    lines.push(`${where(f.loc.file, line, column)}  ${paint(SEVERITY_COLOR[f.severity], f.severity)}  ${f.message}  ${paint('2', `[${f.ruleId}]`)}`);
    if (!options.verbose) continue;
    for (const step of f.resolution) lines.push(`    ${paint('2', 'why:')} ${step}`);
    for (const r of f.related) {
      const p = oneBased(r.loc.range);
      lines.push(`    ${paint('2', 'see:')} ${where(r.loc.file, p.line, p.column)}  ${r.message}`);
    }
  }
  if (options.summary) {
    if (lines.length) lines.push('');
    lines.push(summaryLine(report, options.verbose));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(report: ScanReport, verbose: boolean): string {
  const c = countBySeverity(report.findings);
  let line = `${plural(report.findings.length, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.info, 'info')}) in ${plural(report.filesAnalysed, 'file')}`;
  if (report.notes.length) line += verbose ? `; ${plural(report.notes.length, 'note')} on stderr` : `; ${plural(report.notes.length, 'note')} (--verbose shows them)`;
  return line;
}
