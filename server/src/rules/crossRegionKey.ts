import type { Rule } from '../engine/rule';
import { formatValue, replace } from '../engine/fieldWriter';
import type { Fix, KeyDefinition, KeyUse } from '../engine/types';
import { describeTrace, valueOf } from '../engine/value';
import { consumerLabel, isConsumer, isCreated, keyLabel, preferredFix, where } from './ruleUtils';

/**
 * The keys a use may mean. Consumers (secrets, zones) bind a key by reference or name anywhere in
 * the workspace; a crypto call naming a key by text is only tied to a key created or looked up in
 * the same function or script (names are only unique within a region).
 */
function candidates(ctx: Parameters<Rule['check']>[0], use: KeyUse): KeyDefinition[] {
  const keys = ctx.index.keysNamedBy(use);
  const byText = use.key.known && !use.key.value.defId;
  return byText && !isConsumer(use) ? keys.filter((k) => k.scope === use.scope) : keys;
}

function regionFix(use: KeyUse, key: KeyDefinition, keyRegion: string): Fix[] {
  if (!use.regionLoc || !use.regionWriter) return [];
  // In the same Terraform module, follow the key instead of copying its region.
  const byReference = use.regionWriter.style === 'hcl' && key.kind !== 'api-create' && key.address && key.scope === use.scope;
  const text = byReference ? `${key.address}.region` : formatValue(use.regionWriter.style, 'region', keyRegion);
  return preferredFix(byReference ? `Use the key's region (${key.address}.region)` : `Use the key's region "${keyRegion}"`, replace(use.regionLoc, text));
}

export const crossRegionKeyRule: Rule = {
  meta: {
    id: 'cross-region-key',
    defaultSeverity: 'error',
    practice: 'choose-the-right-region',
    description: 'A key used from another region than the one it lives in.',
    docs: 'docs/rules/cross-region-key.md',
    fixable: true,
  },
  check(ctx) {
    for (const use of ctx.index.uses) {
      const region = valueOf(use.region);
      if (!region) continue;
      const keys = candidates(ctx, use).filter((k) => k.region.known);
      if (!keys.length || keys.some((k) => valueOf(k.region) === region)) continue;
      const key = keys[0];
      const keyRegion = valueOf(key.region)!;
      const who = isConsumer(use) ? consumerLabel(use) : `This ${use.purpose} call`;
      ctx.report({
        message: `${who} is in region ${region} but key ${keyLabel(key)} lives in ${keyRegion}. Keys never leave their region and cross-region crypto is not supported: use the key's region, or create a key where the data is processed.`,
        loc: use.regionLoc ?? use.keyLoc,
        related: [{ loc: key.regionLoc ?? key.loc, message: `key ${keyLabel(key)} is in ${keyRegion} (${where(key.regionLoc ?? key.loc)})` }],
        resolution: [...describeTrace(use.region), ...describeTrace(key.region)],
        fixes: regionFix(use, key, keyRegion),
      });
    }
    for (const key of ctx.index.keys) {
      const allowed = ctx.configFor(key.loc.file).allowedRegions;
      const region = valueOf(key.region);
      if (!allowed || !region || !isCreated(key) || allowed.includes(region)) continue;
      ctx.report({
        message: `Key ${keyLabel(key)} is created in ${region}, which is not an allowed region (${allowed.join(', ')}) for this workspace.`,
        loc: key.regionLoc ?? key.nameLoc,
        resolution: describeTrace(key.region),
      });
    }
  },
};
