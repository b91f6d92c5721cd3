// Hover content: for a finding, the rule, its practice, why this code breaks it, how the
// deciding value was resolved, and links; on a key definition or use without a finding, what
// the workspace knows about the key. Never a secret value (key material is not shown).
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { WorkspaceIndex } from '../engine/workspaceIndex';
import type { Attr, Finding, KeyDefinition, KeyUse, Loc, Range, Value } from '../engine/types';
import { locLabel, rangeContains } from '../engine/value';
import { ruleById } from '../rules';
import { keyLabel, targetLabel } from '../rules/ruleUtils';
import { Commands } from '../shared/customMessages';
import { practiceTitle, practiceUrl, ruleDocUri, ruleLead } from './ruleDocs';

export interface HoverContext {
  docsBaseUrl: string;
  /** The client runs `kmsLint.showRuleDocumentation` (else the link opens the bundled file). */
  clientCommands: boolean;
  /** The editor already shows the finding's message above our hover. */
  diagnosticsInHover: boolean;
  uriOf(file: string): string;
}

export function at(range: Range, position: Position): boolean {
  return rangeContains(range, { start: position, end: position });
}

export function findingHover(findings: Finding[], ctx: HoverContext): Hover | undefined {
  const sections = findings.map((f) => findingSection(f, ctx));
  if (!sections.length) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: findings[0].loc.range };
}

function findingSection(f: Finding, ctx: HoverContext): string {
  const rule = ruleById(f.ruleId);
  const title = rule && practiceTitle(rule);
  const lines = [title ? `**${f.ruleId}** — ${title}` : `**${f.ruleId}**`];
  const lead = ruleLead(f.ruleId);
  if (lead) lines.push(lead);
  if (!ctx.diagnosticsInHover) lines.push(f.message);
  if (f.resolution.length) lines.push(f.resolution.map((r) => `Resolved: ${r}`).join('  \n'));
  const links: string[] = [];
  if (rule?.meta.practice && title) links.push(`[${title}](${practiceUrl(ctx.docsBaseUrl, rule.meta.practice)})`);
  if (rule) {
    const docLink = ctx.clientCommands ? `command:${Commands.showRuleDocumentation}?${encodeURIComponent(JSON.stringify([f.ruleId]))}` : ruleDocUri(rule);
    links.push(`[Rule documentation](${docLink})`);
  }
  if (links.length) lines.push(links.join(' · '));
  return lines.join('\n\n');
}

/** The knowledge view of the innermost key definition or use at `position`. */
export function keyHover(index: WorkspaceIndex, file: string, position: Position, ctx: HoverContext): Hover | undefined {
  const innermost = <T extends { loc: Loc }>(items: T[]) =>
    items.filter((i) => i.loc.file === file && at(i.loc.range, position)).sort((a, b) => size(a.loc.range) - size(b.loc.range))[0];
  const use = innermost(index.uses);
  const key = innermost(index.keys);
  // A use inside a key block (a reference in a definition) is the more specific thing hovered.
  if (use && (!key || size(use.loc.range) <= size(key.loc.range))) {
    return { contents: { kind: MarkupKind.Markdown, value: useView(use, index, ctx) }, range: use.loc.range };
  }
  if (key) return { contents: { kind: MarkupKind.Markdown, value: keyView(key, index, ctx) }, range: key.nameLoc.range };
  return undefined;
}

function useView(use: KeyUse, index: WorkspaceIndex, ctx: HoverContext): string {
  const defs = index.definitionsFor(use);
  const head = `**KMS key use** — ${use.purpose} of ${targetLabel(use)}`;
  if (!defs.length) return `${head}\n\nNo definition of this key found in the workspace.`;
  return [head, ...defs.map((d) => keyView(d, index, ctx))].join('\n\n---\n\n');
}

function keyView(key: KeyDefinition, index: WorkspaceIndex, ctx: HoverContext): string {
  const kind = key.kind === 'data' ? 'KMS key (data source)' : key.kind === 'api-create' ? 'KMS key (created by an API call)' : 'KMS key';
  const rows: [string, string][] = [
    ['Region', show(key.region)],
    ['Type', show(key.keyType)],
    ['Rotation', rotation(key)],
    ['Export', flag(key.exportAllowed, 'allowed', 'not allowed')],
  ];
  if (key.identity) rows.push(['Identity', show(key.identity)]);
  if (key.importMaterial.present) rows.push(['Key material', material(key)]);
  if (key.allowRotation.present) rows.push(['Allow rotation', flag(key.allowRotation, 'yes', 'no')]);
  if (key.status.present) rows.push(['Status', show(key.status.value)]);
  const uses = index.usesOf(key);
  const usedBy = uses.length
    ? `Used by: ${uses.map((u) => `[${locLabel(u.loc)}](${ctx.uriOf(u.loc.file)}#L${u.loc.range.start.line + 1}) (${u.purpose})`).join(', ')}`
    : 'No uses found in the workspace.';
  return [`**${kind}** ${keyLabel(key)}`, '| | |\n|---|---|\n' + rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n'), usedBy].join('\n\n');
}

function show(v: Value<unknown> | undefined): string {
  if (!v) return '—';
  return v.known ? `\`${String(v.value)}\`` : `unknown (${v.reason})`;
}

function flag(attr: Attr<boolean>, yes: string, no: string): string {
  if (!attr.present) return `not set (${no})`;
  return attr.value.known ? (attr.value.value ? yes : no) : show(attr.value);
}

function rotation(key: KeyDefinition): string {
  if (!key.rotationEnabled.present) return 'not set (off)';
  if (!key.rotationEnabled.value.known) return show(key.rotationEnabled.value);
  if (!key.rotationEnabled.value.value) return 'off';
  const days = key.rotationDays.value;
  return key.rotationDays.present && days.known ? `every ${days.value} days` : 'on, period not set';
}

/** Where imported material comes from; never the material itself. */
function material(key: KeyDefinition): string {
  const v = key.importMaterial.value;
  if (!v.known) return `imported (${v.reason})`;
  switch (v.value.kind) {
    case 'literal':
      return 'imported, written in the code';
    case 'file':
      return `imported from file \`${v.value.path}\``;
    case 'variable':
      return `imported from \`${v.value.name}\``;
  }
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);
}
