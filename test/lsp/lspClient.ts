// A minimal LSP client for tests: starts `kms-lint server --stdio` from source, answers the
// server's requests like an editor does, and records what the server sends so tests can wait
// for it (with deadlines, never fixed sleeps).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  DocumentDiagnosticReport,
  FileChangeType,
  Hover,
  Range,
  TextEdit,
  WorkspaceDiagnosticReport,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits as applyEngineEdits, at } from '../helpers/ruleTester';

const REPO = path.resolve(__dirname, '../..');
const DEFAULT_TIMEOUT_MS = 20000;

/** What an editor like Neovim 0.7 announces: push diagnostics only. */
export const PUSH_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: false },
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
};

/** What VS Code's language client announces: pull diagnostics with refresh. */
export const PULL_CAPABILITIES: ClientCapabilities = {
  ...PUSH_CAPABILITIES,
  workspace: { ...PUSH_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...PUSH_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

export interface ClientOptions {
  folders: string[];
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** `kmsLint` settings per scope URI ('' = global); read on every `workspace/configuration`. */
  settings?: Record<string, unknown>;
}

export interface Notification {
  method: string;
  params: any;
}

export class TestClient {
  readonly published = new Map<string, Diagnostic[]>();
  readonly notifications: Notification[] = [];
  readonly serverRequests: Notification[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private listeners: (() => void)[] = [];
  stderr = '';

  constructor(
    private readonly connection: MessageConnection,
    private readonly child: ChildProcess,
    readonly options: ClientOptions,
  ) {
    connection.onNotification((method: string, params: any) => {
      this.notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') this.published.set(params.uri, params.diagnostics);
      this.changed();
    });
    // Progress for tokens the server created (window/workDoneProgress/create) arrives here.
    connection.onUnhandledProgress((params) => {
      this.notifications.push({ method: '$/progress', params });
      this.changed();
    });
    connection.onRequest((method: string, params: any) => {
      this.serverRequests.push({ method, params });
      this.changed();
      if (method === 'workspace/configuration') {
        return params.items.map((item: { scopeUri?: string }) => options.settings?.[item.scopeUri ?? ''] ?? options.settings?.[''] ?? {});
      }
      return null;
    });
    child.stderr!.on('data', (d) => (this.stderr += d));
  }

  private changed(): void {
    for (const l of this.listeners.splice(0)) l();
  }

  /** Resolves with the first truthy value of `check`, re-checked whenever the server sends something. */
  async waitFor<T>(what: string, check: () => T | undefined | false | null, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the server published diagnostics for `file` that satisfy `check`. */
  waitForDiagnostics(fileOrUri: string, check: (d: Diagnostic[]) => boolean = (d) => d.length > 0, what = `diagnostics of ${path.basename(fileOrUri)}`): Promise<Diagnostic[]> {
    return this.waitFor(what, () => {
      const d = this.published.get(toUri(fileOrUri));
      return d && check(d) ? d : undefined;
    });
  }

  open(fileOrUri: string, text: string, languageId = 'terraform'): void {
    const u = toUri(fileOrUri);
    this.versions.set(u, 1);
    this.texts.set(u, text);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId, version: 1, text } });
  }

  /** Replace the whole text of an open document (an incremental change covering everything). */
  change(fileOrUri: string, text: string): void {
    const u = toUri(fileOrUri);
    const version = (this.versions.get(u) ?? 0) + 1;
    const old = this.texts.get(u) ?? '';
    this.versions.set(u, version);
    this.texts.set(u, text);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: u, version },
      contentChanges: [{ range: fullRange(old), text }],
    });
  }

  save(file: string): void {
    void this.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri(file) } });
  }

  close(fileOrUri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: toUri(fileOrUri) } });
  }

  text(file: string): string {
    return this.texts.get(uri(file)) ?? fs.readFileSync(file, 'utf8');
  }

  watchedFiles(changes: { file: string; type: FileChangeType }[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uri(c.file), type: c.type })) });
  }

  workspaceFoldersChanged(added: string[], removed: string[]): void {
    const folders = (list: string[]) => list.map((f) => ({ uri: uri(f), name: path.basename(f) }));
    void this.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: folders(added), removed: folders(removed) } });
  }

  configurationChanged(): void {
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  hover(file: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line, character } });
  }

  codeActions(file: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range, context: { diagnostics, only } });
  }

  pull(fileOrUri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    const u = toUri(fileOrUri);
    return this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: u }, previousResultId });
  }

  workspacePull(previousResultIds: { uri: string; value: string }[] = []): Promise<WorkspaceDiagnosticReport> {
    return this.connection.sendRequest('workspace/diagnostic', { previousResultIds });
  }

  request<T>(method: string, params?: unknown): Promise<T> {
    return this.connection.sendRequest(method, params);
  }

  count(method: string): number {
    return this.serverRequests.filter((r) => r.method === method).length + this.notifications.filter((n) => n.method === method).length;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = new Promise((r) => this.child.once('exit', r));
    if (this.child.exitCode === null) await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (this.child.exitCode === null) this.child.kill();
    this.connection.dispose();
  }
}

export async function startClient(options: ClientOptions): Promise<TestClient> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'server/src/main.ts'), 'server', '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const client = new TestClient(connection, child, options);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: options.capabilities ?? PUSH_CAPABILITIES,
    initializationOptions: options.initializationOptions,
    workspaceFolders: options.folders.map((f) => ({ uri: uri(f), name: path.basename(f) })),
  });
  void connection.sendNotification('initialized', {});
  return client;
}

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

/** A file path's URI; anything else (`untitled:Untitled-1`) is a URI already. */
function toUri(fileOrUri: string): string {
  return path.isAbsolute(fileOrUri) ? uri(fileOrUri) : fileOrUri;
}

/** A temporary workspace folder with the given files (relative path → text). */
export function workspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kms-lint-lsp-')));
  for (const [name, text] of Object.entries(files)) writeFile(path.join(root, name), text);
  return root;
}

export function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Applies LSP edits of one document to its text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return applyEngineEdits(text, edits.map((e) => ({ file: '', ...e })));
}

export function editsFor(edit: WorkspaceEdit | undefined, file: string): TextEdit[] {
  return edit?.changes?.[uri(file)] ?? [];
}

/** The 0-based LSP range of the first occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string): Range {
  const { line, column, endLine, endColumn } = at(text, needle);
  return { start: { line: line - 1, character: column - 1 }, end: { line: endLine - 1, character: endColumn - 1 } };
}

function fullRange(text: string): Range {
  const lines = text.split('\n');
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}
