import type { Rule } from '../engine/rule';
import { fieldName, remove, setField } from '../engine/fieldWriter';
import { describeTrace } from '../engine/value';
import { isCreated, keyLabel, preferredFix } from './ruleUtils';

export const importRotationRule: Rule = {
  meta: {
    id: 'import-rotation',
    defaultSeverity: 'error',
    practice: 'handle-byok-securely',
    description: 'Imported keys whose rotation settings and allow_rotation disagree.',
    docs: 'docs/rules/import-rotation.md',
    fixable: true,
  },
  check(ctx) {
    for (const key of ctx.index.keys) {
      if (!isCreated(key)) continue;
      const imported = key.importMaterial.present;
      const allow = key.allowRotation;
      const allowTrue = allow.value.known && allow.value.value === true;
      const rotation = key.rotationEnabled.value;
      const allowName = fieldName(key.writer?.style, 'allowRotation');
      if (imported && rotation.known && rotation.value === true && allow.value.known && !allowTrue) {
        ctx.report({
          message: `Key ${keyLabel(key)} imports its material and enables rotation, but ${allowName} is not set at import: every rotation of this key will fail, and it cannot be added later.`,
          loc: key.rotationEnabled.loc ?? key.nameLoc,
          resolution: describeTrace(rotation),
          fixes: preferredFix('Allow rotation of the imported key', setField(key.writer, allow, 'allowRotation', true)),
        });
      } else if (allowTrue && !imported) {
        ctx.report({
          severity: 'info',
          message: `${allowName} only matters for imported key material; key ${keyLabel(key)} imports none, so it has no effect.`,
          loc: allow.loc ?? key.nameLoc,
          fixes: preferredFix(`Remove ${allowName}`, remove(allow)),
        });
      } else if (allowTrue && imported && rotation.known && rotation.value === false) {
        ctx.report({
          severity: 'info',
          message: `Key ${keyLabel(key)} allows rotation of imported material but does not rotate; set ${allowName} only if you plan to rotate this key.`,
          loc: allow.loc ?? key.nameLoc,
          resolution: describeTrace(rotation),
          fixes: preferredFix(`Remove ${allowName}`, remove(allow)),
        });
      }
    }
  },
};
