// TODO(client helper): start the language server.
export function activate(): void {}
export function deactivate(): void {}
