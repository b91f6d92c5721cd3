import type { Rule } from '../engine/rule';

export const disableBeforeDeleteRule: Rule = {
  meta: {
    id: 'disable-before-delete',
    defaultSeverity: 'warning',
    practice: 'disable-before-delete',
    description: 'A key deleted without being disabled first in the same function or script.',
    docs: 'docs/rules/disable-before-delete.md',
    fixable: true,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
