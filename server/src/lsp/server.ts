// TODO(lsp helper): the language server.
export function startServer(): void {
  throw new Error('language server not implemented yet');
}
