import type { Rule } from '../engine/rule';

export const rotationScheduleRule: Rule = {
  meta: {
    id: 'rotation-schedule',
    defaultSeverity: 'warning',
    practice: 'rotate-on-a-schedule',
    description: 'Keys without automatic rotation, or with a rotation period outside policy.',
    docs: 'docs/rules/rotation-schedule.md',
    fixable: true,
  },
  check() {
    // TODO(rules helper): implement.
  },
};
