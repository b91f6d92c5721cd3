import type { Rule } from '../engine/rule';

export const envelopeEncryptionRule: Rule = {
  meta: {
    id: 'envelope-encryption',
    defaultSeverity: 'warning',
    practice: 'use-envelope-encryption',
    description: 'KMS encrypt/decrypt of bulk data instead of a data encryption key (DEK).',
    docs: 'docs/rules/envelope-encryption.md',
    fixable: true,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
