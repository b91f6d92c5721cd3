const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { EXTENSION_ID } = require('./helpers');

suite('activation', () => {
  test('the development copy of the extension activates and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    assert.strictEqual(extension.extensionUri.fsPath, path.resolve(__dirname, '../../..'));
    await extension.activate();
    assert.ok(extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['kmsLint.analyseWorkspace', 'kmsLint.showRuleDocumentation', 'kmsLint.recommend', 'kmsLint.restartServer']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });
});
