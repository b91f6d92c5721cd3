import type { Rule } from '../engine/rule';

export const exportAllowedRule: Rule = {
  meta: {
    id: 'export-allowed',
    defaultSeverity: 'error',
    practice: 'restrict-key-material-export',
    description: 'Keys created with key-material export enabled, and export call sites.',
    docs: 'docs/rules/export-allowed.md',
    fixable: true,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
