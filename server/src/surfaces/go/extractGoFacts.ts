// The Go surface: calls into github.com/thalassa-cloud/client-go (kms, secrets, dns, and the
// thalassa facade) under any import alias. Files are parsed once per text; calls are resolved per
// package (same folder and package name) because constants, struct fields and client variables
// are shared across its files. Packages with no tie to the SDK only yield comments and the
// Terraform configurations written in their string literals, and their syntax trees are not kept.
import * as path from 'path';
import type { SurfaceExtractor, SourceFile } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet } from '../../engine/types';
import { parserFor } from '../../parsing/treeSitter';
import { mergeFacts } from '../common';
import { embeddedTerraformFacts } from './goEmbeddedHcl';
import { callFacts, fileBasics } from './goFacts';
import { GoPackage, readFileInfo, type GoFileInfo } from './goPackage';
import { PackageResolvers } from './goResolve';
import type { SdkPackage } from './goSdk';

/** Call facts of the files of one package; a file only yields calls when it can reach an SDK client. */
function packageCallFacts(files: GoFileInfo[]): FactSet {
  const out = emptyFacts();
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
    if (!packageReachesSdk && !file.usesSdk && !file.callsKmsAccessor) continue;
    try {
      mergeFacts(out, callFacts(resolvers.for(file)));
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

/** One file as last seen: its basic facts (comments, embedded Terraform) always, its parse only while its package may reach the SDK. */
interface FileRecord {
  path: string;
  text: string;
  packageName?: string;
  reachesSdk: boolean;
  basics: FactSet;
  info?: GoFileInfo;
}

/** Reads a file; its tree is kept only when the file itself ties to the SDK (siblings are parsed again if their package turns out to). */
async function readRecord(source: SourceFile): Promise<FileRecord> {
  const info = await parse(source.path, source.text);
  const basics = mergeFacts(fileBasics(info), await embeddedTerraformFacts(info));
  const record: FileRecord = { path: source.path, text: source.text, packageName: info.packageName, reachesSdk: mayReachSdk(info), basics, info };
  if (!record.reachesSdk) dropTree(record);
  return record;
}

export function createGoExtractor(): SurfaceExtractor {
  const records = new Map<string, FileRecord>();
  const byPackage = new Map<string, { files: GoFileInfo[]; facts: FactSet }>();
  return {
    id: 'go',
    accepts: (file) => file.endsWith('.go'),
    async extract(sources: SourceFile[]) {
      const out = emptyFacts();
      const seen = new Set<string>();
      const groups = new Map<string, FileRecord[]>();
      for (const source of sources) {
        seen.add(source.path);
        let record = records.get(source.path);
        if (!record || record.text !== source.text) {
          record?.info?.tree.delete();
          try {
            record = await readRecord(source);
          } catch (err) {
            records.delete(source.path);
            out.notes.push({ file: source.path, message: `Go file skipped: ${(err as Error).message}` });
            continue;
          }
          records.set(source.path, record);
        }
        mergeFacts(out, record.basics);
        // A file without package clause is on its own.
        const key = record.packageName === undefined ? `file:${record.path}` : `${path.dirname(record.path)}\0${record.packageName}`;
        const group = groups.get(key) ?? [];
        group.push(record);
        groups.set(key, group);
      }
      for (const [file, record] of records) {
        if (seen.has(file)) continue;
        record.info?.tree.delete();
        records.delete(file);
      }
      for (const [key, group] of groups) {
        if (!group.some((r) => r.reachesSdk)) {
          for (const r of group) dropTree(r);
          byPackage.delete(key);
          continue;
        }
        const files: GoFileInfo[] = [];
        for (const r of group) {
          try {
            r.info ??= await parse(r.path, r.text);
            files.push(r.info);
          } catch (err) {
            out.notes.push({ file: r.path, message: `Go file skipped: ${(err as Error).message}` });
          }
        }
        const cached = byPackage.get(key);
        if (cached && cached.files.length === files.length && cached.files.every((f, i) => f === files[i])) mergeFacts(out, cached.facts);
        else {
          const facts = packageCallFacts(files);
          byPackage.set(key, { files, facts });
          mergeFacts(out, facts);
        }
      }
      for (const key of byPackage.keys()) if (!groups.has(key)) byPackage.delete(key);
      return out;
    },
  };
}

function dropTree(record: FileRecord): void {
  record.info?.tree.delete();
  record.info = undefined;
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
    const facts = mergeFacts(fileBasics(info), await embeddedTerraformFacts(info));
    return mayReachSdk(info) ? mergeFacts(facts, packageCallFacts([info])) : facts;
  } catch (err) {
    const out = emptyFacts();
    out.notes.push({ file, message: `Go snippet skipped: ${(err as Error).message}` });
    return out;
  } finally {
    info.tree.delete();
  }
}
