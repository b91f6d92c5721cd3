import type { Rule } from '../engine/rule';

export const importRotationRule: Rule = {
  meta: {
    id: 'import-rotation',
    defaultSeverity: 'error',
    practice: 'handle-byok-securely',
    description: 'Imported keys whose rotation settings and allow_rotation disagree.',
    docs: 'docs/rules/import-rotation.md',
    fixable: true,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
