// The language status item: files analysed, findings, how long the last analysis took.
import * as vscode from 'vscode';
import type { DocumentSelector } from 'vscode-languageclient/node';
import { Commands, type StatusParams } from '../../server/src/shared/customMessages';

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor(selector: DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('kmsLint.status', selector as vscode.DocumentSelector);
    this.item.name = 'KMS Lint';
    this.item.text = 'KMS Lint';
    this.item.detail = 'starting';
    this.item.busy = true;
  }

  update(status: StatusParams): void {
    this.item.command = { title: 'Analyse Workspace', command: Commands.analyseWorkspace };
    this.item.busy = status.scanning;
    this.item.text = status.scanning ? 'KMS Lint: scanning' : `KMS Lint: ${plural(status.findings, 'finding')}`;
    const detail = `${plural(status.filesAnalysed, 'file')} analysed, last analysis ${status.lastAnalysisMs} ms`;
    this.item.detail = status.slow ? `${detail} (slow)` : detail;
    this.item.severity = status.slow ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  stopped(message: string): void {
    this.item.busy = false;
    this.item.text = 'KMS Lint: stopped';
    this.item.detail = message;
    this.item.severity = vscode.LanguageStatusSeverity.Error;
    this.item.command = { title: 'Restart Server', command: Commands.restartServer };
  }

  dispose(): void {
    this.item.dispose();
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
