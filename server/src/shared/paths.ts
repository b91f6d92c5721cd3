// The package root (where package.json, docs/ and schemas/ live), from source or from the bundle.
import * as fs from 'fs';
import * as path from 'path';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'kms-lint') return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('kms-lint: cannot find the package root');
    dir = parent;
  }
}
