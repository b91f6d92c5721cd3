// The custom protocol between the extension client and the language server: command ids,
// initialization options, notifications and requests beyond plain LSP.

/** Command ids the extension contributes (package.json `contributes.commands`). */
export const Commands = {
  analyseWorkspace: 'kmsLint.analyseWorkspace',
  showRuleDocumentation: 'kmsLint.showRuleDocumentation',
  recommend: 'kmsLint.recommend',
  restartServer: 'kmsLint.restartServer',
  /** Internal: inserts a suppression comment as a snippet (`${1:reason}` selected). */
  applyDisableLine: 'kmsLint.applyDisableLine',
} as const;

/** Command the server executes itself (`workspace/executeCommand`) for editors without our client. */
export const SERVER_OPEN_RULE_DOC_COMMAND = 'kmsLint.server.openRuleDocumentation';

export interface InitializationOptions {
  /** The client implements `kmsLint.showRuleDocumentation` and `kmsLint.applyDisableLine` (our VS Code extension). */
  clientCommands?: boolean;
  /** The editor shows a diagnostic's message in the hover itself (VS Code): ours does not repeat it. */
  diagnosticsInHover?: boolean;
  /** VS Code workspace trust: an untrusted workspace's `.kms-lint.yaml` may not redirect documentation links. */
  workspaceTrusted?: boolean;
}

/** Arguments of `kmsLint.applyDisableLine`. */
export interface ApplyDisableLineArgs {
  uri: string;
  /** 0-based line where the snippet is inserted (at character 0). */
  line: number;
  /** Snippet text including the line break, e.g. `  # kms-lint-disable-next-line RULE -- ${1:reason}\n`. */
  snippet: string;
}

/** `kmsLint/status`: sent after every analysis. */
export const STATUS_NOTIFICATION = 'kmsLint/status';
export interface StatusParams {
  filesAnalysed: number;
  findings: number;
  lastAnalysisMs: number;
  /** The last analysis took longer than the editor can hide. */
  slow: boolean;
  /** A scan of the workspace folders is running. */
  scanning: boolean;
}

/** `kmsLint/rules`: the rule catalogue, for the client's quick pick. */
export const RULES_REQUEST = 'kmsLint/rules';
export interface RuleSummary {
  id: string;
  description: string;
  /** Title of the best practice it enforces, if any. */
  practice?: string;
  /** Bundled docs page, relative to the package root. */
  docs: string;
}

/** `kmsLint/analyseWorkspace`: re-read every workspace folder from disk and analyse it. */
export const ANALYSE_WORKSPACE_REQUEST = 'kmsLint/analyseWorkspace';
