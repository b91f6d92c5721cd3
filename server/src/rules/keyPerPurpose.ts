import type { Rule } from '../engine/rule';

export const keyPerPurposeRule: Rule = {
  meta: {
    id: 'key-per-purpose',
    defaultSeverity: 'warning',
    practice: 'separate-keys-by-purpose',
    description: 'One key serving several purposes or environments.',
    docs: 'docs/rules/key-per-purpose.md',
    fixable: false,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
