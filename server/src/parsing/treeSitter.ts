// One place that knows where the tree-sitter runtime and grammar .wasm files live:
// next to the bundle (server/out/wasm, what the VSIX and npm package ship) or, when
// running from source (tests), inside node_modules.
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

export type GrammarId = 'terraform' | 'go' | 'bash' | 'javascript' | 'typescript' | 'tsx' | 'python';

/** Grammar → [npm package, file inside it]. The build copies these files to server/out/wasm. */
export const GRAMMAR_FILES: Record<GrammarId | 'runtime', [string, string]> = {
  runtime: ['web-tree-sitter', 'web-tree-sitter.wasm'],
  terraform: ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm'],
  go: ['tree-sitter-go', 'tree-sitter-go.wasm'],
  bash: ['tree-sitter-bash', 'tree-sitter-bash.wasm'],
  javascript: ['tree-sitter-javascript', 'tree-sitter-javascript.wasm'],
  typescript: ['tree-sitter-typescript', 'tree-sitter-typescript.wasm'],
  tsx: ['tree-sitter-typescript', 'tree-sitter-tsx.wasm'],
  python: ['tree-sitter-python', 'tree-sitter-python.wasm'],
};

function wasmPath(id: GrammarId | 'runtime'): string {
  const [pkg, file] = GRAMMAR_FILES[id];
  const bundled = path.join(__dirname, 'wasm', file);
  if (fs.existsSync(bundled)) return bundled;
  // Running from source (server/src/parsing): the repository's node_modules.
  return path.resolve(__dirname, '../../../node_modules', pkg, file);
}

let initDone: Promise<void> | undefined;
const languages = new Map<GrammarId, Promise<Language>>();

export function initTreeSitter(): Promise<void> {
  initDone ??= Parser.init({ locateFile: () => wasmPath('runtime') });
  return initDone;
}

export async function loadLanguage(id: GrammarId): Promise<Language> {
  await initTreeSitter();
  let lang = languages.get(id);
  if (!lang) {
    lang = Language.load(wasmPath(id));
    languages.set(id, lang);
  }
  return lang;
}

const parsers = new Map<GrammarId, Parser>();

/** A parser for the grammar; one per grammar, reused (parsing is synchronous). */
export async function parserFor(id: GrammarId): Promise<Parser> {
  let parser = parsers.get(id);
  if (!parser) {
    const language = await loadLanguage(id);
    parser = parsers.get(id) ?? new Parser();
    parser.setLanguage(language);
    parsers.set(id, parser);
  }
  return parser;
}
