// The Terraform / OpenTofu surface. Files are grouped by folder into modules; every root
// module (one no other module of the workspace calls as `source = "./…"`) whose module tree
// mentions `thalassa_` is evaluated with its tfvars and local child modules, and its
// `thalassa_kms_key`, `thalassa_secret` and `thalassa_dns_zone_dnssec` blocks become facts.
import * as path from 'path';
import type { Parser } from 'web-tree-sitter';
import type { SourceFile, SurfaceExtractor } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, Note, Value } from '../../engine/types';
import { known } from '../../engine/value';
import { parserFor } from '../../parsing/treeSitter';
import { environmentFromPath } from '../common';
import { isLocalSource, ModuleCode, ModuleInstance, type RootModule } from './evaluate';
import { collectModuleFacts } from './facts';
import { attribute, type Attribute, type HclFile } from './hclAst';
import { parseNative } from './parseHcl';
import { parseJson } from './parseTfJson';

type FileKind = { syntax: 'native' | 'json'; kind: 'config' | 'vars' };

/** Folders whose sub-folders are environments: `envs/prod`, `environments/staging`. */
const ENVIRONMENT_CONTAINERS = new Set(['env', 'envs', 'environment', 'environments', 'stages', 'deployments']);

/** Text every module tree worth evaluating contains. */
const PROVIDER_PREFIX = 'thalassa_';
/** Text of every file that may hold a suppression directive. */
const DIRECTIVE_PREFIX = 'kms-lint-';

export function classifyTerraformFile(file: string): FileKind | undefined {
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('.tf.json') || name.endsWith('.tofu.json')) return { syntax: 'json', kind: 'config' };
  if (name.endsWith('.tf') || name.endsWith('.tofu')) return { syntax: 'native', kind: 'config' };
  if (name.endsWith('.tfvars.json')) return { syntax: 'json', kind: 'vars' };
  if (name.endsWith('.tfvars')) return { syntax: 'native', kind: 'vars' };
  return undefined;
}

/** Parse results per path, reused while the text is unchanged. */
class ParseCache {
  private readonly entries = new Map<string, { text: string; file: HclFile }>();

  constructor(private readonly limit = Infinity) {}

  get(parser: Parser, source: SourceFile, kind: FileKind, key = source.path): HclFile {
    const hit = this.entries.get(key);
    if (hit && hit.text === source.text) return hit.file;
    const file = parseFile(parser, source, kind);
    this.entries.delete(key);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { text: source.text, file });
    return file;
  }

  keepOnly(paths: Set<string>): void {
    for (const p of this.entries.keys()) if (!paths.has(p)) this.entries.delete(p);
  }
}

function parseFile(parser: Parser, source: SourceFile, kind: FileKind): HclFile {
  try {
    return kind.syntax === 'json' ? parseJson(parser, source.path, source.text, kind.kind) : parseNative(parser, source.path, source.text, kind.kind);
  } catch {
    // A parser failure on odd input must not stop the workspace: the file counts as unreadable.
    return { path: source.path, syntax: kind.syntax, body: { attributes: [], blocks: [] }, comments: [], recovered: true };
  }
}

/** Pathological input (a chain of thousands of locals) must not fail the whole surface. */
function evaluateGuarded(where: string, out: FactSet, evaluate: () => void): void {
  try {
    evaluate();
  } catch (err) {
    out.notes.push({ file: where, message: `Terraform configuration could not be evaluated completely (${(err as Error).name}); some keys may be missing.` });
  }
}

function recoveryNote(file: HclFile): Note {
  return { file: file.path, message: 'Terraform syntax error: the file was read with error recovery, so attributes in the broken part may be missed.' };
}

export function createTerraformExtractor(): SurfaceExtractor {
  const cache = new ParseCache();
  return {
    id: 'terraform',
    accepts: (file) => classifyTerraformFile(file) !== undefined,
    async extract(files) {
      const parser = await parserFor('terraform');
      cache.keepOnly(new Set(files.map((f) => f.path)));
      return new WorkspaceAnalysis(parser, cache, files).run();
    },
  };
}

interface Folder {
  config: SourceFile[];
  vars: SourceFile[];
}

class WorkspaceAnalysis {
  private readonly folders = new Map<string, Folder>();
  private readonly modules = new Map<string, ModuleCode>();
  private readonly kinds = new Map<string, FileKind>();

  constructor(
    private readonly parser: Parser,
    private readonly cache: ParseCache,
    files: SourceFile[],
  ) {
    for (const file of files) {
      const kind = classifyTerraformFile(file.path);
      if (!kind) continue;
      this.kinds.set(file.path, kind);
      const dir = path.dirname(file.path);
      const folder = this.folders.get(dir) ?? { config: [], vars: [] };
      folder[kind.kind].push(file);
      this.folders.set(dir, folder);
    }
    for (const folder of this.folders.values()) {
      folder.config = withoutOverriddenByTofu(folder.config).sort((a, b) => a.path.localeCompare(b.path));
    }
  }

  private parse(file: SourceFile): HclFile {
    return this.cache.get(this.parser, file, this.kinds.get(file.path)!);
  }

  private moduleAt(dir: string): ModuleCode | undefined {
    let code = this.modules.get(dir);
    const folder = this.folders.get(dir);
    if (!code && folder?.config.length) {
      code = new ModuleCode(dir, folder.config.map((f) => this.parse(f)));
      this.modules.set(dir, code);
    }
    return code;
  }

  /** Local child module folders called from a folder (only files mentioning `module` are parsed for this). */
  private calls(dir: string): string[] {
    const children: string[] = [];
    for (const file of this.folders.get(dir)?.config ?? []) {
      // Only a file with a relative `source` can call a local module.
      if (!file.text.includes('module') || !(file.text.includes('"./') || file.text.includes('"../'))) continue;
      for (const block of this.parse(file).body.blocks) {
        if (block.type !== 'module') continue;
        const source = attribute(block.body, 'source')?.expr;
        if (source?.kind !== 'literal' || typeof source.value !== 'string' || !isLocalSource(source.value)) continue;
        const child = path.resolve(dir, source.value);
        if (child !== dir && this.folders.get(child)?.config.length) children.push(child);
      }
    }
    return children;
  }

  run(): FactSet {
    const out = emptyFacts();
    const moduleDirs = [...this.folders].filter(([, f]) => f.config.length).map(([dir]) => dir).sort();
    const callGraph = new Map(moduleDirs.map((dir) => [dir, this.calls(dir)]));
    const called = new Set([...callGraph.values()].flat());
    const base = commonDirectory(moduleDirs);
    const evaluated = new Set<string>();
    for (const root of moduleDirs.filter((dir) => !called.has(dir))) {
      const tree = reachable(root, callGraph);
      if (!tree.some((dir) => this.folders.get(dir)!.config.some((f) => f.text.includes(PROVIDER_PREFIX)))) continue;
      for (const dir of tree) evaluated.add(dir);
      const rootModule: RootModule = { dir: root, key: root, scope: `terraform:${root}`, tfvars: this.tfvars(root) };
      const instance = new ModuleInstance({ moduleAt: (dir) => this.moduleAt(dir) }, rootModule, this.moduleAt(root)!, '', undefined, []);
      evaluateGuarded(root, out, () => collectModuleFacts(instance, { folderEnvironment: folderEnvironment(root, base) }, out));
    }
    // Comments of every file read, for suppressions, and of any other file holding a directive.
    for (const [dir, folder] of this.folders) {
      for (const file of [...folder.config, ...folder.vars]) {
        const isEvaluated = evaluated.has(dir) && (folder.config.includes(file) || isAutoLoaded(file.path));
        if (!isEvaluated && !file.text.includes(DIRECTIVE_PREFIX)) continue;
        const parsed = this.parse(file);
        out.comments.push(...parsed.comments);
        if (parsed.recovered && isEvaluated) out.notes.push(recoveryNote(parsed));
      }
    }
    return out;
  }

  /** terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in lexical order: later files win. */
  private tfvars(dir: string): Map<string, Attribute> {
    const values = new Map<string, Attribute>();
    const files = (this.folders.get(dir)?.vars ?? []).filter((f) => isAutoLoaded(f.path)).sort((a, b) => tfvarsOrder(a.path) - tfvarsOrder(b.path) || path.basename(a.path).localeCompare(path.basename(b.path)));
    for (const file of files) for (const attr of this.parse(file).body.attributes) values.set(attr.name, attr);
    return values;
  }
}

function isAutoLoaded(file: string): boolean {
  const name = path.basename(file);
  return name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json');
}

function tfvarsOrder(file: string): number {
  const name = path.basename(file);
  return name === 'terraform.tfvars' ? 0 : name === 'terraform.tfvars.json' ? 1 : 2;
}

/** OpenTofu reads `x.tofu` instead of `x.tf` when both exist. */
function withoutOverriddenByTofu(files: SourceFile[]): SourceFile[] {
  const names = new Set(files.map((f) => f.path));
  return files.filter((f) => {
    if (f.path.endsWith('.tf')) return !names.has(f.path.slice(0, -3) + '.tofu');
    if (f.path.endsWith('.tf.json')) return !names.has(f.path.slice(0, -8) + '.tofu.json');
    return true;
  });
}

function reachable(root: string, graph: Map<string, string[]>): string[] {
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length) {
    for (const child of graph.get(queue.shift()!) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...seen];
}

function commonDirectory(dirs: string[]): string | undefined {
  if (!dirs.length) return undefined;
  let common = dirs[0];
  for (const dir of dirs) {
    while (common !== path.dirname(common) && dir !== common && !dir.startsWith(common + path.sep)) common = path.dirname(common);
  }
  return common;
}

/**
 * The environment a root module's folder names: a folder under `envs/`/`environments/` anywhere
 * in the path, or an environment-named folder below the folder all Terraform modules share
 * (never above it: `/home/dev/…` says nothing about the code).
 */
export function folderEnvironment(dir: string, base: string | undefined): Value<string> | undefined {
  const segments = dir.split(path.sep);
  for (let i = 1; i < segments.length; i++) {
    if (!ENVIRONMENT_CONTAINERS.has(segments[i - 1].toLowerCase())) continue;
    const env = environmentFromPath(segments[i]);
    if (env) return known(env, [{ label: `folder ${segments.slice(i - 1, i + 1).join('/')}` }]);
  }
  if (base === undefined || dir === base) return undefined;
  const relative = path.relative(base, dir).split(path.sep).join('/');
  const env = environmentFromPath(relative);
  return env ? known(env, [{ label: `folder ${relative}` }]) : undefined;
}

const textCache = new ParseCache(64);

/**
 * One text analysed as a standalone root module (HCL fenced in Markdown, HCL in Go raw
 * strings): the caller blanks everything outside the embedded code, so positions are the host's.
 * `scope` names the snippet (one per fence): its facts' scope and part of their ids.
 */
export async function extractTerraformText(file: string, text: string, scope = `terraform:${file}`): Promise<FactSet> {
  const parser = await parserFor('terraform');
  const parsed = textCache.get(parser, { path: file, text }, { syntax: 'native', kind: 'config' }, scope);
  const out = emptyFacts();
  out.comments.push(...parsed.comments);
  if (parsed.recovered) out.notes.push(recoveryNote(parsed));
  if (!text.includes(PROVIDER_PREFIX)) return out;
  const dir = path.dirname(file);
  const code = new ModuleCode(dir, [parsed]);
  const instance = new ModuleInstance({ moduleAt: () => undefined }, { dir, key: scope, scope, tfvars: new Map() }, code, '', undefined, []);
  evaluateGuarded(file, out, () => collectModuleFacts(instance, { folderEnvironment: folderEnvironment(dir, undefined) }, out));
  return out;
}
