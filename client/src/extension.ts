// KMS Lint for VS Code: starts the kms-lint language server and adds the status item and commands.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/shared/customMessages';
import { DOCUMENT_SELECTOR, createClient } from './client';
import { registerCommands } from './commands';
import { StatusItem } from './statusItem';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient }> {
  const output = vscode.window.createOutputChannel('KMS Lint');
  const status = new StatusItem(DOCUMENT_SELECTOR);
  client = createClient(context, output, (message) => status.stopped(message));
  context.subscriptions.push(
    output,
    status,
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.update(params)),
    ...registerCommands(context, client),
    // Trust granted: restart so the workspace's `.kms-lint.yaml` may set documentation links.
    vscode.workspace.onDidGrantWorkspaceTrust(() => client?.restart()),
  );
  await client.start();
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
