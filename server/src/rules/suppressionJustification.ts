import type { Rule } from '../engine/rule';

export const suppressionJustificationRule: Rule = {
  meta: {
    id: 'suppression-justification',
    defaultSeverity: 'warning',
    description: 'Suppression comments without a reason, naming no rule, or matching no finding.',
    docs: 'docs/rules/suppression-justification.md',
    fixable: false,
  },
  // Suppressions are judged after every other rule ran (a suppression is "unused" only once all
  // findings are known), so the engine does it: see applySuppressions in engine/suppressions.ts.
  check() {},
};
