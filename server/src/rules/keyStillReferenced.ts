import type { Rule } from '../engine/rule';

export const keyStillReferencedRule: Rule = {
  meta: {
    id: 'key-still-referenced',
    defaultSeverity: 'error',
    practice: 'disable-before-delete',
    description: 'A key deleted or disabled while a secret or DNSSEC zone still references it.',
    docs: 'docs/rules/key-still-referenced.md',
    fixable: false,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
