// Bundles the extension client and the engine/CLI/server with esbuild, and copies the
// tree-sitter .wasm files next to the server bundle (the package ships no node_modules).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's main entry is UMD with runtime requires esbuild cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': join(root, 'node_modules/jsonc-parser/lib/esm/main.js') },
  // web-tree-sitter reads import.meta.url, which a CJS bundle does not have.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};
const builds = [
  // CLI + language server in one bundle: `kms-lint scan …` and `kms-lint server --stdio|--node-ipc`.
  { ...common, entryPoints: [join(root, 'server/src/main.ts')], outfile: join(root, 'server/out/main.js') },
  { ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'client/out/extension.js'), external: ['vscode'] },
];

const wasm = {
  'web-tree-sitter.wasm': 'web-tree-sitter',
  'tree-sitter-terraform.wasm': '@tree-sitter-grammars/tree-sitter-hcl',
  'tree-sitter-go.wasm': 'tree-sitter-go',
  'tree-sitter-bash.wasm': 'tree-sitter-bash',
  'tree-sitter-javascript.wasm': 'tree-sitter-javascript',
  'tree-sitter-typescript.wasm': 'tree-sitter-typescript',
  'tree-sitter-tsx.wasm': 'tree-sitter-typescript',
  'tree-sitter-python.wasm': 'tree-sitter-python',
};
mkdirSync(join(root, 'server/out/wasm'), { recursive: true });
for (const [file, pkg] of Object.entries(wasm)) copyFileSync(join(root, 'node_modules', pkg, file), join(root, 'server/out/wasm', file));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
