import type { Rule } from '../engine/rule';
import type { KeyUse } from '../engine/types';
import { valueOf } from '../engine/value';
import { CATEGORY_LABELS, keyLabel, purposeCategory, where } from './ruleUtils';

function byPosition(a: KeyUse, b: KeyUse): number {
  return a.loc.file.localeCompare(b.loc.file) || a.order - b.order;
}

export const keyPerPurposeRule: Rule = {
  meta: {
    id: 'key-per-purpose',
    defaultSeverity: 'warning',
    practice: 'separate-keys-by-purpose',
    description: 'One key serving several purposes or environments.',
    docs: 'docs/rules/key-per-purpose.md',
    fixable: false,
  },
  check(ctx) {
    for (const key of ctx.index.keys) {
      const uses = ctx.index.usesOf(key).filter((u) => purposeCategory(u.purpose)).sort(byPosition);
      if (uses.length < 2) continue;
      const first = uses[0];
      const firstCategory = purposeCategory(first.purpose)!;
      const firstEnv = valueOf(first.environment);
      for (const use of uses.slice(1)) {
        const category = purposeCategory(use.purpose)!;
        const env = valueOf(use.environment);
        let problem: string | undefined;
        if (category !== firstCategory) problem = `already serves ${CATEGORY_LABELS[firstCategory]} (${where(first.keyLoc)}) and is used for ${CATEGORY_LABELS[category]} here`;
        else if (firstEnv && env && firstEnv !== env) problem = `already serves ${firstEnv} (${where(first.keyLoc)}) and is used for ${env} here`;
        if (!problem) continue;
        ctx.report({
          message: `Key ${keyLabel(key)} ${problem}. Give each purpose and environment its own key so a compromise, rotation or deletion stays contained.`,
          loc: use.keyLoc,
          related: uses.filter((u) => u !== use).map((u) => ({ loc: u.keyLoc, message: `also used for ${CATEGORY_LABELS[purposeCategory(u.purpose)!]}${valueOf(u.environment) ? ` (${valueOf(u.environment)})` : ''}` })),
        });
      }
    }
  },
};
