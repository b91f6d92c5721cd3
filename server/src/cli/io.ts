// Where the CLI writes and what it runs in, injectable so tests run it in-process.
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Folder that relative PATHs and printed file names are relative to. */
  cwd: string;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  // `kms-lint scan | head`: a reader that stops early is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** A mistake in how the command was called (exit 2, one line on stderr). */
export class UsageError extends Error {}

/** Colour on a terminal unless NO_COLOR or --no-color; FORCE_COLOR forces it (CI logs that render ANSI). */
export function useColor(io: CliIo, noColor: boolean): boolean {
  if (noColor || (io.env.NO_COLOR ?? '') !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return !!io.stdout.isTTY;
}
