// CI YAML hosts: GitHub Actions `run:` steps (workflows and composite actions) and GitLab CI
// `before_script`/`script`/`after_script`. Each script is decoded from its YAML scalar with the
// host range of every character, `env:`/`variables:` maps give the variables it starts with, and
// GitHub `${{ … }}` expressions are substituted the way the runner does before the shell starts.
import * as path from 'path';
import { isMap, isScalar, isSeq, Parser, parseDocument, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { emptyFacts } from '../../engine/engine';
import type { Comment, FactSet, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { LineIndex, mergeFacts } from '../common';
import { analyzeShell } from '../shell/analyzer';
import { ShellTextBuilder, whitespacePrefix, type HostValue, type HostVariable } from '../shell/shellSource';
import { appendDecoded, type Substitution } from './embeddedShell';
import { decodeScalar } from './yamlScalars';

export type CiKind = 'github' | 'gitlab';

export function ciKind(file: string): CiKind | undefined {
  const normal = file.replace(/\\/g, '/');
  const base = path.posix.basename(normal).toLowerCase();
  if (/\/\.github\/workflows\/[^/]+\.ya?ml$/i.test(normal)) return 'github';
  if (base === 'action.yml' || base === 'action.yaml') return 'github';
  if (/^(.+\.)?\.?gitlab-ci\.ya?ml$/.test(base)) return 'gitlab';
  return undefined;
}

/** Every `#` comment of a YAML text, from the concrete syntax tree (block scalar content is not a comment). */
function yamlComments(file: string, text: string, lines: LineIndex): Comment[] {
  const out: Comment[] = [];
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    if (Array.isArray(o)) {
      for (const item of o) visit(item);
      return;
    }
    const token = o as { type?: string; offset?: number; source?: string };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ loc: lines.loc(file, token.offset, token.offset + token.source.length), text: token.source });
      return;
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'source') visit(v);
  };
  for (const token of new Parser().parse(text)) visit(token);
  return out;
}

function get(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

class CiFile {
  readonly facts: FactSet = emptyFacts();
  readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  /**
   * Variables of an `env:` / `variables:` map. `dynamic(value)` says why a value is only known
   * at run time (an expression, a reference), or undefined for a plain value.
   */
  variables(map: unknown, into: Map<string, HostVariable>, dynamic: (value: string) => string | undefined): void {
    if (!isMap(map)) return;
    for (const pair of map.items) {
      const name = scalarText(pair.key);
      if (!name) continue;
      let valueNode: unknown = pair.value;
      // GitLab: `NAME: { value: …, description: … }`.
      if (isMap(valueNode)) valueNode = get(valueNode, 'value');
      const value = scalarText(valueNode);
      const keyRange = (pair.key as Scalar).range;
      const valueRange = (valueNode as Scalar | undefined)?.range ?? keyRange;
      const loc = keyRange && valueRange ? this.lines.loc(this.file, keyRange[0], valueRange[1]) : undefined;
      const why = value === undefined ? 'not a plain value' : dynamic(value);
      const shown = value !== undefined && value.length <= 60 && !value.includes('\n') ? value : '…';
      into.set(name, {
        name,
        label: `${name}: ${shown}`,
        ...(loc ? { loc } : {}),
        value: why === undefined ? known(value!) : unknown(`${name} ${why}`),
      });
    }
  }

  /** Decodes the scalars of one script (joined by line breaks) into a ShellSource; undefined when none decodes. */
  source(scalars: Scalar[], linePrefix: (prefix: string) => string | undefined, substitute?: Substitution) {
    const builder = new ShellTextBuilder(this.file, this.text, this.lines);
    let any = false;
    for (const scalar of scalars) {
      const decoded = decodeScalar(this.text, scalar);
      if (!decoded) {
        const at = scalar.range ? this.lines.pos(scalar.range[0]).line + 1 : 0;
        this.facts.notes.push({ file: this.file, message: `skipped the script at line ${at}: its YAML could not be mapped back to positions` });
        continue;
      }
      if (any) {
        const end = scalar.range![0];
        builder.put('\n', end, end);
      }
      appendDecoded(builder, decoded, substitute);
      any = true;
    }
    return any ? builder.build(linePrefix) : undefined;
  }

  async analyze(source: ReturnType<CiFile['source']>, scope: string, env: Map<string, HostVariable>, counter: { next: number }): Promise<void> {
    if (!source) return;
    mergeFacts(this.facts, await analyzeShell(source, { scope, env, counter }));
  }
}

// ---------------------------------------------------------------------------
// GitHub Actions

const GITHUB_EXPRESSION = /^\$\{\{([^]*?)\}\}/;

/** `${{ env.REGION }}` and friends, substituted by the runner before the shell starts. */
function githubExpressions(env: Map<string, HostVariable>): Substitution {
  return (text, index) => {
    if (text[index] !== '$' || text[index + 1] !== '{') return undefined;
    const m = GITHUB_EXPRESSION.exec(text.slice(index, index + 500));
    if (!m) return undefined;
    const expr = m[1].trim();
    let value: Value<string>;
    const envName = /^env\.([A-Za-z_][\w-]*)$/.exec(expr)?.[1];
    const literal = /^'((?:[^']|'')*)'$/.exec(expr)?.[1];
    if (envName) {
      const v = env.get(envName);
      value = v ? (v.value.known ? known(v.value.value, [{ label: v.label, loc: v.loc }]) : unknown(v.value.reason, [{ label: v.label, loc: v.loc }])) : unknown(`env.${envName} is not set in the workflow`);
    } else if (literal !== undefined) value = known(literal.replace(/''/g, "'"));
    else value = unknown(`\${{ ${expr} }} is only known when the workflow runs`);
    const hostValue: HostValue = { value, name: expr };
    return { length: m[0].length, value: hostValue };
  };
}

function githubShellIsPosix(shell: string | undefined): boolean {
  if (shell === undefined) return true;
  const program = path.posix.basename(shell.trim().split(/\s+/)[0] ?? '');
  return program === 'bash' || program === 'sh';
}

const dynamicGithubValue = (value: string) => (value.includes('${{') ? 'is set from an expression when the workflow runs' : undefined);

async function github(ci: CiFile, root: unknown): Promise<void> {
  const workflowEnv = new Map<string, HostVariable>();
  ci.variables(get(root, 'env'), workflowEnv, dynamicGithubValue);
  const workflowShell = scalarText(get(get(get(root, 'defaults'), 'run'), 'shell'));
  const units: { name: string; node: unknown; env: Map<string, HostVariable>; shell?: string; windows: boolean }[] = [];
  const jobs = get(root, 'jobs');
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      const job = pair.value;
      const env = new Map(workflowEnv);
      ci.variables(get(job, 'env'), env, dynamicGithubValue);
      const runsOn = scalarText(get(job, 'runs-on'));
      units.push({ name: String(scalarText(pair.key)), node: job, env, shell: scalarText(get(get(get(job, 'defaults'), 'run'), 'shell')) ?? workflowShell, windows: !!runsOn && /windows/i.test(runsOn) });
    }
  }
  // A composite action: `runs: { using: composite, steps: [...] }`.
  const runs = get(root, 'runs');
  if (isMap(runs)) units.push({ name: 'runs', node: runs, env: new Map(workflowEnv), windows: false });

  for (const unit of units) {
    const steps = get(unit.node, 'steps');
    if (!isSeq(steps)) continue;
    const counter = { next: 0 };
    for (const step of steps.items) {
      const run = get(step, 'run');
      if (!isScalar(run)) continue;
      const shell = scalarText(get(step, 'shell')) ?? unit.shell;
      // Windows runners default to PowerShell.
      if (shell === undefined ? unit.windows : !githubShellIsPosix(shell)) continue;
      const env = new Map(unit.env);
      ci.variables(get(step, 'env'), env, dynamicGithubValue);
      const source = ci.source([run], whitespacePrefix, githubExpressions(env));
      await ci.analyze(source, `github:${ci.file}#${unit.name}`, env, counter);
    }
  }
}

// ---------------------------------------------------------------------------
// GitLab CI

const GITLAB_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);
const dynamicGitlabValue = (value: string) => (value.includes('$') ? 'refers to other variables, expanded by GitLab' : undefined);

/** The string scalars of a script: a string, or a list of strings (nested lists flattened). */
function scriptLines(node: unknown): Scalar[] {
  // `!reference [.job, script]` pulls lines from elsewhere: not this file's text.
  if ((node as { tag?: string } | null)?.tag === '!reference') return [];
  if (isScalar(node)) return typeof node.value === 'string' ? [node] : [];
  if (isSeq(node)) return node.items.flatMap((item) => scriptLines(item));
  return [];
}

/** New lines may go above a command on its own list item (`- tcloud …`) or inside a block scalar. */
function gitlabLinePrefix(prefix: string): string | undefined {
  return /^[ \t]*(-[ \t]+)?$/.test(prefix) ? prefix : undefined;
}

async function gitlab(ci: CiFile, root: unknown): Promise<void> {
  if (!isMap(root)) return;
  const globalVariables = new Map<string, HostVariable>();
  ci.variables(get(root, 'variables'), globalVariables, dynamicGitlabValue);
  const defaults = get(root, 'default');
  for (const pair of root.items) {
    const name = scalarText(pair.key);
    const job = pair.value;
    if (!name || GITLAB_KEYWORDS.has(name) || !isMap(job)) continue;
    if (!pairOf(job, 'script') && !pairOf(job, 'before_script') && !pairOf(job, 'after_script')) continue;
    const env = new Map(globalVariables);
    ci.variables(get(job, 'variables'), env, dynamicGitlabValue);
    const scope = `gitlab:${ci.file}#${name}`;
    const counter = { next: 0 };
    // before_script and script run in one shell; after_script in a new one.
    const before = pairOf(job, 'before_script') ? get(job, 'before_script') : get(defaults, 'before_script');
    const after = pairOf(job, 'after_script') ? get(job, 'after_script') : get(defaults, 'after_script');
    await ci.analyze(ci.source([...scriptLines(before), ...scriptLines(get(job, 'script'))], gitlabLinePrefix), scope, env, counter);
    await ci.analyze(ci.source(scriptLines(after), gitlabLinePrefix), scope, env, counter);
  }
}

export async function extractCiYaml(file: string, text: string, kind: CiKind): Promise<FactSet> {
  const ci = new CiFile(file, text);
  try {
    ci.facts.comments.push(...yamlComments(file, text, ci.lines));
    const doc = parseDocument(text, { uniqueKeys: false });
    if (kind === 'github') await github(ci, doc.contents);
    else await gitlab(ci, doc.contents);
  } catch (err) {
    ci.facts.notes.push({ file, message: `CI file analysis stopped: ${(err as Error).message}` });
  }
  return ci.facts;
}
