// The shape of a rule module. One file per rule under server/src/rules/, listed in rules/index.ts.
import type { ResolvedConfig } from './config';
import type { WorkspaceIndex } from './workspaceIndex';
import type { Finding, Fix, Loc, RelatedInfo, Severity } from './types';

export type PracticeId =
  | 'use-envelope-encryption'
  | 'restrict-key-material-export'
  | 'handle-byok-securely'
  | 'rotate-on-a-schedule'
  | 'choose-the-right-region'
  | 'disable-before-delete'
  | 'monitor-audit-logs'
  | 'separate-keys-by-purpose';

export const PRACTICE_TITLES: Record<PracticeId, string> = {
  'use-envelope-encryption': 'Use envelope encryption',
  'restrict-key-material-export': 'Restrict key material export',
  'handle-byok-securely': 'Handle BYOK securely',
  'rotate-on-a-schedule': 'Rotate on a schedule',
  'choose-the-right-region': 'Choose the right region',
  'disable-before-delete': 'Disable before delete',
  'monitor-audit-logs': 'Monitor audit logs',
  'separate-keys-by-purpose': 'Separate keys by purpose',
};

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  /** The practice it enforces; absent for meta rules (suppression-justification). */
  practice?: PracticeId;
  /** One line: what the rule flags. */
  description: string;
  /** Bundled docs page, relative to the package root. */
  docs: string;
  fixable: boolean;
}

export interface ReportInput {
  message: string;
  loc: Loc;
  /** Defaults to the rule's (configured) severity. A rule reporting a different level (e.g. an info-level note) sets it. */
  severity?: Severity;
  related?: RelatedInfo[];
  fixes?: Fix[];
  resolution?: string[];
  unnecessary?: boolean;
}

export interface RuleContext {
  index: WorkspaceIndex;
  /** Config for the file a finding is in (nearest .kms-lint.yaml). */
  configFor(file: string): ResolvedConfig;
  report(finding: ReportInput): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export type { Finding };
