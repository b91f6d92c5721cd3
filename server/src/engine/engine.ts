// The pipeline shared by the CLI and the language server:
//   files → surface extractors (parse + facts) → WorkspaceIndex → rules → findings,
// then configured severities, ignores and suppressions.
import * as path from 'path';
import { CONFIG_FILE_NAME, findConfigFile, isIgnored, parseConfigText, resolveConfig, type ConfigFile, type ConfigProblem, type ParsedConfig, type ResolvedConfig } from './config';
import type { Rule, ReportInput } from './rule';
import { applySuppressions, parseSuppressions } from './suppressions';
import type { FactSet, Finding, Note } from './types';
import { WorkspaceIndex } from './workspaceIndex';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  text: string;
}

/**
 * One per surface (Terraform, Go, shell …). It receives every file it accepts and returns the
 * facts of all of them; it is re-run only when one of its files changed, and caches parsing per
 * file text itself (Terraform and Go resolve values across the files of a module/package).
 */
export interface SurfaceExtractor {
  id: string;
  accepts(file: string, text: string): boolean;
  extract(files: SourceFile[]): Promise<FactSet>;
}

export interface EngineOptions {
  /** Workspace root: config files are looked up from a file's folder up to here. */
  root: string;
  extractors: SurfaceExtractor[];
  rules: Rule[];
  /** Editor settings (lowest precedence after defaults); `.kms-lint.yaml` wins over them. */
  settings?: ConfigFile;
}

export interface AnalysisResult {
  findings: Finding[];
  index: WorkspaceIndex;
  notes: Note[];
  configProblems: ConfigProblem[];
  /** Files analysed by some extractor. */
  analysedFiles: string[];
}

/** Files above this size are skipped with a note (generated or vendored data, not code we lint). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function emptyFacts(): FactSet {
  return { keys: [], uses: [], prints: [], comments: [], notes: [] };
}

export class Engine {
  private readonly files = new Map<string, string>();
  private readonly skipped = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private readonly factsByExtractor = new Map<string, FactSet>();
  /** The files each extractor saw last time: a change to any of them (removal too) re-runs it. */
  private readonly inputsByExtractor = new Map<string, Set<string>>();
  private readonly configCache = new Map<string, ParsedConfig>();
  private settings: ConfigFile;

  constructor(private readonly options: EngineOptions) {
    this.settings = options.settings ?? {};
  }

  get root(): string {
    return this.options.root;
  }

  setSettings(settings: ConfigFile): void {
    this.settings = settings;
  }

  /** Add or replace a file. Binary and oversized files are kept out with a note. */
  setFile(file: string, text: string): void {
    file = path.resolve(file);
    if (this.files.get(file) === text) return;
    const reason = skipReason(text);
    if (reason) {
      this.removeFile(file);
      this.skipped.set(file, reason);
      return;
    }
    this.skipped.delete(file);
    this.files.set(file, text);
    this.dirty.add(file);
    this.configCache.delete(file);
  }

  removeFile(file: string): void {
    file = path.resolve(file);
    this.skipped.delete(file);
    if (!this.files.delete(file)) return;
    this.dirty.add(file);
    this.configCache.delete(file);
  }

  hasFile(file: string): boolean {
    return this.files.has(path.resolve(file));
  }

  /** The config that applies to a file: defaults < editor settings < nearest `.kms-lint.yaml`. */
  configFor(file: string): ResolvedConfig {
    const parsed = this.configFileFor(file);
    const layers: { config: ConfigFile; base: string; source?: string }[] = [{ config: this.settings, base: this.root }];
    if (parsed?.config) layers.push({ config: parsed.config, base: path.dirname(parsed.file), source: parsed.file });
    return resolveConfig(layers);
  }

  private configFileFor(file: string): ParsedConfig | undefined {
    const configPath = findConfigFile(path.dirname(path.resolve(file)), this.root, (f) => this.files.has(f));
    return configPath ? this.parsedConfig(configPath) : undefined;
  }

  private parsedConfig(configPath: string): ParsedConfig {
    let parsed = this.configCache.get(configPath);
    if (!parsed) {
      parsed = parseConfigText(configPath, this.files.get(configPath) ?? '');
      this.configCache.set(configPath, parsed);
    }
    return parsed;
  }

  async analyze(): Promise<AnalysisResult> {
    const notes: Note[] = [...this.skipped].map(([file, message]) => ({ file, message }));
    // The config depends only on a file's folder: resolve it once per folder per analysis.
    const configByDir = new Map<string, ResolvedConfig>();
    const configFor = (file: string) => {
      const dir = path.dirname(file);
      let c = configByDir.get(dir);
      if (!c) configByDir.set(dir, (c = this.configFor(file)));
      return c;
    };

    // 1. Extract facts, re-running only extractors whose files changed (all of them when a
    //    config file changed: its ignore globs decide which files they see).
    const configChanged = [...this.dirty].some((f) => path.basename(f) === CONFIG_FILE_NAME);
    const analysed = new Set<string>();
    const included = [...this.files].filter(([file]) => !isIgnored(configFor(file), file));
    for (const extractor of this.options.extractors) {
      const mine: SourceFile[] = [];
      let changed = configChanged || !this.factsByExtractor.has(extractor.id);
      for (const [file, text] of included) {
        if (!extractor.accepts(file, text)) continue;
        mine.push({ path: file, text });
        analysed.add(file);
      }
      const minePaths = new Set(mine.map((m) => m.path));
      const previousPaths = this.inputsByExtractor.get(extractor.id);
      if (!changed) changed = [...this.dirty].some((f) => minePaths.has(f) || previousPaths?.has(f));
      this.inputsByExtractor.set(extractor.id, minePaths);
      if (changed) {
        let facts: FactSet;
        try {
          facts = await extractor.extract(mine);
        } catch (err) {
          // An extractor bug must not take the server down: report it without file contents.
          facts = emptyFacts();
          facts.notes.push({ file: this.root, message: `${extractor.id} analysis failed: ${(err as Error).message}` });
        }
        this.factsByExtractor.set(extractor.id, facts);
      }
    }
    this.dirty.clear();
    const factSets = [...this.factsByExtractor.values()];
    for (const facts of factSets) notes.push(...facts.notes);
    const index = new WorkspaceIndex(factSets);

    // 2. Rules.
    const raw: Finding[] = [];
    for (const rule of this.options.rules) {
      const report = (input: ReportInput) => {
        raw.push({
          ruleId: rule.meta.id,
          severity: input.severity ?? rule.meta.defaultSeverity,
          message: input.message,
          loc: input.loc,
          related: input.related ?? [],
          fixes: input.fixes ?? [],
          resolution: input.resolution ?? [],
          unnecessary: input.unnecessary,
        });
      };
      try {
        rule.check({ index, configFor, report });
      } catch (err) {
        notes.push({ file: this.root, message: `rule ${rule.meta.id} failed: ${(err as Error).message}` });
      }
    }

    // 3. Configured severities and ignores.
    const byRule = new Map(this.options.rules.map((r) => [r.meta.id, r]));
    const configured: Finding[] = [];
    for (const finding of raw) {
      const config = configFor(finding.loc.file);
      if (isIgnored(config, finding.loc.file)) continue;
      const setting = config.rules[finding.ruleId];
      if (setting === 'off') continue;
      // A configured level replaces the rule's default level; secondary notes a rule reports at
      // another level (an info-level export call site) keep theirs.
      if (setting && finding.severity === byRule.get(finding.ruleId)?.meta.defaultSeverity) finding.severity = setting;
      configured.push(finding);
    }

    // 4. Suppressions, and findings about the suppressions themselves.
    const suppressions = factSets.flatMap((f) => parseSuppressions(f.comments));
    const findings = applySuppressions(dedupe(configured), suppressions, (file) => configFor(file).rules['suppression-justification']);

    findings.sort(compareFindings);
    const configProblems = [...this.files.keys()]
      .filter((f) => path.basename(f) === CONFIG_FILE_NAME)
      .flatMap((f) => this.parsedConfig(f).problems);
    return { findings, index, notes, configProblems, analysedFiles: [...analysed].sort() };
  }
}

function skipReason(text: string): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`;
  if (text.slice(0, 8000).includes('\u0000')) return 'skipped: binary file';
  return undefined;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}|${f.loc.file}|${f.loc.range.start.line}:${f.loc.range.start.character}-${f.loc.range.end.line}:${f.loc.range.end.character}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.loc.file.localeCompare(b.loc.file) ||
    a.loc.range.start.line - b.loc.range.start.line ||
    a.loc.range.start.character - b.loc.range.start.character ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}
