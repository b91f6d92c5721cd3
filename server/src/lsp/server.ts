// The kms-lint language server: LSP wiring around one engine per workspace folder
// (`kms-lint server --stdio | --node-ipc | --socket=PORT`).
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  IPCMessageReader,
  IPCMessageWriter,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  createConnection,
  createServerSocketTransport,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type FileSystemWatcher,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_DOCS_BASE_URL } from '../engine/config';
import { PRACTICE_TITLES } from '../engine/rule';
import type { Finding } from '../engine/types';
import { isInSkippedDir, walkWorkspace } from '../engine/walkWorkspace';
import { RULES, ruleById } from '../rules';
import {
  ANALYSE_WORKSPACE_REQUEST,
  RULES_REQUEST,
  SERVER_OPEN_RULE_DOC_COMMAND,
  STATUS_NOTIFICATION,
  type InitializationOptions,
  type RuleSummary,
  type StatusParams,
} from '../shared/customMessages';
import { CONFIG_FILE_GLOB, FILE_GLOBS } from '../shared/languages';
import { packageRoot } from '../shared/paths';
import type { KmsLintSettings } from '../shared/settings';
import { FIX_ALL_KIND, findingsAt, fixAll, quickFixes, type CodeActionContext } from './codeActions';
import { diagnosticsByFile, toDiagnostic, DIAGNOSTIC_SOURCE, type DiagnosticOptions } from './diagnostics';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { FolderLinter, describeError, type AnalysisEvent } from './folderLinter';
import { at, findingHover, keyHover, type HoverContext } from './hover';
import { fileNameForLanguage } from './languageDefaults';
import { ruleDocPath, ruleDocUri } from './ruleDocs';
import { SettingsCache, engineSettings } from './settings';

/** Typing pauses this long before an analysis starts; a newer change restarts the wait. */
const DEBOUNCE_MS = 200;
/** An analysis (after an edit) slower than this is reported as slow in the client's status item. */
const SLOW_ANALYSIS_MS = 1500;
/** How long code actions wait for a pending analysis of the document. */
const CODE_ACTION_WAIT_MS = 2000;
/** Notes (skipped files, recovered parse errors) logged per analysis; the rest are counted. */
const MAX_LOGGED_NOTES = 20;
/** Where untitled documents live for the engine (never written to disk). */
const UNTITLED_ROOT = path.join(path.parse(process.cwd()).root, '__kms-lint-untitled__');

export function startServer(argv: string[] = process.argv.slice(2)): void {
  const connection = connect(argv);
  // stdout may be the protocol stream: everything printed goes to the client's log instead.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[method] = (...args: unknown[]) => connection.console.log(format(...args));
  }
  process.on('uncaughtException', (err) => connection.console.error(`unexpected error: ${describeError(err)}`));
  process.on('unhandledRejection', (err) => connection.console.error(`unexpected error: ${describeError(err)}`));
  new KmsLintServer(connection).listen();
}

function connect(argv: string[]): Connection {
  if (argv.includes('--node-ipc')) return createConnection(new IPCMessageReader(process), new IPCMessageWriter(process));
  const socket = argv.find((a) => a.startsWith('--socket='));
  if (socket) {
    const [reader, writer] = createServerSocketTransport(Number(socket.slice('--socket='.length)));
    return createConnection(reader, writer);
  }
  return createConnection(process.stdin, process.stdout);
}

interface ClientSupport {
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  relatedInformation: boolean;
  workDoneProgress: boolean;
  watchedFilesRegistration: boolean;
  configurationRegistration: boolean;
  configurationPull: boolean;
  workspaceFolders: boolean;
  showDocument: boolean;
}

class KmsLintServer {
  private readonly documents = new TextDocuments(TextDocument);
  private support!: ClientSupport;
  private options: InitializationOptions = {};
  private settings!: SettingsCache;
  private publisher!: DiagnosticsPublisher;
  private folders: FolderLinter[] = [];
  /** Files outside every workspace folder, and untitled documents. */
  private loose!: FolderLinter;
  private readonly uriByPath = new Map<string, string>();
  private readonly justOpened = new Set<string>();
  private readonly notesLogged = new WeakMap<FolderLinter, string>();
  private scans = 0;
  private lastAnalysisMs = 0;
  private slow = false;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.guard('initialized', () => this.initialized(), undefined));
    c.onShutdown(() => {
      for (const linter of [...this.folders, this.loose]) linter?.dispose();
    });
    this.documents.onDidOpen((e) => this.justOpened.add(e.document.uri));
    this.documents.onDidChangeContent((e) => this.guard('change', () => this.documentChanged(e.document), undefined));
    this.documents.onDidSave((e) => this.guard('save', () => this.documentSaved(e.document), undefined));
    this.documents.onDidClose((e) => this.guard('close', () => this.documentClosed(e.document), undefined));
    this.documents.listen(c);
    c.onDidChangeWatchedFiles((params) => this.guard('watched files', () => this.watchedFilesChanged(params.changes), undefined));
    c.onDidChangeConfiguration((params) => this.guard('configuration', () => this.configurationChanged(params.settings), undefined));
    c.onHover((params) => this.guard('hover', () => this.hover(params), null));
    c.onCodeAction((params, token) => this.guard('code action', () => this.codeActions(params, token), []));
    c.onExecuteCommand((params) => this.guard('command', () => this.executeCommand(params.command, params.arguments ?? []), undefined));
    c.languages.diagnostics.on((params, token) =>
      this.guard('document diagnostics', async () => {
        const linter = this.linterFor(this.pathOf(params.textDocument.uri));
        await linter?.whenAnalysed(token);
        return this.publisher.documentReport(params.textDocument.uri, params.previousResultId);
      }, { kind: 'full' as const, items: [] }),
    );
    c.languages.diagnostics.onWorkspace((params, token) =>
      this.guard('workspace diagnostics', async () => {
        await Promise.all(this.folders.map((f) => f.whenAnalysed(token)));
        return { items: await this.publisher.workspaceReport(params.previousResultIds, token) };
      }, { items: [] }),
    );
    c.onRequest(RULES_REQUEST, (): RuleSummary[] =>
      RULES.map((r) => ({ id: r.meta.id, description: r.meta.description, practice: r.meta.practice && PRACTICE_TITLES[r.meta.practice], docs: r.meta.docs })),
    );
    c.onRequest(ANALYSE_WORKSPACE_REQUEST, () => this.guard('analyse workspace', () => this.scanAll(this.folders), this.status()));
    c.listen();
  }

  /** Runs a handler so that a bug in it is logged (kind and place only) instead of ending the server. */
  private async guard<T>(what: string, handler: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await handler();
    } catch (err) {
      this.logFailure(what, err);
      return fallback;
    }
  }

  private logFailure(what: string, err: unknown): void {
    this.connection.console.error(`${what} failed: ${describeError(err)}`);
  }

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.support = {
      pullDiagnostics: !!caps.textDocument?.diagnostic,
      diagnosticRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
      relatedInformation: !!caps.textDocument?.publishDiagnostics?.relatedInformation,
      workDoneProgress: !!caps.window?.workDoneProgress,
      watchedFilesRegistration: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      configurationRegistration: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
      configurationPull: !!caps.workspace?.configuration,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
      showDocument: !!caps.window?.showDocument?.support,
    };
    this.options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.settings = new SettingsCache(this.connection, this.support.configurationPull);
    this.publisher = new DiagnosticsPublisher(this.connection, this.support.pullDiagnostics ? 'pull' : 'push', this.support.diagnosticRefresh, (uri) => !!this.documents.get(uri));
    this.loose = this.createLinter(path.parse(process.cwd()).root, undefined);
    const folders: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }] : []);
    folders.forEach((f) => this.addFolder(f));
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SERVER_OPEN_RULE_DOC_COMMAND] },
        diagnosticProvider: this.support.pullDiagnostics ? { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'kms-lint', version: pkg.version },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.support.watchedFilesRegistration) {
      const watchers: FileSystemWatcher[] = [...FILE_GLOBS, CONFIG_FILE_GLOB].map((globPattern) => ({ globPattern }));
      // A deleted folder is reported as one event for the folder itself.
      watchers.push({ globPattern: '**/*', kind: WatchKind.Delete });
      await c.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((err) => this.logFailure('registering file watchers', err));
    }
    if (this.support.configurationRegistration) {
      await c.client.register(DidChangeConfigurationNotification.type, undefined).catch((err) => this.logFailure('registering for settings changes', err));
    }
    if (this.support.workspaceFolders) {
      c.workspace.onDidChangeWorkspaceFolders((e) =>
        this.guard('workspace folders', async () => {
          for (const removed of e.removed) this.removeFolder(removed.uri);
          const added = e.added.map((f) => this.addFolder(f)).filter((f) => !!f);
          await this.scanAll(added);
        }, undefined),
      );
    }
    this.loose.setSettings(engineSettings(await this.settings.get(undefined)));
    await this.scanAll(this.folders);
  }

  // ---------------------------------------------------------------------------------------
  // Folders, paths and URIs

  private createLinter(root: string, uri: string | undefined): FolderLinter {
    return new FolderLinter(root, uri, (linter, event) => this.analysed(linter, event), (message) => this.connection.console.log(message));
  }

  /** A linter for a folder on disk (folders of other file systems are not analysed). */
  private addFolder(folder: WorkspaceFolder): FolderLinter | undefined {
    if (!folder.uri.startsWith('file:')) return undefined;
    const linter = this.createLinter(fileURLToPath(folder.uri), folder.uri);
    this.folders.push(linter);
    // Deepest folder first, so nested workspace folders own their files.
    this.folders.sort((a, b) => b.root.length - a.root.length);
    return linter;
  }

  private removeFolder(uri: string): void {
    const linter = this.folders.find((f) => f.uri === uri);
    if (!linter) return;
    this.folders = this.folders.filter((f) => f !== linter);
    linter.dispose();
    this.publisher.remove(linter);
  }

  private folderFor(file: string): FolderLinter | undefined {
    return this.folders.find((f) => f.contains(file));
  }

  private linterFor(file: string | undefined): FolderLinter | undefined {
    if (!file) return undefined;
    return this.folderFor(file) ?? this.loose;
  }

  /** The engine's path for a document URI: the file, or a stand-in path for an untitled document. */
  private pathOf(uri: string, languageId = this.documents.get(uri)?.languageId): string | undefined {
    if (uri.startsWith('file:')) return fileURLToPath(uri);
    if (uri.startsWith('untitled:')) {
      const name = fileNameForLanguage(languageId ?? '');
      return name ? path.join(UNTITLED_ROOT, encodeURIComponent(uri.slice('untitled:'.length)), name) : undefined;
    }
    return undefined;
  }

  private uriOf = (file: string): string => this.uriByPath.get(file) ?? pathToFileURL(file).href;

  private isOpen = (file: string): boolean => this.uriByPath.has(file);

  /** Reads every folder from disk (open documents keep their editor text) and analyses it. */
  private async scanAll(folders: FolderLinter[]): Promise<StatusParams> {
    this.scans++;
    this.sendStatus();
    const progress = this.support.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('KMS Lint', 0, 'Scanning workspace', false);
    try {
      for (const [i, folder] of folders.entries()) {
        const settings = await this.settings.get(folder.uri);
        folder.setSettings(engineSettings(settings));
        if (!settings.enable) continue;
        await folder.scan((f) => this.folderFor(f) === folder, this.isOpen, {
          report: (done, total) => progress?.report(Math.round(((i + done / Math.max(total, 1)) / folders.length) * 100), `${path.basename(folder.root)}: ${done}/${total} files`),
        });
      }
    } finally {
      progress?.done();
      this.scans--;
      this.sendStatus();
    }
    return this.status();
  }

  // ---------------------------------------------------------------------------------------
  // Documents and files

  private async documentChanged(document: TextDocument): Promise<void> {
    const file = this.pathOf(document.uri, document.languageId);
    const linter = this.linterFor(file);
    if (!file || !linter) return;
    if (this.justOpened.delete(document.uri)) {
      this.uriByPath.set(file, document.uri);
      linter.update(file, document.getText(), 0, document.version);
      void this.settings.get(document.uri); // warm the cache for the first change
      return;
    }
    const settings = this.settings.peek(document.uri) ?? (await this.settings.get(document.uri));
    if (settings.run !== 'onType' || this.documents.get(document.uri) !== document) return;
    linter.update(file, document.getText(), DEBOUNCE_MS, document.version);
  }

  private async documentSaved(document: TextDocument): Promise<void> {
    const file = this.pathOf(document.uri, document.languageId);
    const linter = this.linterFor(file);
    if (!file || !linter) return;
    if ((await this.settings.get(document.uri)).run === 'onSave') linter.update(file, document.getText(), 0, document.version);
  }

  private documentClosed(document: TextDocument): void {
    this.justOpened.delete(document.uri);
    this.settings.forget(document.uri);
    this.publisher.forget(document.uri);
    const file = this.pathOf(document.uri, document.languageId);
    if (!file || this.uriByPath.get(file) !== document.uri) return;
    this.uriByPath.delete(file);
    const folder = this.folderFor(file);
    // Back to what is on disk; files outside the workspace are only known while open.
    if (folder) folder.reread(file, 0);
    else this.loose.update(file, undefined, 0);
  }

  private watchedFilesChanged(changes: { uri: string; type: FileChangeType }[]): void {
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const file = fileURLToPath(change.uri);
      const folder = this.folderFor(file);
      if (!folder || isInSkippedDir(folder.root, file) || this.isOpen(file)) continue;
      if (change.type === FileChangeType.Deleted) {
        folder.removeTree(file, DEBOUNCE_MS, this.isOpen);
        continue;
      }
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue; // gone again already; its delete event follows
      }
      // A folder moved or copied in arrives as one event.
      const files = stat.isDirectory() ? walkWorkspace(file).filter((f) => !this.isOpen(f) && this.folderFor(f) === folder) : [file];
      for (const f of files) folder.reread(f, DEBOUNCE_MS);
    }
  }

  private async configurationChanged(pushed: unknown): Promise<void> {
    this.settings.changed(pushed);
    // Per-document settings (enable, run) are needed when the new results are delivered.
    await Promise.all(this.documents.all().map((d) => this.settings.get(d.uri)));
    for (const folder of this.folders) {
      const settings = await this.settings.get(folder.uri);
      folder.setSettings(engineSettings(settings));
      if (settings.enable && !folder.scanned) void this.scanAll([folder]);
    }
    this.loose.setSettings(engineSettings(await this.settings.get(undefined)));
  }

  // ---------------------------------------------------------------------------------------
  // Results

  private analysed(linter: FolderLinter, event: AnalysisEvent): void {
    this.lastAnalysisMs = event.ms;
    // Reading a whole folder may take long; only analyses while editing count as slow.
    this.slow = this.scans === 0 && event.ms > SLOW_ANALYSIS_MS;
    // Push: a newer analysis follows at once; publishing this one would only flicker.
    if (event.stale && this.publisher.mode === 'push') return;
    const result = linter.result!;
    const byUri = new Map<string, Diagnostic[]>();
    const folderEnabled = this.settings.peek(linter.uri)?.enable ?? true;
    for (const [file, diagnostics] of diagnosticsByFile(result, this.diagnosticOptions(linter))) {
      const uri = this.uriOf(file);
      const enabled = this.documents.get(uri) ? this.settings.peek(uri)?.enable ?? folderEnabled : folderEnabled;
      if (enabled) byUri.set(uri, diagnostics);
    }
    this.publisher.update(linter, byUri);
    const notes = result.notes.map((n) => `${path.relative(linter.root, n.file) || path.basename(n.file)}: ${n.message}`);
    const notesKey = notes.join('\n');
    if (notesKey !== (this.notesLogged.get(linter) ?? '')) {
      this.notesLogged.set(linter, notesKey);
      const more = notes.length > MAX_LOGGED_NOTES ? [`… and ${notes.length - MAX_LOGGED_NOTES} more`] : [];
      if (notes.length) this.connection.console.log(`notes for ${linter.root}:\n${[...notes.slice(0, MAX_LOGGED_NOTES), ...more].join('\n')}`);
    }
    this.connection.console.log(`analysed ${linter.root}: ${result.analysedFiles.length} files, ${result.findings.length} findings in ${event.ms} ms`);
    this.sendStatus();
  }

  private diagnosticOptions(linter: FolderLinter): DiagnosticOptions {
    return { relatedInformation: this.support.relatedInformation, uriOf: this.uriOf, docsBaseUrlFor: (file) => this.docsBaseUrlFor(linter, file) };
  }

  /** Links follow `docsBaseUrl` of settings and `.kms-lint.yaml`; an untrusted workspace's config file cannot redirect them. */
  private docsBaseUrlFor(linter: FolderLinter, file: string): string {
    if (this.options.workspaceTrusted !== false) return linter.configFor(file).docsBaseUrl;
    return this.settings.peek(linter.uri)?.docsBaseUrl || DEFAULT_DOCS_BASE_URL;
  }

  private status(): StatusParams {
    const results = [...this.folders, this.loose].map((f) => f.result).filter((r) => !!r);
    return {
      filesAnalysed: results.reduce((n, r) => n + r.analysedFiles.length, 0),
      findings: results.reduce((n, r) => n + r.findings.length, 0),
      lastAnalysisMs: this.lastAnalysisMs,
      slow: this.slow,
      scanning: this.scans > 0,
    };
  }

  private sendStatus(): void {
    void this.connection.sendNotification(STATUS_NOTIFICATION, this.status());
  }

  // ---------------------------------------------------------------------------------------
  // Hover and code actions

  /** The document, its path, linter and the findings in it, when kms-lint is enabled for it. */
  private async target(uri: string): Promise<{ document: TextDocument; file: string; linter: FolderLinter; settings: KmsLintSettings; findings: Finding[] } | undefined> {
    const document = this.documents.get(uri);
    const file = this.pathOf(uri);
    const linter = this.linterFor(file);
    if (!document || !file || !linter) return undefined;
    const settings = await this.settings.get(uri);
    if (!settings.enable) return undefined;
    const findings = linter.result?.findings.filter((f) => f.loc.file === file) ?? [];
    return { document, file, linter, settings, findings };
  }

  private async hover(params: HoverParams): Promise<Hover | null> {
    const t = await this.target(params.textDocument.uri);
    if (!t?.linter.result) return null;
    const ctx: HoverContext = {
      docsBaseUrl: this.docsBaseUrlFor(t.linter, t.file),
      clientCommands: !!this.options.clientCommands,
      diagnosticsInHover: !!this.options.diagnosticsInHover,
      uriOf: this.uriOf,
    };
    const here = t.findings.filter((f) => at(f.loc.range, params.position));
    return findingHover(here, ctx) ?? keyHover(t.linter.result.index, t.file, params.position, ctx) ?? null;
  }

  private async codeActions(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const first = await this.target(params.textDocument.uri);
    if (!first) return [];
    // Findings and fixes of the text being edited, not of a run before the last keystroke; but a
    // slow analysis must not freeze the menu (fixes of older text are then left out).
    await first.linter.whenAnalysed(token, CODE_ACTION_WAIT_MS);
    const t = (await this.target(params.textDocument.uri))!;
    const options = this.diagnosticOptions(t.linter);
    const ctx: CodeActionContext = {
      document: t.document,
      file: t.file,
      fixesCurrent: t.linter.analysedVersion(t.file) === t.document.version,
      clientCommands: !!this.options.clientCommands,
      uriOf: this.uriOf,
      diagnosticOf: (f) => toDiagnostic(f, options),
    };
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      actions.push(...quickFixes(findingsAt(t.findings, params.range, params.context.diagnostics), ctx));
    }
    if (only && wants(FIX_ALL_KIND)) {
      const all = fixAll(t.findings, ctx);
      if (all) actions.push(all);
    }
    return actions;
  }

  private async executeCommand(command: string, args: unknown[]): Promise<void> {
    if (command !== SERVER_OPEN_RULE_DOC_COMMAND) return;
    const rule = ruleById(String(args[0]));
    if (!rule) return;
    if (this.support.showDocument) await this.connection.window.showDocument({ uri: ruleDocUri(rule), takeFocus: true });
    else void this.connection.window.showInformationMessage(`${rule.meta.id}: ${rule.meta.description} See ${ruleDocPath(rule)}`);
  }
}
