// Suppression directives, read from comments of any surface:
//   kms-lint-disable-next-line RULE[, RULE] -- reason
//   kms-lint-disable-line RULE -- reason
//   kms-lint-disable-file RULE -- reason
import type { Comment, Suppression } from './types';

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
