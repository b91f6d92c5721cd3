#!/usr/bin/env node
// The `kms-lint` command: `kms-lint scan …` and `kms-lint server --stdio`.
try {
  require.resolve('../server/out/main.js');
} catch {
  console.error('kms-lint: not built yet. Run `npm run build` in the package folder first.');
  process.exit(2);
}
require('../server/out/main.js');
