// `kms-lint scan …` / `kms-lint server …` / `--help` / `--version`.
// Returns the exit code, or undefined when the process must keep running (the language server).
import { startServer } from '../lsp/server';
import { processIo, UsageError, type CliIo } from './io';
import { runScan } from './scan';
import { packageVersion } from './version';

const HELP = `Usage: kms-lint <command> [options]

Catches Thalassa Cloud KMS security mistakes in Terraform, Go, shell, REST and Markdown.

Commands:
  scan [PATH...]     analyse files and folders and print findings (kms-lint scan --help)
  server --stdio     run the language server (also --node-ipc, --socket=PORT)

Options:
  -h, --help         show this help
  --version          print the version
`;

const SERVER_HELP = `Usage: kms-lint server --stdio | --node-ipc | --socket=PORT

Run the kms-lint language server over the given transport.
`;

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number | undefined> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'scan':
        return await runScan(rest, io);
      case 'server':
        return runServer(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(HELP);
        return 0;
      case '--version':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      case undefined:
        throw new UsageError('missing command: scan or server');
      default:
        throw new UsageError(command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`kms-lint: ${err.message} (kms-lint --help for usage)\n`);
    } else {
      // A bug, not a verdict on the code: never exit 0 or 1 (CI reads those as pass / findings).
      io.stderr.write(`kms-lint: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    return 2;
  }
}

/** Checks the transport flag, then hands over to the language server (which reads them from argv too). */
function runServer(argv: string[], io: CliIo): number | undefined {
  let transports = 0;
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(SERVER_HELP);
      return 0;
    }
    if (arg === '--stdio' || arg === '--node-ipc') transports++;
    else if (arg.startsWith('--socket=')) {
      const port = Number(arg.slice('--socket='.length));
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--socket needs a port number 1-65535 (got "${arg.slice(9)}")`);
      transports++;
    } else if (/^--clientProcessId=\d+$/.test(arg)) {
      // Added by VS Code's language client; the server watches that process.
    } else {
      throw new UsageError(`unknown server option ${arg}`);
    }
  }
  if (transports !== 1) throw new UsageError('server needs exactly one of --stdio, --node-ipc, --socket=PORT');
  startServer(argv);
  return undefined;
}
