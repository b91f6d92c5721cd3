// `--format json`: one object with every finding (1-based positions, paths relative to the
// current folder) and a summary, for scripts and dashboards.
import type { Finding } from '../../engine/types';
import { countBySeverity, oneBased, relativePath, type ScanReport } from './report';

export function formatJson(report: ScanReport): string {
  const rel = (file: string) => relativePath(report.cwd, file);
  const counts = countBySeverity(report.findings);
  const out = {
    findings: report.findings.map((f: Finding) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: rel(f.loc.file),
      ...oneBased(f.loc.range),
      related: f.related.map((r) => ({ file: rel(r.loc.file), ...oneBased(r.loc.range), message: r.message })),
      fixes: f.fixes.map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({ file: rel(e.file), ...oneBased(e.range), newText: e.newText })),
      })),
      resolution: f.resolution,
    })),
    summary: {
      files: report.filesAnalysed,
      findings: report.findings.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      notes: report.notes.map((n) => ({ file: rel(n.file), message: n.message })),
    },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
