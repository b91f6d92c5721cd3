// One engine per workspace folder: the folder's files (disk text, or the editor's text for
// open documents), a debounced and serialized analysis, and the latest result.
import * as path from 'path';
import type { CancellationToken } from 'vscode-languageserver/node';
import { createEngine } from '../createEngine';
import { CONFIG_FILE_NAME, type ConfigFile } from '../engine/config';
import type { AnalysisResult, Engine } from '../engine/engine';
import { SourceReader, walkWorkspace } from '../engine/walkWorkspace';
import { createExtractors } from '../surfaces';

export interface AnalysisEvent {
  /** Newer edits arrived while it ran: another analysis follows, results are already outdated. */
  stale: boolean;
  ms: number;
}

export interface ScanProgress {
  report(done: number, total: number): void;
}

/** Files read per turn of the event loop while scanning, so requests are still served. */
const SCAN_BATCH = 200;

/** Reads only files some surface reads (and config files), so the engine does not hold every text file of a big repository. */
const reader = new SourceReader(createExtractors(), true);

/** A source file's text as an editor shows it, or undefined (gone, unreadable, too large, read by no surface). */
function readSource(file: string): string | undefined {
  const result = reader.read(file);
  return result && 'text' in result ? result.text : undefined;
}

export class FolderLinter {
  private readonly engine: Engine;
  /** Edits not yet applied to the engine: path → text, or undefined for a removed file. The engine is only touched between analyses. */
  private pending = new Map<string, string | undefined>();
  private pendingSettings: ConfigFile | undefined;
  /** No analysis before the editor's settings for the folder are known (no flash of default severities). */
  private settingsKnown = false;
  /** Paths the engine holds (for removing a deleted folder's files). */
  private readonly files = new Set<string>();
  /** Document version of the text the engine holds, for open documents. */
  private readonly versions = new Map<string, number>();
  private pendingVersions = new Map<string, number | undefined>();
  private edits = 0;
  private analysedEdits = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private waiters: { edits: number; resolve: () => void }[] = [];
  result: AnalysisResult | undefined;
  /** The folder was read from disk (it is not while kms-lint is disabled for it). */
  scanned = false;

  constructor(
    /** Absolute folder path; the engine's root. */
    readonly root: string,
    /** The workspace folder's URI; undefined for the engine of files outside every folder. */
    readonly uri: string | undefined,
    private readonly onAnalysed: (folder: FolderLinter, event: AnalysisEvent) => void,
    private readonly log: (message: string) => void,
  ) {
    this.engine = createEngine(root);
  }

  contains(file: string): boolean {
    const rel = path.relative(this.root, file);
    return !path.isAbsolute(rel) && rel.split(path.sep)[0] !== '..';
  }

  /** Set (or, with undefined, remove) a file's text; analysis follows after `delayMs`. */
  update(file: string, text: string | undefined, delayMs: number, version?: number): void {
    this.pending.set(file, text);
    this.pendingVersions.set(file, version);
    this.edits++;
    this.schedule(delayMs);
  }

  /** Take a file's text from disk again; a file gone, unreadable or read by no surface leaves the engine. */
  reread(file: string, delayMs: number): void {
    this.update(file, readSource(file), delayMs);
  }

  /** Remove every file at or under `target` (a deleted file or folder), except those `keep` says stay. */
  removeTree(target: string, delayMs: number, keep: (file: string) => boolean): void {
    const prefix = target.endsWith(path.sep) ? target : target + path.sep;
    for (const file of new Set([...this.files, ...this.pending.keys()])) {
      if ((file === target || file.startsWith(prefix)) && !keep(file)) this.update(file, undefined, delayMs);
    }
  }

  setSettings(settings: ConfigFile): void {
    this.pendingSettings = settings;
    this.settingsKnown = true;
    this.edits++;
    this.schedule(0);
  }

  /** Version of the document text the latest analysis saw (undefined: disk text). */
  analysedVersion(file: string): number | undefined {
    return this.versions.get(file);
  }

  configFor(file: string) {
    return this.engine.configFor(file);
  }

  /**
   * Read the folder from disk: every file except open documents (their editor text wins) and
   * files of nested workspace folders. Files gone from disk are removed. Resolves when analysed.
   */
  async scan(owns: (file: string) => boolean, isOpen: (file: string) => boolean, progress?: ScanProgress): Promise<void> {
    this.scanned = true;
    const started = Date.now();
    const onDisk = walkWorkspace(this.root).filter(owns);
    // Read everything first and hand it over in one step, so no analysis sees half a workspace.
    const texts = new Map<string, string>();
    for (let i = 0; i < onDisk.length; i++) {
      const text = readSource(onDisk[i]);
      if (text !== undefined) texts.set(onDisk[i], text);
      if ((i + 1) % SCAN_BATCH === 0) {
        progress?.report(i + 1, onDisk.length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    progress?.report(onDisk.length, onDisk.length);
    for (const file of this.files) if (!texts.has(file) && !isOpen(file)) this.pending.set(file, undefined);
    for (const [file, text] of texts) {
      if (isOpen(file)) continue;
      this.pending.set(file, text);
      this.pendingVersions.set(file, undefined);
    }
    this.log(`scanned ${this.root}: ${onDisk.length} files in ${Date.now() - started} ms`);
    this.edits++;
    this.schedule(0);
    await this.whenAnalysed();
  }

  /** Resolves once every edit made so far is analysed, or the request is cancelled, or after `maxMs`. */
  whenAnalysed(token?: CancellationToken, maxMs?: number): Promise<void> {
    if (this.analysedEdits >= this.edits) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ edits: this.edits, resolve });
      token?.onCancellationRequested(() => resolve());
      if (maxMs !== undefined) setTimeout(resolve, maxMs).unref();
    });
  }

  /** Analyse now what is pending instead of waiting for the debounce. */
  flush(): Promise<void> {
    if (this.analysedEdits < this.edits) this.schedule(0);
    return this.whenAnalysed();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.pending.clear();
    this.analysedEdits = this.edits;
    this.resolveWaiters();
  }

  /** A newer request replaces a pending one: the debounce restarts. */
  private schedule(delayMs: number): void {
    if (!this.settingsKnown || this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.trigger();
    }, delayMs);
  }

  /** Analyses run one at a time; a trigger during a run queues exactly one more. */
  private trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.analyse().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.trigger();
      }
    });
  }

  private async analyse(): Promise<void> {
    const target = this.edits;
    const batch = this.pending;
    const versions = this.pendingVersions;
    this.pending = new Map();
    this.pendingVersions = new Map();
    const started = performance.now();
    try {
      if (this.pendingSettings) {
        this.engine.setSettings(this.pendingSettings);
        this.pendingSettings = undefined;
      }
      for (const [file, text] of batch) {
        if (text === undefined) {
          this.engine.removeFile(file);
          this.files.delete(file);
        } else {
          this.engine.setFile(file, text);
          this.files.add(file);
        }
        const version = versions.get(file);
        if (version === undefined) this.versions.delete(file);
        else this.versions.set(file, version);
      }
      this.result = await this.engine.analyze();
    } catch (err) {
      this.log(`analysis of ${this.root} failed: ${describeError(err)}`);
    } finally {
      this.analysedEdits = Math.max(this.analysedEdits, target);
    }
    const ms = Math.round(performance.now() - started);
    try {
      if (this.result && !this.disposed) this.onAnalysed(this, { stale: this.edits !== target, ms });
    } catch (err) {
      this.log(`publishing results of ${this.root} failed: ${describeError(err)}`);
    }
    this.resolveWaiters();
  }

  private resolveWaiters(): void {
    const ready = this.waiters.filter((w) => w.edits <= this.analysedEdits);
    this.waiters = this.waiters.filter((w) => w.edits > this.analysedEdits);
    for (const w of ready) w.resolve();
  }
}

/** An error for the log: its kind and where it was thrown, never its message (which may quote file text). */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const frames = (err.stack ?? '').split('\n').filter((l) => l.trim().startsWith('at ')).slice(0, 3).map((l) => l.trim());
  return [err.name, ...frames].join(' ');
}
