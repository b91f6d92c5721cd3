// Shared by the extension-host tests: fixture files, waiting for diagnostics, reading them.
'use strict';
const vscode = require('vscode');

const EXTENSION_ID = 'kms-lint.kms-lint';
const DOCS_BASE = 'https://docs.thalassa.cloud/docs/kms/best-practices/';
const DEADLINE_MS = 30000;

/** A file of the (copied) fixture workspace. */
function workspaceUri(relative) {
  const [folder] = vscode.workspace.workspaceFolders || [];
  if (!folder) throw new Error('the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function openEditor(relative) {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

const ruleId = (d) => (typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kms-lint');
const withRule = (diagnostics, id) => diagnostics.filter((d) => ruleId(d) === id);
const rangeOf = (d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
const summarise = (diagnostics) =>
  JSON.stringify(diagnostics.map((d) => `${ruleId(d)} ${rangeOf(d).join(':')} ${d.message}`), null, 1);

/**
 * Resolves with kms-lint's diagnostics of `uri` once `predicate(diagnostics)` holds, checking now and
 * on every onDidChangeDiagnostics event for that file; rejects after `ms` with what it saw.
 */
function waitForDiagnostics(uri, predicate, what, ms = DEADLINE_MS) {
  return new Promise((resolve, reject) => {
    let subscription;
    let timer;
    const finish = () => {
      subscription?.dispose();
      clearTimeout(timer);
    };
    const check = () => {
      const diagnostics = ours(uri);
      if (!predicate(diagnostics)) return;
      finish();
      resolve(diagnostics);
    };
    subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    timer = setTimeout(() => {
      finish();
      reject(new Error(`no ${what} in ${vscode.workspace.asRelativePath(uri)} after ${ms} ms; kms-lint diagnostics there: ${summarise(ours(uri))}`));
    }, ms);
    check();
  });
}

/** The text of every hover at `position`, joined. */
async function hoverText(uri, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/**
 * The quick fixes offered at a diagnostic's range, as the Ctrl+. menu lists them (edits resolved).
 * (executeCodeActionProvider does not return the actions' diagnostics, so they cannot be matched.)
 */
function quickFixesAt(uri, diagnostic) {
  return vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 10);
}

/** What the Ctrl+. menu offers for a finding of `rule` whose own fix is `fixTitle`. */
const menuFor = (rule, fixTitle) => [fixTitle, `Disable ${rule} for this line`, `Disable ${rule} for this file`, `Show documentation for ${rule}`];

/** Replaces the first occurrence of `from` in the document (as a user typing would) and returns the edit's range. */
async function replaceText(doc, from, to) {
  const offset = doc.getText().indexOf(from);
  if (offset < 0) throw new Error(`"${from}" not found in ${vscode.workspace.asRelativePath(doc.uri)}`);
  const range = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + from.length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the edit was not applied');
}

module.exports = { EXTENSION_ID, DOCS_BASE, workspaceUri, openEditor, ruleId, ours, withRule, rangeOf, summarise, waitForDiagnostics, hoverText, quickFixesAt, menuFor, replaceText };
