// `.kms-lint.yaml`: parsed with `yaml` (positions kept), validated against the JSON Schema the
// extension also contributes, merged over editor settings. A broken file yields problems at
// their position in that file, never a silent fallback.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject } from 'ajv';
import picomatch from 'picomatch';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode, type Document } from 'yaml';
import schema from '../../../schemas/kms-lint.schema.json';
import type { Loc, Severity } from './types';

export const CONFIG_FILE_NAME = '.kms-lint.yaml';
export const DEFAULT_DOCS_BASE_URL = 'https://docs.thalassa.cloud/docs/kms/best-practices/';

export type RuleSetting = Severity | 'off';

/** What a user can write in `.kms-lint.yaml` (and, for the subset that makes sense, in editor settings). */
export interface ConfigFile {
  rules?: Record<string, RuleSetting>;
  allowedRegions?: string[];
  rotation?: { minDays?: number; maxDays?: number };
  envelope?: { maxPayloadBytes?: number };
  ignore?: string[];
  docsBaseUrl?: string;
}

export interface ResolvedConfig {
  rules: Record<string, RuleSetting>;
  allowedRegions?: string[];
  rotation: { minDays: number; maxDays: number };
  envelope: { maxPayloadBytes: number };
  /** Ignore globs, each with the folder it is relative to. */
  ignore: { base: string; pattern: string }[];
  docsBaseUrl: string;
  /** The config file that applied, if any. */
  source?: string;
}

export interface ConfigProblem {
  loc: Loc;
  message: string;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: {},
  rotation: { minDays: 30, maxDays: 365 },
  envelope: { maxPayloadBytes: 64 },
  ignore: [],
  docsBaseUrl: DEFAULT_DOCS_BASE_URL,
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile<ConfigFile>(schema);

export interface ParsedConfig {
  file: string;
  config?: ConfigFile;
  problems: ConfigProblem[];
}

/** Parse and validate a config file's text. `config` is undefined when the file is unusable. */
export function parseConfigText(file: string, text: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number, end = offset) => {
    const s = lineCounter.linePos(offset);
    const e = lineCounter.linePos(Math.max(end, offset));
    return { file, range: { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } } };
  };
  const problems: ConfigProblem[] = doc.errors.map((e) => ({ loc: at(e.pos[0], e.pos[1]), message: `Invalid YAML: ${e.message.split('\n')[0]}` }));
  if (problems.length) return { file, problems };
  const data = doc.toJS() ?? {};
  if (!validate(data)) {
    // Errors about a property *name* come twice (the inner enum and propertyNames): keep the outer one.
    for (const err of validate.errors ?? []) if (!err.propertyName) problems.push(schemaProblem(doc, err, at));
    return { file, problems };
  }
  return { file, config: data, problems };
}

function schemaProblem(doc: Document, err: ErrorObject, at: (s: number, e?: number) => Loc): ConfigProblem {
  const segments = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let key: string | undefined;
  if (err.keyword === 'additionalProperties') key = String(err.params.additionalProperty);
  if (err.keyword === 'propertyNames') key = String(err.params.propertyName);
  const node = findNode(doc.contents as YamlNode | null, segments, key);
  const where = node?.range ?? [0, 0];
  const label = segments.join('.') || 'config';
  let message: string;
  switch (err.keyword) {
    case 'additionalProperties':
      message = `Unknown setting "${key}" in ${label}.`;
      break;
    case 'propertyNames':
      message = `Unknown rule id "${key}".`;
      break;
    case 'enum':
      message = `${label} must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
      break;
    default:
      message = `${label} ${err.message}.`;
  }
  return { loc: at(where[0], where[1]), message };
}

/** The YAML node at a JSON path; with `key`, the key node of that property instead. */
function findNode(root: YamlNode | null, segments: string[], key?: string): YamlNode | undefined {
  let node: YamlNode | null | undefined = root;
  for (const seg of segments) {
    if (isMap(node)) node = node.items.find((p) => String((p.key as { value?: unknown })?.value) === seg)?.value as YamlNode;
    else if (isSeq(node)) node = node.items[Number(seg)] as YamlNode;
    else return undefined;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value) === key);
    if (pair) return pair.key as YamlNode;
  }
  return node ?? undefined;
}

/** Merge a config file (which wins) over editor settings, over the defaults. */
export function resolveConfig(layers: { config: ConfigFile; base: string; source?: string }[]): ResolvedConfig {
  const out: ResolvedConfig = { ...DEFAULT_CONFIG, rules: {}, rotation: { ...DEFAULT_CONFIG.rotation }, envelope: { ...DEFAULT_CONFIG.envelope }, ignore: [] };
  for (const { config, base, source } of layers) {
    Object.assign(out.rules, config.rules ?? {});
    if (config.allowedRegions) out.allowedRegions = config.allowedRegions;
    Object.assign(out.rotation, config.rotation ?? {});
    Object.assign(out.envelope, config.envelope ?? {});
    for (const pattern of config.ignore ?? []) out.ignore.push({ base, pattern });
    if (config.docsBaseUrl) out.docsBaseUrl = config.docsBaseUrl;
    if (source) out.source = source;
  }
  return out;
}

/** Compiled ignore globs: every file of every analysis is tested, so compile each pattern once. */
const matchers = new Map<string, (path: string) => boolean>();

export function isIgnored(config: ResolvedConfig, file: string): boolean {
  return config.ignore.some(({ base, pattern }) => {
    const rel = path.relative(base, file).split(path.sep).join('/');
    if (rel.startsWith('..')) return false;
    let matches = matchers.get(pattern);
    if (!matches) matchers.set(pattern, (matches = picomatch(pattern, { dot: true })));
    return matches(rel);
  });
}

/** The nearest `.kms-lint.yaml` at or above `dir`, not above `root`. */
export function findConfigFile(dir: string, root: string, exists: (f: string) => boolean = fs.existsSync): string | undefined {
  let current = path.resolve(dir);
  const stop = path.resolve(root);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (exists(candidate)) return candidate;
    const parent = path.dirname(current);
    if (current === stop || parent === current) return undefined;
    current = parent;
  }
}
