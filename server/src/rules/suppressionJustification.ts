import type { Rule } from '../engine/rule';

export const suppressionJustificationRule: Rule = {
  meta: {
    id: 'suppression-justification',
    defaultSeverity: 'warning',
    description: 'Suppression comments without a reason, naming no rule, or matching no finding.',
    docs: 'docs/rules/suppression-justification.md',
    fixable: false,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
