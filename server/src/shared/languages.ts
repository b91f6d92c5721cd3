// The files kms-lint reads: the client's document selector and the server's file watchers.

/** VS Code language ids of the documents the extension attaches to. */
export const LANGUAGE_IDS = [
  'terraform', 'terraform-vars', 'opentofu', 'go', 'shellscript', 'markdown', 'yaml', 'dockerfile', 'makefile',
  'http', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'json',
] as const;

/** Glob patterns of the files kms-lint reads, whatever language id an editor gives them. */
export const FILE_GLOBS = [
  '**/*.tf', '**/*.tofu', '**/*.tfvars', '**/*.tf.json', '**/*.tfvars.json',
  '**/*.go',
  '**/*.sh', '**/*.bash', '**/Makefile', '**/*.mk', '**/Dockerfile', '**/*.Dockerfile',
  '**/*.md', '**/*.markdown',
  '**/*.http', '**/*.rest',
  '**/*.yml', '**/*.yaml', '**/*.json',
  '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx',
  '**/*.py',
] as const;

export const CONFIG_FILE_GLOB = '**/.kms-lint.yaml';
