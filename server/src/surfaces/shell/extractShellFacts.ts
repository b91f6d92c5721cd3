// Shell scripts: `*.sh`, `*.bash` and extension-less files with a sh/bash shebang. Each file is
// one script (its own scope; functions get theirs inside it).
import * as path from 'path';
import type { SurfaceExtractor } from '../../engine/engine';
import type { FactSet } from '../../engine/types';
import { perFileExtractor } from '../common';
import { analyzeShell } from './analyzer';
import { identitySource } from './shellSource';

const SHELL_EXTENSIONS = new Set(['.sh', '.bash']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh']);

/** `#!/bin/sh`, `#!/usr/bin/env bash`, `#!/usr/bin/env -S bash -e`. */
export function hasShellShebang(text: string): boolean {
  if (!text.startsWith('#!')) return false;
  const end = text.indexOf('\n');
  const words = text.slice(2, end < 0 ? undefined : end).trim().split(/\s+/);
  let program = path.posix.basename(words[0] ?? '');
  if (program === 'env') program = words.slice(1).find((w) => !w.startsWith('-')) ?? '';
  return SHELLS.has(program);
}

export function isShellScript(file: string, text: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (SHELL_EXTENSIONS.has(ext)) return true;
  return ext === '' && hasShellShebang(text);
}

/**
 * Shell code embedded in another file (a Markdown fence) with everything outside it blanked, so
 * positions in `virtualText` are host positions.
 */
export function extractShellText(file: string, virtualText: string, scopeId: string): Promise<FactSet> {
  return analyzeShell(identitySource(file, virtualText), { scope: scopeId });
}

export function createShellExtractor(): SurfaceExtractor {
  return perFileExtractor('shell', isShellScript, (file) => extractShellText(file.path, file.text, `shell:${file.path}`));
}
