// Suppression directives, read from comments of any surface:
//   kms-lint-disable-next-line RULE[, RULE] -- reason
//   kms-lint-disable-line RULE -- reason
//   kms-lint-disable-file RULE -- reason
import type { Comment, Finding, Severity, Suppression } from './types';

const DIRECTIVE = /kms-lint-disable(-next-line|-line|-file)(?=\s|$)([^]*)/;

export function parseSuppressions(comments: Comment[]): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    // Drop a closing comment token (`*/`, `-->`) that belongs to the comment, not the directive.
    let rest = m[2].replace(/\s*(\*\/|-->)\s*$/, '');
    let reason: string | undefined;
    const dashes = rest.search(/(^|\s)--(\s|$)/);
    if (dashes >= 0) {
      reason = rest.slice(dashes).replace(/^\s*--/, '').trim() || undefined;
      rest = rest.slice(0, dashes);
    }
    const rules = rest.split(/[\s,]+/).filter(Boolean);
    const scope = m[1] === '-next-line' ? 'next-line' : m[1] === '-line' ? 'line' : 'file';
    const targetLine = scope === 'file' ? -1 : scope === 'line' ? comment.loc.range.start.line : comment.loc.range.end.line + 1;
    out.push({ scope, rules, reason, loc: comment.loc, targetLine });
  }
  return out;
}

export const SUPPRESSION_RULE_ID = 'suppression-justification';

/** Drops suppressed findings and adds findings about the suppressions themselves (no reason, no rule, unused). */
export function applySuppressions(findings: Finding[], suppressions: Suppression[], suppressionSetting: (file: string) => Severity | 'off' | undefined): Finding[] {
  const used = new Set<Suppression>();
  const kept = findings.filter((finding) => {
    const match = suppressions.find(
      (s) =>
        s.loc.file === finding.loc.file &&
        s.rules.includes(finding.ruleId) &&
        (s.scope === 'file' || s.targetLine === finding.loc.range.start.line),
    );
    if (match) used.add(match);
    return !match;
  });
  for (const s of suppressions) {
    const setting = suppressionSetting(s.loc.file);
    if (setting === 'off') continue;
    const directive = `kms-lint-disable-${s.scope}`;
    if (!s.rules.length) {
      kept.push(suppressionFinding(s, setting ?? 'warning', `${directive} names no rule: write the rule id it silences.`));
    } else if (!s.reason) {
      kept.push(suppressionFinding(s, setting ?? 'warning', `Suppression of ${s.rules.join(', ')} has no reason: add one after " -- ".`));
    }
    if (s.rules.length && !used.has(s)) {
      kept.push({ ...suppressionFinding(s, 'info', `Unused suppression: no ${s.rules.join(', ')} finding ${s.scope === 'file' ? 'in this file' : s.scope === 'line' ? 'on this line' : 'on the next line'}.`), unnecessary: true });
    }
  }
  return kept;
}

function suppressionFinding(s: Suppression, severity: Severity, message: string): Finding {
  return { ruleId: SUPPRESSION_RULE_ID, severity, message, loc: s.loc, related: [], fixes: [], resolution: [] };
}

