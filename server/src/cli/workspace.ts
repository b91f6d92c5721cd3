// Loads the files named on the command line into an engine: folders are walked, a single file
// brings its folder's other files along as context (a Terraform module or Go package resolves
// variables and constants across its files), and findings are later kept only for the targets.
import * as fs from 'fs';
import * as path from 'path';
import { createEngine } from '../createEngine';
import { CONFIG_FILE_NAME, type ConfigFile } from '../engine/config';
import type { Engine } from '../engine/engine';
import type { Note } from '../engine/types';
import { SourceReader, walkWorkspace } from '../engine/walkWorkspace';
import { createExtractors } from '../surfaces';
import { UsageError } from './io';

export interface LoadOptions {
  cwd: string;
  /** An explicit config (`--config FILE`): used for every file, `.kms-lint.yaml` files are not read. */
  settings?: ConfigFile;
}

export interface LoadedWorkspace {
  engine: Engine;
  /** Common folder of the PATHs: the tree that was scanned. */
  scanRoot: string;
  /** Files the user asked about; other loaded files are context and get no findings. */
  targets: Set<string>;
  /** Files skipped before they reached the engine (too large). */
  notes: Note[];
  filesLoaded: number;
  bytesRead: number;
}

export function loadWorkspace(paths: string[], options: LoadOptions): LoadedWorkspace {
  const requested = (paths.length ? paths : ['.']).map((p) => {
    const abs = path.resolve(options.cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (!stat.isFile() && !stat.isDirectory()) throw new UsageError(`not a file or directory: ${p}`);
    return { abs, isDir: stat.isDirectory() };
  });
  const scanRoot = commonAncestor(requested.map((r) => (r.isDir ? r.abs : path.dirname(r.abs))));
  const discoverConfig = !options.settings;
  const configAbove = discoverConfig ? findConfigAbove(scanRoot) : undefined;
  const engine = createEngine(configAbove ? path.dirname(configAbove) : scanRoot, options.settings);

  // Every candidate file, with whether it is a target (true wins over context).
  const candidates = new Map<string, boolean>();
  for (const r of requested) {
    if (r.isDir) {
      for (const file of walkWorkspace(r.abs)) candidates.set(file, true);
    } else {
      candidates.set(r.abs, true);
      for (const sibling of filesIn(path.dirname(r.abs))) if (!candidates.has(sibling)) candidates.set(sibling, false);
    }
  }
  if (configAbove && !candidates.has(configAbove)) candidates.set(configAbove, false);

  const loaded: LoadedWorkspace = { engine, scanRoot, targets: new Set(), notes: [], filesLoaded: 0, bytesRead: 0 };
  const reader = new SourceReader(createExtractors(), discoverConfig);
  for (const [file, isTarget] of [...candidates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const result = reader.read(file);
    if (!result) continue;
    if ('note' in result) {
      loaded.notes.push({ file, message: result.note });
      continue;
    }
    loaded.bytesRead += result.bytes;
    loaded.filesLoaded++;
    engine.setFile(file, result.text);
    if (isTarget) loaded.targets.add(file);
  }
  return loaded;
}

function filesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function commonAncestor(dirs: string[]): string {
  let common = dirs[0];
  for (const dir of dirs.slice(1)) {
    while (common !== path.dirname(common) && !isInside(dir, common)) common = path.dirname(common);
  }
  return common;
}

/**
 * The nearest `.kms-lint.yaml` at or above the scanned folder (`kms-lint scan infra` run from
 * the repository root still uses the root's config): searched up to the repository root.
 */
function findConfigAbove(scanRoot: string): string | undefined {
  let dir = scanRoot;
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (fs.existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
