// The language client: starts `server/out/main.js server` over Node IPC for the files kms-lint reads.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, type InitializationOptions } from '../../server/src/shared/customMessages';
import { CONFIG_FILE_GLOB, FILE_GLOBS, LANGUAGE_IDS } from '../../server/src/shared/languages';

/** Crashes tolerated within RESTART_WINDOW_MS before the client gives up restarting the server. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export const DOCUMENT_SELECTOR: DocumentSelector = [
  ...LANGUAGE_IDS.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]),
  ...[...FILE_GLOBS, CONFIG_FILE_GLOB].map((pattern) => ({ scheme: 'file', pattern })),
];

export function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel, onStopped: (message: string) => void): LanguageClient {
  const module = context.asAbsolutePath('server/out/main.js');
  const serverOptions: ServerOptions = {
    run: { module, args: ['server'], transport: TransportKind.ipc },
    debug: { module, args: ['server'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  // A function: read again on every (re)start, e.g. after the workspace became trusted.
  const initializationOptions = (): InitializationOptions => ({ clientCommands: true, diagnosticsInHover: true, workspaceTrusted: vscode.workspace.isTrusted });
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    diagnosticCollectionName: 'kms-lint',
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions,
    // Hovers link to the rule page through our own command only.
    markdown: { isTrusted: { enabledCommands: [Commands.showRuleDocumentation] }, supportHtml: false },
    // Pull diagnostics on save too, for `kmsLint.run: onSave` (the server answers "unchanged" otherwise).
    diagnosticPullOptions: { onChange: true, onSave: true },
    errorHandler: restartingErrorHandler(onStopped),
  };
  return new LanguageClient('kmsLint', 'KMS Lint', serverOptions, clientOptions);
}

/** Restarts a crashed server (and says so) unless it keeps crashing. */
function restartingErrorHandler(onStopped: (message: string) => void): ErrorHandler {
  const crashes: number[] = [];
  return {
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && now - crashes[0] > RESTART_WINDOW_MS) crashes.shift();
      if (crashes.length <= MAX_RESTARTS) {
        const message = 'The KMS Lint server stopped unexpectedly and was restarted. Details are in the "KMS Lint" output.';
        void vscode.window.showWarningMessage(message);
        return { action: CloseAction.Restart, message, handled: true };
      }
      const message = `The KMS Lint server stopped ${crashes.length} times in 3 minutes and will not be restarted. See the "KMS Lint" output, then run "KMS Lint: Restart Server".`;
      onStopped(message);
      return { action: CloseAction.DoNotRestart, message };
    },
  };
}
