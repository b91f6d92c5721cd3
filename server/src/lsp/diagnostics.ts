// Findings and config problems → LSP diagnostics, grouped by file.
import { createHash } from 'crypto';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/engine';
import type { ConfigProblem } from '../engine/config';
import type { Finding, Severity } from '../engine/types';
import { ruleById } from '../rules';
import { practiceUrl, ruleDocUri } from './ruleDocs';

export const DIAGNOSTIC_SOURCE = 'kms-lint';
/** `code` of problems in `.kms-lint.yaml` itself. */
export const CONFIG_PROBLEM_CODE = 'config';

/** What code actions read back from a diagnostic (editors return it untouched). */
export interface DiagnosticData {
  ruleId: string;
  /** Identifies the finding in the analysis that produced the diagnostic. */
  key: string;
}

export interface DiagnosticOptions {
  relatedInformation: boolean;
  uriOf(file: string): string;
  docsBaseUrlFor(file: string): string;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function findingKey(f: Finding): string {
  const { start, end } = f.loc.range;
  return `${f.ruleId}@${start.line}:${start.character}-${end.line}:${end.character}#${shortHash(f.message)}`;
}

export function toDiagnostic(f: Finding, options: DiagnosticOptions): Diagnostic {
  const rule = ruleById(f.ruleId);
  const href = rule?.meta.practice ? practiceUrl(options.docsBaseUrlFor(f.loc.file), rule.meta.practice) : rule ? ruleDocUri(rule) : undefined;
  const data: DiagnosticData = { ruleId: f.ruleId, key: findingKey(f) };
  const diagnostic: Diagnostic = {
    range: f.loc.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    message: f.message,
    data,
  };
  if (href) diagnostic.codeDescription = { href };
  if (f.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (options.relatedInformation && f.related.length) {
    diagnostic.relatedInformation = f.related.map((r) => ({ location: { uri: options.uriOf(r.loc.file), range: r.loc.range }, message: r.message }));
  }
  return diagnostic;
}

function configDiagnostic(problem: ConfigProblem): Diagnostic {
  return { range: problem.loc.range, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: CONFIG_PROBLEM_CODE, message: problem.message };
}

/** Every file's diagnostics from one analysis (files without any are absent). */
export function diagnosticsByFile(result: AnalysisResult, options: DiagnosticOptions): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  const add = (file: string, d: Diagnostic) => {
    const list = byFile.get(file);
    if (list) list.push(d);
    else byFile.set(file, [d]);
  };
  for (const problem of result.configProblems) add(problem.loc.file, configDiagnostic(problem));
  for (const finding of result.findings) add(finding.loc.file, toDiagnostic(finding, options));
  return byFile;
}

/** A result id for pull diagnostics: equal exactly when the diagnostics are. */
export function resultIdOf(diagnostics: Diagnostic[]): string {
  return shortHash(JSON.stringify(diagnostics));
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}
