// The rule registry: every rule, in catalogue order. Adding a rule = one file here + docs/rules/<id>.md + a test table.
import type { Rule } from '../engine/rule';
import { envelopeEncryptionRule } from './envelopeEncryption';
import { exportAllowedRule } from './exportAllowed';
import { crossRegionKeyRule } from './crossRegionKey';
import { byokRawMaterialRule } from './byokRawMaterial';
import { importRotationRule } from './importRotation';
import { rotationScheduleRule } from './rotationSchedule';
import { disableBeforeDeleteRule } from './disableBeforeDelete';
import { keyStillReferencedRule } from './keyStillReferenced';
import { keyPerPurposeRule } from './keyPerPurpose';
import { sensitiveLoggingRule } from './sensitiveLogging';
import { suppressionJustificationRule } from './suppressionJustification';

export const RULES: Rule[] = [
  envelopeEncryptionRule,
  exportAllowedRule,
  crossRegionKeyRule,
  byokRawMaterialRule,
  importRotationRule,
  rotationScheduleRule,
  disableBeforeDeleteRule,
  keyStillReferencedRule,
  keyPerPurposeRule,
  sensitiveLoggingRule,
  suppressionJustificationRule,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
