import type { Rule } from '../engine/rule';
import { insertFields, setField, type FieldValue, type WritableField } from '../engine/fieldWriter';
import type { KeyDefinition, TextEdit } from '../engine/types';
import { describeTrace } from '../engine/value';
import { isCreated, keyLabel, preferredFix } from './ruleUtils';

const API_MIN_DAYS = 1;
const API_MAX_DAYS = 3650;
const SUGGESTED_DAYS = 90;

/** Imported keys without allow_rotation cannot rotate; import-rotation speaks for them. */
function importRotationDecides(key: KeyDefinition): boolean {
  return key.importMaterial.present && !(key.allowRotation.value.known && key.allowRotation.value.value === true);
}

export const rotationScheduleRule: Rule = {
  meta: {
    id: 'rotation-schedule',
    defaultSeverity: 'warning',
    practice: 'rotate-on-a-schedule',
    description: 'Keys without automatic rotation, or with a rotation period outside policy.',
    docs: 'docs/rules/rotation-schedule.md',
    fixable: true,
  },
  check(ctx) {
    for (const key of ctx.index.keys) {
      if (!isCreated(key) || importRotationDecides(key)) continue;
      const { minDays, maxDays } = ctx.configFor(key.loc.file).rotation;
      const enabled = key.rotationEnabled;
      const days = key.rotationDays;
      const suggested = Math.min(Math.max(SUGGESTED_DAYS, minDays), maxDays);

      if (enabled.value.known && enabled.value.value === false) {
        const fields: [WritableField, FieldValue][] = [];
        const edits: (TextEdit | undefined)[] = [];
        if (enabled.present) edits.push(setField(key.writer, enabled, 'rotationEnabled', true));
        else fields.push(['rotationEnabled', true]);
        if (!days.present) fields.push(['rotationDays', suggested]);
        if (fields.length) edits.push(key.writer ? insertFields(key.writer, fields) : undefined);
        ctx.report({
          message: `Key ${keyLabel(key)} has no automatic rotation. Turn it on with a rotation period that matches your policy (for example ${suggested} days); existing ciphertext keeps decrypting after a rotation.`,
          loc: enabled.present && enabled.loc ? enabled.loc : key.nameLoc,
          resolution: describeTrace(enabled.value),
          fixes: preferredFix(`Enable rotation every ${suggested} days`, ...edits),
        });
        continue;
      }
      if (enabled.value.known && enabled.value.value === true && !days.present) {
        ctx.report({
          message: `Key ${keyLabel(key)} enables rotation without a rotation period; the API requires one (1–3650 days).`,
          loc: enabled.loc ?? key.nameLoc,
          fixes: preferredFix(`Rotate every ${suggested} days`, key.writer && insertFields(key.writer, [['rotationDays', suggested]])),
        });
        continue;
      }
      if (!days.present || !days.value.known) continue;
      const period = days.value.value;
      const loc = days.loc ?? key.nameLoc;
      const resolution = describeTrace(days.value);
      if (period < API_MIN_DAYS || period > API_MAX_DAYS) {
        ctx.report({
          severity: 'error',
          message: `Rotation period ${period} days is outside what the API accepts (1–3650 days).`,
          loc,
          resolution,
          fixes: preferredFix(`Rotate every ${suggested} days`, setField(key.writer, days, 'rotationDays', suggested)),
        });
      } else if (period > maxDays) {
        ctx.report({
          message: `Rotation period ${period} days is longer than the policy maximum of ${maxDays} days.`,
          loc,
          resolution,
          fixes: preferredFix(`Rotate every ${maxDays} days`, setField(key.writer, days, 'rotationDays', maxDays)),
        });
      } else if (period < minDays) {
        ctx.report({
          severity: 'info',
          message: `Rotation period ${period} days is shorter than the policy minimum of ${minDays} days; every rotation adds a billable key version.`,
          loc,
          resolution,
          fixes: preferredFix(`Rotate every ${minDays} days`, setField(key.writer, days, 'rotationDays', minDays)),
        });
      }
    }
  },
};
