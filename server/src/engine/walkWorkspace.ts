// The files of a workspace folder, as the CLI and the language server both scan them.
import * as fs from 'fs';
import * as path from 'path';
import { MAX_FILE_BYTES } from './engine';

/** Folders that hold tools' state or downloaded code, never the user's own sources. */
export const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform', '.e2e']);

/** Every regular file under `root` (absolute paths, sorted), without entering skipped folders or following symlinks. */
export function walkWorkspace(root: string): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: skip it, keep scanning the rest
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(full);
      } else if (entry.isFile()) {
        files.push(full);
      }
    }
  };
  visit(path.resolve(root));
  return files.sort();
}

/**
 * A file's text as an editor shows it (a UTF-8 byte order mark dropped, so columns match), or
 * undefined when it cannot be read or is too large to be source code.
 */
export function readWorkspaceFile(file: string): string | undefined {
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return undefined;
    const text = fs.readFileSync(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** Whether a path lies inside a skipped folder (for file-watcher events). */
export function isInSkippedDir(root: string, file: string): boolean {
  return path.relative(root, file).split(path.sep).some((segment) => SKIPPED_DIRS.has(segment));
}
