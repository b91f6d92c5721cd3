// The Go surface: calls into github.com/thalassa-cloud/client-go (kms, secrets, dns, and the
// thalassa facade) under any import alias. Files are parsed once per text; facts are computed per
// package (same folder and package name) because constants, struct fields and client variables
// are shared across its files.
import * as path from 'path';
import type { SurfaceExtractor, SourceFile } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet } from '../../engine/types';
import { parserFor } from '../../parsing/treeSitter';
import { mergeFacts } from '../common';
import { extractFileFacts } from './goFacts';
import { GoPackage, readFileInfo, type GoFileInfo } from './goPackage';
import { PackageResolvers } from './goResolve';
import type { SdkPackage } from './goSdk';

/** Facts of the files of one package; a file only yields calls when it can reach an SDK client. */
function packageFacts(files: GoFileInfo[]): FactSet {
  const out = emptyFacts();
  if (!files.some(mayReachSdk)) {
    for (const file of files) mergeFacts(out, extractFileFacts(undefined, file));
    return out;
  }
  let pkg: GoPackage;
  try {
    pkg = new GoPackage(files);
  } catch (err) {
    out.notes.push({ file: files[0].path, message: `Go package skipped: ${(err as Error).message}` });
    return out;
  }
  const resolvers = new PackageResolvers(pkg);
  // Without Thalassa imports, a `.KMS()` call, or package-level clients, no call can reach the SDK.
  const packageReachesSdk = pkg.holdsClients || !!pkg.selfKind;
  for (const file of files) {
    try {
      mergeFacts(out, extractFileFacts(packageReachesSdk || file.usesSdk || file.callsKmsAccessor ? resolvers.for(file) : undefined, file));
    } catch (err) {
      out.notes.push({ file: file.path, message: `Go analysis of this file failed: ${(err as Error).message}` });
    }
  }
  return out;
}

/**
 * Whether anything in the file could tie its package to the SDK: a Thalassa import, a `.KMS()`
 * call, or being one of the SDK's own packages. Other packages are not read further.
 */
function mayReachSdk(file: GoFileInfo): boolean {
  return file.usesSdk || file.callsKmsAccessor || file.packageName === 'kms' || file.packageName === 'secrets' || file.packageName === 'dns';
}

async function parse(file: string, text: string): Promise<GoFileInfo> {
  const parser = await parserFor('go');
  const tree = parser.parse(text);
  if (!tree) throw new Error('the Go parser returned no tree');
  return readFileInfo(file, text, tree);
}

export function createGoExtractor(): SurfaceExtractor {
  const parsed = new Map<string, GoFileInfo>();
  const byPackage = new Map<string, { files: GoFileInfo[]; facts: FactSet }>();
  return {
    id: 'go',
    accepts: (file) => file.endsWith('.go'),
    async extract(sources: SourceFile[]) {
      const out = emptyFacts();
      const seen = new Set<string>();
      const groups = new Map<string, GoFileInfo[]>();
      for (const source of sources) {
        seen.add(source.path);
        let info = parsed.get(source.path);
        if (!info || info.text !== source.text) {
          info?.tree.delete();
          try {
            info = await parse(source.path, source.text);
          } catch (err) {
            parsed.delete(source.path);
            out.notes.push({ file: source.path, message: `Go file skipped: ${(err as Error).message}` });
            continue;
          }
          parsed.set(source.path, info);
        }
        // A file without package clause is on its own.
        const key = info.packageName === undefined ? `file:${info.path}` : `${path.dirname(info.path)}\0${info.packageName}`;
        const group = groups.get(key) ?? [];
        group.push(info);
        groups.set(key, group);
      }
      for (const [file, info] of parsed) {
        if (seen.has(file)) continue;
        info.tree.delete();
        parsed.delete(file);
      }
      for (const [key, files] of groups) {
        const cached = byPackage.get(key);
        let facts: FactSet;
        if (cached && cached.files.length === files.length && cached.files.every((f, i) => f === files[i])) facts = cached.facts;
        else {
          facts = packageFacts(files);
          byPackage.set(key, { files, facts });
        }
        mergeFacts(out, facts);
      }
      for (const key of byPackage.keys()) if (!groups.has(key)) byPackage.delete(key);
      return out;
    },
  };
}

/**
 * Facts of Go code embedded in another file (a Markdown fence): `text` is the host text with
 * everything outside the code blanked, so positions are host positions. It is analysed as one
 * standalone file; a snippet without `package` clause that imports no SDK package is read as if
 * it imported kms, secrets, dns and thalassa under their own names, as documentation does.
 * `scope` (from the host) is the scope of its top-level statements and prefixes its functions'.
 */
export async function extractGoText(file: string, text: string, scope?: string): Promise<FactSet> {
  let info: GoFileInfo;
  try {
    info = await parse(file, text);
  } catch (err) {
    const out = emptyFacts();
    out.notes.push({ file, message: `Go snippet skipped: ${(err as Error).message}` });
    return out;
  }
  try {
    info.embeddedScope = scope;
    if (info.packageName === undefined && info.sdk.size === 0) {
      for (const name of ['kms', 'secrets', 'dns', 'thalassa'] as SdkPackage[]) {
        if (info.imports.has(name)) continue;
        info.sdk.set(name, name);
        info.imports.set(name, `github.com/thalassa-cloud/client-go/${name}`);
      }
      info.usesSdk = true;
    }
    return packageFacts([info]);
  } finally {
    info.tree.delete();
  }
}
