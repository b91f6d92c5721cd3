// The kms-lint version, from the package.json shipped next to the bundle.
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../shared/paths';

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}
