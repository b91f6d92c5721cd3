import type { Rule } from '../engine/rule';
import { remove, setField } from '../engine/fieldWriter';
import { describeTrace } from '../engine/value';
import { isCreated, keyLabel, preferredFix } from './ruleUtils';

export const exportAllowedRule: Rule = {
  meta: {
    id: 'export-allowed',
    defaultSeverity: 'error',
    practice: 'restrict-key-material-export',
    description: 'Keys created with key-material export enabled, and export call sites.',
    docs: 'docs/rules/export-allowed.md',
    fixable: true,
  },
  check(ctx) {
    for (const key of ctx.index.keys) {
      const attr = key.exportAllowed;
      if (!isCreated(key) || !attr.present || !attr.value.known || attr.value.value !== true) continue;
      const edit = key.writer?.style === 'cli' ? remove(attr) : setField(key.writer, attr, 'exportAllowed', false);
      ctx.report({
        message: `Key ${keyLabel(key)} is created with key-material export enabled. Export cannot be switched off after creation and anyone who may encrypt with the key may export it; keep it off unless a migration or regulation requires it.`,
        loc: attr.loc ?? key.nameLoc,
        resolution: describeTrace(attr.value),
        fixes: preferredFix(key.writer?.style === 'cli' ? 'Remove --export-allowed' : 'Disable key-material export', edit),
      });
    }
    for (const use of ctx.index.uses) {
      if (use.purpose !== 'export') continue;
      ctx.report({
        severity: 'info',
        message: 'Key material is exported here. Treat export as break-glass: alert on kms.export audit events, limit who may call it, and move the material into HSM-backed storage at once.',
        loc: use.nameLoc,
      });
    }
  },
};
