import type { Rule } from '../engine/rule';
import type { KeyUse } from '../engine/types';
import { replace } from '../engine/fieldWriter';
import { preferredFix, sameTarget, targetSubject } from './ruleUtils';

/** A disable earlier in the same function/script on the same key (or on a key we cannot name either). */
function disabledBefore(del: KeyUse, uses: KeyUse[]): boolean {
  return uses.some(
    (u) => u.purpose === 'disable' && u.scope === del.scope && u.order < del.order && (sameTarget(u.key, del.key) || !u.key.known || !del.key.known),
  );
}

export const disableBeforeDeleteRule: Rule = {
  meta: {
    id: 'disable-before-delete',
    defaultSeverity: 'warning',
    practice: 'disable-before-delete',
    description: 'A key deleted without being disabled first in the same function or script.',
    docs: 'docs/rules/disable-before-delete.md',
    fixable: true,
  },
  check(ctx) {
    const uses = ctx.index.uses;
    for (const del of uses) {
      if (del.purpose !== 'delete' || disabledBefore(del, uses)) continue;
      const insert = del.statementStart;
      ctx.report({
        message: `${targetSubject(del)} is deleted without being disabled first. Disable it (reversible), confirm nothing depends on it, then delete: deletion starts a fixed 30-day window after which the key and every version are gone.`,
        loc: del.nameLoc,
        fixes: insert ? preferredFix('Disable the key before deleting it', replace(insert.loc, insert.text)) : [],
      });
    }
  },
};
