// The extension's commands (package.json `contributes.commands`) and the ones its code actions run.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ANALYSE_WORKSPACE_REQUEST, Commands, RULES_REQUEST, type ApplyDisableLineArgs, type RuleSummary, type StatusParams } from '../../server/src/shared/customMessages';
import { STARTER_CONFIG, addRecommendation } from './recommendations';

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.analyseWorkspace, () => analyseWorkspace(client)),
    vscode.commands.registerCommand(Commands.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(context, client, ruleId)),
    vscode.commands.registerCommand(Commands.recommend, () => recommend()),
    vscode.commands.registerCommand(Commands.restartServer, () => client.restart()),
    vscode.commands.registerCommand(Commands.applyDisableLine, (args: ApplyDisableLineArgs) => applyDisableLine(args)),
  ];
}

async function analyseWorkspace(client: LanguageClient): Promise<void> {
  const status = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'KMS Lint: analysing workspace' }, () =>
    client.sendRequest<StatusParams>(ANALYSE_WORKSPACE_REQUEST),
  );
  void vscode.window.showInformationMessage(`KMS Lint: ${status.findings} finding(s) in ${status.filesAnalysed} analysed file(s).`);
}

/** Opens the bundled docs/rules/<id>.md in the Markdown preview (works offline); asks which rule when none is given. */
async function showRuleDocumentation(context: vscode.ExtensionContext, client: LanguageClient, ruleId: unknown): Promise<void> {
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const rules = await client.sendRequest<RuleSummary[]>(RULES_REQUEST);
    const pick = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: r.practice, detail: r.description })),
      { title: 'KMS Lint: Show Rule Documentation', placeHolder: 'Rule', matchOnDescription: true, matchOnDetail: true },
    );
    id = pick?.label;
  }
  if (!id) return;
  if (!RULE_ID.test(id)) {
    void vscode.window.showErrorMessage(`KMS Lint: "${id}" is not a rule id.`);
    return;
  }
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${id}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`KMS Lint: no documentation for rule "${id}".`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}

/** Recommends the extension in `.vscode/extensions.json` and writes a starter `.kms-lint.yaml` if there is none. */
async function recommend(): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const done: string[] = [];
  const extensionsJson = vscode.Uri.joinPath(folder.uri, '.vscode', 'extensions.json');
  const existing = await readText(extensionsJson);
  let updated: string | undefined;
  try {
    updated = addRecommendation(existing ?? '');
  } catch (err) {
    void vscode.window.showErrorMessage(`KMS Lint: ${(err as Error).message}; fix it and run the command again.`);
    return;
  }
  if (updated !== undefined) {
    await vscode.workspace.fs.writeFile(extensionsJson, Buffer.from(updated, 'utf8'));
    done.push(existing === undefined ? 'created .vscode/extensions.json' : 'added KMS Lint to .vscode/extensions.json');
  }
  const config = vscode.Uri.joinPath(folder.uri, '.kms-lint.yaml');
  if ((await readText(config)) === undefined) {
    await vscode.workspace.fs.writeFile(config, Buffer.from(STARTER_CONFIG, 'utf8'));
    done.push('created .kms-lint.yaml');
    await vscode.window.showTextDocument(config, { preview: false });
  }
  void vscode.window.showInformationMessage(done.length ? `KMS Lint: ${done.join(', ')}.` : 'KMS Lint is already recommended and configured in this workspace.');
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    if (!folders.length) void vscode.window.showErrorMessage('KMS Lint: open a folder first.');
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to recommend KMS Lint in' });
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Inserts a suppression comment as a snippet, so the reason is selected and can be typed over. */
async function applyDisableLine(args: ApplyDisableLineArgs): Promise<void> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(args.uri));
  await editor.insertSnippet(new vscode.SnippetString(args.snippet), new vscode.Position(args.line, 0));
}
