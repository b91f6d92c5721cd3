// Entry point of the bundle behind the `kms-lint` bin: dispatches to the CLI or the language server.
import { runCli } from './cli/cli';

void runCli(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exitCode = code;
});
