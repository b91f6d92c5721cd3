// Delivers diagnostics of every analysed file, open or not, either by push
// (`textDocument/publishDiagnostics`) or, when the editor supports it, by pull
// (`textDocument/diagnostic`, `workspace/diagnostic` held open until something changes,
// and `workspace/diagnostic/refresh` when files the editor is not asking about changed).
import type { CancellationToken, Connection, Diagnostic, DocumentDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { resultIdOf } from './diagnostics';

interface Entry {
  diagnostics: Diagnostic[];
  resultId: string;
}

const EMPTY: Entry = { diagnostics: [], resultId: resultIdOf([]) };

export class DiagnosticsPublisher {
  /** Current diagnostics per URI, per owner (a workspace folder's linter). */
  private readonly byOwner = new Map<object, Map<string, Entry>>();
  /** Push: what the editor has. Pull: the result id each open document was last served. */
  private readonly delivered = new Map<string, string>();
  private changeListeners: (() => void)[] = [];
  private refreshPending = false;

  constructor(
    private readonly connection: Connection,
    readonly mode: 'push' | 'pull',
    private readonly canRefresh: boolean,
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /** Replace everything an owner reported; deliver what changed. */
  update(owner: object, diagnostics: Map<string, Diagnostic[]>): void {
    const previous = this.byOwner.get(owner) ?? new Map<string, Entry>();
    const next = new Map<string, Entry>();
    for (const [uri, list] of diagnostics) next.set(uri, { diagnostics: list, resultId: resultIdOf(list) });
    this.byOwner.set(owner, next);
    const changed = [...new Set([...previous.keys(), ...next.keys()])].filter((uri) => (previous.get(uri) ?? EMPTY).resultId !== (next.get(uri) ?? EMPTY).resultId);
    if (!changed.length) return;
    if (this.mode === 'push') {
      for (const uri of changed) this.push(uri);
    } else {
      for (const listener of this.changeListeners.splice(0)) listener();
      this.refreshOpenDocuments();
    }
  }

  remove(owner: object): void {
    this.update(owner, new Map());
    this.byOwner.delete(owner);
  }

  private entry(uri: string): Entry {
    for (const entries of this.byOwner.values()) {
      const entry = entries.get(uri);
      if (entry) return entry;
    }
    return EMPTY;
  }

  private push(uri: string): void {
    const entry = this.entry(uri);
    if (this.delivered.get(uri) === entry.resultId) return;
    if (entry === EMPTY) this.delivered.delete(uri);
    else this.delivered.set(uri, entry.resultId);
    void this.connection.sendDiagnostics({ uri, diagnostics: entry.diagnostics });
  }

  /** `textDocument/diagnostic`. */
  documentReport(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const entry = this.entry(uri);
    this.delivered.set(uri, entry.resultId);
    if (previousResultId === entry.resultId) return { kind: 'unchanged', resultId: entry.resultId };
    return { kind: 'full', resultId: entry.resultId, items: entry.diagnostics };
  }

  /**
   * `workspace/diagnostic`: reports of the files whose diagnostics differ from what the editor
   * has; when nothing does, held until the next change (or until the editor cancels).
   */
  async workspaceReport(previousResultIds: { uri: string; value: string }[], token: CancellationToken): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const previous = new Map(previousResultIds.map((p) => [p.uri, p.value]));
    for (;;) {
      const uris = new Set(previous.keys());
      for (const entries of this.byOwner.values()) for (const uri of entries.keys()) uris.add(uri);
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      for (const uri of uris) {
        const entry = this.entry(uri);
        const before = previous.get(uri);
        if (before === entry.resultId || (before === undefined && entry === EMPTY)) continue;
        items.push({ kind: 'full', uri, version: null, resultId: entry.resultId, items: entry.diagnostics });
      }
      if (items.length || token.isCancellationRequested) return items;
      await new Promise<void>((resolve) => {
        this.changeListeners.push(resolve);
        token.onCancellationRequested(() => resolve());
      });
    }
  }

  /**
   * Pull: an open document whose diagnostics changed without an edit of its own (another file,
   * the config file, settings) is only re-pulled when asked to. Checked after the pulls already
   * in flight got their answers, so typing in one file does not re-pull every open file.
   */
  private refreshOpenDocuments(): void {
    if (!this.canRefresh || this.refreshPending) return;
    this.refreshPending = true;
    setImmediate(() => {
      this.refreshPending = false;
      const outdated = [...this.delivered].some(([uri, resultId]) => this.isOpen(uri) && this.entry(uri).resultId !== resultId);
      if (outdated) void this.connection.languages.diagnostics.refresh();
    });
  }

  /** A document was closed: what it was served no longer matters (pull). */
  forget(uri: string): void {
    if (this.mode === 'pull') this.delivered.delete(uri);
  }
}
