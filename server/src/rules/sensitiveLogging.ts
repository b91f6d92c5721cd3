import type { Rule } from '../engine/rule';
import type { SensitivePrint } from '../engine/types';
import { surfaceFix } from './ruleUtils';

const WHAT: Record<SensitivePrint['value'], string> = {
  plaintext: 'decrypted plaintext',
  'key-material': 'exported key material',
  signature: 'a signature',
  hmac: 'an HMAC',
  dek: 'a data encryption key',
};

export const sensitiveLoggingRule: Rule = {
  meta: {
    id: 'sensitive-logging',
    defaultSeverity: 'warning',
    practice: 'monitor-audit-logs',
    description: 'Decrypted plaintext, exported key material, signatures, HMACs or DEKs printed or logged.',
    docs: 'docs/rules/sensitive-logging.md',
    fixable: true,
  },
  check(ctx) {
    for (const print of ctx.index.prints) {
      const where = print.sink === 'stdout' ? 'is printed to the terminal (and CI logs)' : `is written out by ${print.sink}`;
      ctx.report({
        message: `${capitalise(WHAT[print.value])} ${where}. KMS keeps such values out of its own audit log; keep them out of yours: write them to a protected file or keep them in memory.`,
        loc: print.loc,
        fixes: surfaceFix(print.fix),
      });
    }
  },
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
