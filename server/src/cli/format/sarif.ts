// `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, GitLab).
// Rule metadata (levels, practice links) comes from the rule registry, never from this file.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PRACTICE_TITLES, type RuleMeta } from '../../engine/rule';
import type { Loc, Severity, TextEdit } from '../../engine/types';
import { packageRoot } from '../../shared/paths';
import { oneBased, relativePath, type ScanReport } from './report';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning ranks security results by this score (0–10). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

export function practiceUrl(docsBaseUrl: string, meta: RuleMeta): string | undefined {
  return meta.practice ? `${docsBaseUrl}#${meta.practice}` : undefined;
}

export function formatSarif(report: ScanReport, rules: RuleMeta[], version: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const uri = (file: string) => relativePath(report.cwd, file).split('/').map(encodeURIComponent).join('/');
  const artifact = (file: string) => ({ uri: uri(file), uriBaseId: SRCROOT });
  const region = (range: Loc['range']) => {
    const p = oneBased(range);
    return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
  };
  const physical = (loc: Loc) => ({ artifactLocation: artifact(loc.file), region: region(loc.range) });

  const results = report.findings.map((f) => {
    const index = ruleIndex.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: physical(f.loc) }],
      ...(f.related.length ? { relatedLocations: f.related.map((r, id) => ({ id, physicalLocation: physical(r.loc), message: { text: r.message } })) } : {}),
      ...(f.fixes.length
        ? {
            fixes: f.fixes.map((fix) => ({
              description: { text: fix.title },
              artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
                artifactLocation: artifact(file),
                replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
              })),
            })),
          }
        : {}),
      ...(f.resolution.length ? { properties: { resolution: f.resolution } } : {}),
    };
  });

  const root = pathToFileURL(report.cwd).href;
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kms-lint',
            version,
            semanticVersion: version,
            informationUri: report.docsBaseUrl,
            rules: rules.map((meta) => sarifRule(meta, report.docsBaseUrl)),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.notes.map((n) => ({
              level: 'note',
              message: { text: n.message },
              locations: [{ physicalLocation: { artifactLocation: artifact(n.file) } }],
            })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: root.endsWith('/') ? root : `${root}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifRule(meta: RuleMeta, docsBaseUrl: string) {
  const page = readRulePage(meta);
  const helpUri = practiceUrl(docsBaseUrl, meta);
  const practice = meta.practice ? PRACTICE_TITLES[meta.practice] : undefined;
  return {
    id: meta.id,
    shortDescription: { text: meta.description },
    fullDescription: { text: (page && firstParagraph(page)) || (practice ? `${meta.description} Practice: ${practice}.` : meta.description) },
    ...(helpUri ? { helpUri } : {}),
    ...(page ? { help: { text: meta.description, markdown: page } } : {}),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: {
      tags: ['security', 'kms', ...(meta.practice ? [meta.practice] : [])],
      'security-severity': SECURITY_SEVERITY[meta.defaultSeverity],
      ...(practice ? { practice } : {}),
    },
  };
}

/** The bundled docs page of a rule (shipped with the package), when present. */
function readRulePage(meta: RuleMeta): string | undefined {
  try {
    return fs.readFileSync(path.join(packageRoot(), meta.docs), 'utf8');
  } catch {
    return undefined;
  }
}

/** The first prose paragraph of a Markdown page (after its title). */
function firstParagraph(markdown: string): string | undefined {
  const paragraph: string[] = [];
  let inFence = false;
  for (const line of markdown.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('```')) inFence = !inFence;
    if (inFence || trimmed.startsWith('```') || trimmed.startsWith('#') || trimmed === '') {
      if (paragraph.length) break;
      continue;
    }
    paragraph.push(trimmed);
  }
  return paragraph.length ? paragraph.join(' ') : undefined;
}

function groupByFile(edits: TextEdit[]): [string, TextEdit[]][] {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return [...byFile];
}
