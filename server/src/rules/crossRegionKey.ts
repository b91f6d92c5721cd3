import type { Rule } from '../engine/rule';

export const crossRegionKeyRule: Rule = {
  meta: {
    id: 'cross-region-key',
    defaultSeverity: 'error',
    practice: 'choose-the-right-region',
    description: 'A key used from another region than the one it lives in.',
    docs: 'docs/rules/cross-region-key.md',
    fixable: true,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
