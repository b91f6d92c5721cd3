// The `kmsLint.*` editor settings, shared by the extension client and the language server.
// The client bundle may import this folder only (never engine code), so keep it dependency-free.

export const SETTINGS_SECTION = 'kmsLint';

export type RunMode = 'onType' | 'onSave';
export type RuleLevel = 'off' | 'info' | 'warning' | 'error';
export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface KmsLintSettings {
  enable: boolean;
  run: RunMode;
  /** Severity per rule id; `.kms-lint.yaml` in the workspace wins over these. */
  rules: Record<string, RuleLevel>;
  /** Base URL of the best-practices page; empty = the config file's or the default. */
  docsBaseUrl: string;
  trace: { server: TraceLevel };
}

export const DEFAULT_SETTINGS: KmsLintSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  docsBaseUrl: '',
  trace: { server: 'off' },
};

const RUN_MODES: readonly RunMode[] = ['onType', 'onSave'];
const RULE_LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'messages', 'verbose'];

/** Typed settings from whatever the editor sent: unknown or mistyped values fall back to the defaults. */
export function normalizeSettings(raw: unknown): KmsLintSettings {
  const input = isObject(raw) ? raw : {};
  const rules: Record<string, RuleLevel> = {};
  if (isObject(input.rules)) {
    for (const [id, level] of Object.entries(input.rules)) if (oneOf(RULE_LEVELS, level)) rules[id] = level;
  }
  const trace = isObject(input.trace) ? input.trace : {};
  return {
    enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_SETTINGS.enable,
    run: oneOf(RUN_MODES, input.run) ? input.run : DEFAULT_SETTINGS.run,
    rules,
    docsBaseUrl: typeof input.docsBaseUrl === 'string' ? input.docsBaseUrl.trim() : DEFAULT_SETTINGS.docsBaseUrl,
    trace: { server: oneOf(TRACE_LEVELS, trace.server) ? trace.server : DEFAULT_SETTINGS.trace.server },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(allowed: readonly T[], v: unknown): v is T {
  return allowed.includes(v as T);
}
