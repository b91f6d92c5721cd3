// The files of a workspace folder, as the CLI and the language server both scan them.
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME } from './config';
import { MAX_FILE_BYTES, type SurfaceExtractor } from './engine';

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

/** Formats no extractor reads and that are never text: skipped without opening them. */
const BINARY_EXTENSIONS = new Set(
  ('png jpg jpeg gif webp ico bmp tif tiff psd pdf zip gz tgz bz2 xz zst 7z rar jar war ear class ' +
    'so dylib dll exe o a lib obj pyc pyo wasm woff woff2 ttf otf eot mp3 mp4 m4a mov avi mkv webm ogg wav flac ' +
    'sqlite sqlite3 db bin iso dmg img deb rpm apk parquet avro npy pkl').split(' '),
);

/**
 * Reads a file if some extractor may want it (or it is a config file). The extractors here
 * only answer `accepts`; the engine has its own instances that do the work.
 */
export class SourceReader {
  constructor(
    private readonly extractors: SurfaceExtractor[],
    private readonly readConfigFiles: boolean,
  ) {}

  read(file: string): { text: string; bytes: number } | { note: string } | undefined {
    const ext = path.extname(file).slice(1).toLowerCase();
    if (BINARY_EXTENSIONS.has(ext)) return undefined;
    const isConfig = path.basename(file) === CONFIG_FILE_NAME;
    if (isConfig && !this.readConfigFiles) return undefined;
    const byName = isConfig || this.extractors.some((e) => e.accepts(file, ''));
    let buffer: Buffer;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) return byName ? { note: `skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` } : undefined;
      buffer = fs.readFileSync(file);
    } catch (err) {
      return byName ? { note: `skipped: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})` } : undefined;
    }
    // Binary content: only files an extractor claims by name go on (the engine notes the skip).
    if (!byName && buffer.subarray(0, 8000).includes(0)) return undefined;
    // Invalid UTF-8 becomes U+FFFD; a BOM is dropped, as editors do, so columns match theirs.
    let text = buffer.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!byName && !this.extractors.some((e) => e.accepts(file, text))) return undefined;
    return { text, bytes: buffer.length };
  }
}

/** Whether a path lies inside a skipped folder (for file-watcher events). */
export function isInSkippedDir(root: string, file: string): boolean {
  return path.relative(root, file).split(path.sep).some((segment) => SKIPPED_DIRS.has(segment));
}
