// Code actions for findings: the rule's fixes, "disable for this line/file" directives in the
// file's comment syntax, "show documentation", removing an unused suppression, and
// `source.fixAll.kms-lint` (every fix marked safe).
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SUPPRESSION_RULE_ID } from '../engine/suppressions';
import type { Finding, Fix, Range, TextEdit } from '../engine/types';
import { Commands, SERVER_OPEN_RULE_DOC_COMMAND, type ApplyDisableLineArgs } from '../shared/customMessages';
import { DIAGNOSTIC_SOURCE, findingKey, type DiagnosticData } from './diagnostics';
import { commentSyntaxAt, type CommentSyntax } from './languageDefaults';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kms-lint`;

export interface CodeActionContext {
  document: TextDocument;
  /** The document's path as the engine knows it. */
  file: string;
  /** The findings' fixes were computed on this document's current text. */
  fixesCurrent: boolean;
  /** The client runs `kmsLint.applyDisableLine` / `kmsLint.showRuleDocumentation` (our VS Code extension). */
  clientCommands: boolean;
  uriOf(file: string): string;
  diagnosticOf(finding: Finding): Diagnostic;
}

/** The findings a code action request is about: those of the editor's diagnostics, and any at the range. */
export function findingsAt(findings: Finding[], range: Range, diagnostics: Diagnostic[]): Finding[] {
  const keys = new Set(diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE).map((d) => (d.data as DiagnosticData | undefined)?.key));
  return findings.filter((f) => keys.has(findingKey(f)) || (!after(f.loc.range.start, range.end) && !after(range.start, f.loc.range.end)));
}

/** Quick fixes for findings at the requested range (one disable/docs action per rule). */
export function quickFixes(findings: Finding[], ctx: CodeActionContext): CodeAction[] {
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const docs: CodeAction[] = [];
  const rulesDone = new Set<string>();
  for (const finding of findings) {
    const diagnostic = ctx.diagnosticOf(finding);
    if (ctx.fixesCurrent) {
      for (const fix of finding.fixes) {
        fixes.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit: workspaceEdit(fix.edits, ctx) });
      }
    }
    if (finding.ruleId === SUPPRESSION_RULE_ID) {
      if (finding.unnecessary) {
        const remove = removeCommentEdit(ctx.document, finding.loc.range);
        fixes.push({ title: 'Remove unused suppression', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [ctx.document.uri]: [remove] } } });
      }
      continue;
    }
    if (rulesDone.has(finding.ruleId)) continue;
    rulesDone.add(finding.ruleId);
    const line = finding.loc.range.start.line;
    const text = ctx.document.getText();
    const syntax = commentSyntaxAt(ctx.file, text, line);
    if (syntax) {
      const indent = /^[ \t]*/.exec(lineText(ctx.document, line))![0];
      disables.push(directiveAction(`Disable ${finding.ruleId} for this line`, 'next-line', finding, line, indent, syntax, diagnostic, ctx));
      const fileSyntax = commentSyntaxAt(ctx.file, text, 0);
      if (fileSyntax) disables.push(directiveAction(`Disable ${finding.ruleId} for this file`, 'file', finding, firstLineForFileDirective(ctx.document), '', fileSyntax, diagnostic, ctx));
    }
    docs.push({
      title: `Show documentation for ${finding.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: {
        title: `Show documentation for ${finding.ruleId}`,
        command: ctx.clientCommands ? Commands.showRuleDocumentation : SERVER_OPEN_RULE_DOC_COMMAND,
        arguments: [finding.ruleId],
      },
    });
  }
  return [...fixes, ...disables, ...docs];
}

/** `source.fixAll.kms-lint`: the first safe fix of every finding in the file, skipping fixes that overlap. */
export function fixAll(findings: Finding[], ctx: CodeActionContext): CodeAction | undefined {
  if (!ctx.fixesCurrent) return undefined;
  const accepted: TextEdit[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const fix = preferredSafeFix(finding.fixes);
    if (!fix) continue;
    const edits = fix.edits.filter((e) => !seen.has(editKey(e)));
    if (edits.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
    for (const e of edits) {
      seen.add(editKey(e));
      accepted.push(e);
    }
  }
  if (!accepted.length) return undefined;
  return { title: 'Fix all auto-fixable kms-lint problems', kind: FIX_ALL_KIND, edit: workspaceEdit(accepted, ctx) };
}

function preferredSafeFix(fixes: Fix[]): Fix | undefined {
  const safe = fixes.filter((f) => f.safe);
  return safe.find((f) => f.isPreferred) ?? safe[0];
}

function workspaceEdit(edits: TextEdit[], ctx: CodeActionContext): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) (changes[ctx.uriOf(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

function directiveAction(title: string, scope: 'next-line' | 'file', finding: Finding, line: number, indent: string, syntax: CommentSyntax, diagnostic: Diagnostic, ctx: CodeActionContext): CodeAction {
  const prefix = `${indent}${syntax.start} kms-lint-disable-${scope} ${finding.ruleId} -- `;
  const suffix = `${syntax.end ? ` ${syntax.end}` : ''}\n`;
  const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
  if (ctx.clientCommands) {
    // The client inserts it as a snippet, with the reason selected for typing.
    const args: ApplyDisableLineArgs = { uri: ctx.document.uri, line, snippet: `${escapeSnippet(prefix)}\${1:reason}${escapeSnippet(suffix)}` };
    action.command = { title, command: Commands.applyDisableLine, arguments: [args] };
  } else {
    action.edit = { changes: { [ctx.document.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${prefix}reason${suffix}` }] } };
  }
  return action;
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** A file directive goes at the top, below a shebang line. */
function firstLineForFileDirective(document: TextDocument): number {
  return lineText(document, 0).startsWith('#!') ? 1 : 0;
}

/** Deletes a comment: its whole line when nothing else is on it, else the comment and the space before it. */
function removeCommentEdit(document: TextDocument, range: Range): LspTextEdit {
  const before = lineText(document, range.start.line).slice(0, range.start.character);
  const after = lineText(document, range.end.line).slice(range.end.character);
  if (!before.trim() && !after.trim()) {
    return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
  }
  const start = before.replace(/[ \t]+$/, '').length;
  return { range: { start: { line: range.start.line, character: start }, end: range.end }, newText: '' };
}

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

function editKey(e: TextEdit): string {
  return `${e.file}|${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}|${e.newText}`;
}

type Pos = Range['start'];

function after(a: Pos, b: Pos): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}

/** Two edits touch the same text (insertions at one point do not overlap each other). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  return after(b.range.end, a.range.start) && after(a.range.end, b.range.start);
}
