import type { Rule } from '../engine/rule';

export const byokRawMaterialRule: Rule = {
  meta: {
    id: 'byok-raw-material',
    defaultSeverity: 'error',
    practice: 'handle-byok-securely',
    description: 'Raw (unwrapped) key material written into code or read from an unwrapped file.',
    docs: 'docs/rules/byok-raw-material.md',
    fixable: false,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
