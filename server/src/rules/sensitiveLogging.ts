import type { Rule } from '../engine/rule';

export const sensitiveLoggingRule: Rule = {
  meta: {
    id: 'sensitive-logging',
    defaultSeverity: 'warning',
    practice: 'monitor-audit-logs',
    description: 'Decrypted plaintext, exported key material, signatures, HMACs or DEKs printed or logged.',
    docs: 'docs/rules/sensitive-logging.md',
    fixable: true,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
