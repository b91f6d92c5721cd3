// Per-language facts the server needs beyond the engine: which comment syntax a suppression
// directive is written in, and which file name an untitled document of a language stands for.
import * as path from 'path';

export interface CommentSyntax {
  start: string;
  end?: string;
}

const HASH: CommentSyntax = { start: '#' };
const SLASHES: CommentSyntax = { start: '//' };
const HTML: CommentSyntax = { start: '<!--', end: '-->' };

const BY_EXTENSION: Record<string, CommentSyntax> = {
  // HCL accepts `#` and `//`; `#` is what terraform fmt and the docs use.
  '.tf': HASH, '.tofu': HASH, '.tfvars': HASH, '.hcl': HASH,
  '.sh': HASH, '.bash': HASH, '.py': HASH, '.yaml': HASH, '.yml': HASH, '.mk': HASH, '.dockerfile': HASH,
  '.http': HASH, '.rest': HASH,
  '.go': SLASHES, '.js': SLASHES, '.mjs': SLASHES, '.cjs': SLASHES, '.jsx': SLASHES,
  '.ts': SLASHES, '.mts': SLASHES, '.cts': SLASHES, '.tsx': SLASHES,
  '.md': HTML, '.markdown': HTML,
};

const BY_BASENAME: Record<string, CommentSyntax> = { makefile: HASH, gnumakefile: HASH, dockerfile: HASH, containerfile: HASH };

/** Info strings of Markdown fences, by the comment syntax of their language. */
const FENCE_LANGUAGES: [CommentSyntax, string[]][] = [
  [HASH, ['sh', 'bash', 'shell', 'console', 'shellsession', 'zsh', 'hcl', 'terraform', 'tf', 'tofu', 'python', 'py', 'yaml', 'yml', 'http', 'dockerfile', 'makefile']],
  [SLASHES, ['go', 'golang', 'js', 'javascript', 'jsx', 'ts', 'typescript', 'tsx']],
];

/**
 * The comment syntax for a directive above `line` of a file; undefined when the format has no
 * comments (JSON). In Markdown, a line inside a fenced code block takes the fence's language.
 */
export function commentSyntaxAt(file: string, text: string, line: number): CommentSyntax | undefined {
  const base = path.basename(file).toLowerCase();
  const syntax = BY_BASENAME[base] ?? BY_EXTENSION[path.extname(base)];
  if (syntax !== HTML) return syntax;
  const fence = fenceLanguageAt(text, line);
  if (fence === undefined) return HTML;
  return FENCE_LANGUAGES.find(([, names]) => names.includes(fence))?.[0];
}

/** The info string of the CommonMark fenced code block holding `line` ('' when it has none), or undefined outside fences. */
function fenceLanguageAt(text: string, line: number): string | undefined {
  const lines = text.split(/\r?\n/);
  let open: { marker: string; info: string } | undefined;
  for (let i = 0; i < lines.length && i <= line; i++) {
    const fence = fenceMarker(lines[i]);
    if (!open) {
      if (fence) open = { marker: fence.marker, info: fence.info };
      continue;
    }
    // A closing fence: same character, at least as long, no info string.
    if (fence && fence.marker[0] === open.marker[0] && fence.marker.length >= open.marker.length && !fence.info) {
      if (i === line) return undefined;
      open = undefined;
      continue;
    }
    if (i === line) return open.info.split(/\s/)[0].toLowerCase();
  }
  return undefined;
}

function fenceMarker(lineText: string): { marker: string; info: string } | undefined {
  const trimmed = lineText.replace(/^ {0,3}/, '');
  const ch = trimmed[0];
  if (ch !== '`' && ch !== '~') return undefined;
  let n = 0;
  while (trimmed[n] === ch) n++;
  if (n < 3) return undefined;
  const info = trimmed.slice(n).trim();
  if (ch === '`' && info.includes('`')) return undefined;
  return { marker: trimmed.slice(0, n), info };
}

/** A file name for an untitled document, so the engine picks the right surface for its language. */
const FILE_NAME_FOR_LANGUAGE: Record<string, string> = {
  terraform: 'untitled.tf', 'terraform-vars': 'untitled.tfvars', opentofu: 'untitled.tofu', go: 'untitled.go',
  shellscript: 'untitled.sh', markdown: 'untitled.md', yaml: 'untitled.yaml', dockerfile: 'Dockerfile',
  makefile: 'Makefile', http: 'untitled.http', javascript: 'untitled.js', javascriptreact: 'untitled.jsx',
  typescript: 'untitled.ts', typescriptreact: 'untitled.tsx', python: 'untitled.py', json: 'untitled.json',
};

export function fileNameForLanguage(languageId: string): string | undefined {
  return FILE_NAME_FOR_LANGUAGE[languageId];
}
