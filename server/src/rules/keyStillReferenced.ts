import type { Rule } from '../engine/rule';
import type { KeyUse, RelatedInfo } from '../engine/types';
import { consumerLabel, isConsumer, keyLabel, sameTarget, targetSubject, where } from './ruleUtils';

function related(consumers: KeyUse[]): RelatedInfo[] {
  return consumers.map((c) => ({ loc: c.keyLoc, message: `${consumerLabel(c)} references the key here` }));
}

function listed(consumers: KeyUse[]): string {
  const names = consumers.slice(0, 3).map((c) => `${consumerLabel(c)} (${where(c.keyLoc)})`);
  return names.join(', ') + (consumers.length > 3 ? ` and ${consumers.length - 3} more` : '');
}

export const keyStillReferencedRule: Rule = {
  meta: {
    id: 'key-still-referenced',
    defaultSeverity: 'error',
    practice: 'disable-before-delete',
    description: 'A key deleted or disabled while a secret or DNSSEC zone still references it.',
    docs: 'docs/rules/key-still-referenced.md',
    fixable: false,
  },
  check(ctx) {
    const { index } = ctx;
    const consumers = index.uses.filter(isConsumer);
    for (const use of index.uses) {
      if (use.purpose !== 'delete' && use.purpose !== 'disable') continue;
      const defs = index.definitionsFor(use);
      const refs = consumers.filter((c) => sameTarget(c.key, use.key) || index.definitionsFor(c).some((d) => defs.includes(d)));
      if (!refs.length) continue;
      const verb = use.purpose === 'delete' ? 'deleted' : 'disabled';
      ctx.report({
        message: `${targetSubject(use)} is ${verb} while ${listed(refs)} still ${refs.length === 1 ? 'references' : 'reference'} it; those secrets or zones stop working. Move them to another key first.`,
        loc: use.nameLoc,
        related: related(refs),
      });
    }
    for (const key of index.keys) {
      const status = key.status;
      if (key.kind !== 'resource' || !status.present || !status.value.known || status.value.value !== 'disabled') continue;
      const refs = index.usesOf(key).filter(isConsumer);
      if (!refs.length) continue;
      ctx.report({
        message: `Key ${keyLabel(key)} is disabled while ${listed(refs)} still ${refs.length === 1 ? 'references' : 'reference'} it; those secrets or zones stop working.`,
        loc: status.loc ?? key.nameLoc,
        related: related(refs),
      });
    }
  },
};
