// `kms-lint scan [PATH...]`: analyse files and folders, print findings, exit 0 / 1 / 2 for CI.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseConfigText, type ConfigFile, type ConfigProblem } from '../engine/config';
import type { Severity } from '../engine/types';
import { RULES } from '../rules';
import { formatJson } from './format/json';
import { atLeast, oneBased, relativePath, type ScanReport } from './format/report';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { UsageError, useColor, type CliIo } from './io';
import { packageVersion } from './version';
import { loadWorkspace } from './workspace';

export const SCAN_HELP = `Usage: kms-lint scan [PATH...] [options]

Analyse files and folders (default: the current folder) for Thalassa Cloud KMS misuse.

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on error|warning|info
                             exit 1 when a finding is at or above this level (default: warning)
  --config FILE              use this config for every file instead of .kms-lint.yaml files
                             (its ignore globs are relative to the scanned folder)
  --quiet                    report only findings at or above --fail-on, no summary
  --verbose                  show how values were resolved, related places and notes
  --no-color                 no colours (also NO_COLOR=1)
  -h, --help                 show this help

Exit status: 0 no finding at or above --fail-on, 1 there are, 2 usage or config error.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
const LEVELS: Severity[] = ['error', 'warning', 'info'];

interface ScanOptions {
  paths: string[];
  format: (typeof FORMATS)[number];
  failOn: Severity;
  config?: string;
  quiet: boolean;
  verbose: boolean;
  noColor: boolean;
}

function parseScanArgs(argv: string[]): ScanOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        config: { type: 'string' },
        quiet: { type: 'boolean' },
        verbose: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // Node's messages, first sentence only (the rest explains `--` for positionals).
    throw new UsageError((err as Error).message.split(/\n|\. To specify/)[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  const failOn = values['fail-on'] ?? 'warning';
  if (!(LEVELS as string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${LEVELS.join(', ')} (got "${failOn}")`);
  return {
    paths: positionals,
    format: format as ScanOptions['format'],
    failOn: failOn as Severity,
    config: values.config,
    quiet: !!values.quiet,
    verbose: !!values.verbose,
    noColor: !!values['no-color'],
  };
}

export async function runScan(argv: string[], io: CliIo): Promise<number> {
  const options = parseScanArgs(argv);
  if (options === 'help') {
    io.stdout.write(SCAN_HELP);
    return 0;
  }

  let settings: ConfigFile | undefined;
  if (options.config !== undefined) {
    const file = path.resolve(io.cwd, options.config);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read config ${options.config} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const parsed = parseConfigText(file, text);
    if (!parsed.config) return reportConfigProblems(parsed.problems, io);
    settings = parsed.config;
  }

  const workspace = loadWorkspace(options.paths, { cwd: io.cwd, settings });
  const result = await workspace.engine.analyze();
  if (result.configProblems.length) return reportConfigProblems(result.configProblems, io);

  const findings = result.findings.filter((f) => workspace.targets.has(f.loc.file));
  const failing = findings.filter((f) => atLeast(f.severity, options.failOn));
  const report: ScanReport = {
    findings: options.quiet ? failing : findings,
    notes: [...workspace.notes, ...result.notes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    filesAnalysed: result.analysedFiles.filter((f) => workspace.targets.has(f)).length,
    cwd: io.cwd,
    docsBaseUrl: workspace.engine.configFor(path.join(workspace.scanRoot, 'any')).docsBaseUrl,
  };

  if (options.verbose) for (const note of report.notes) io.stderr.write(`${relativePath(io.cwd, note.file)}: ${note.message}\n`);
  switch (options.format) {
    case 'json':
      io.stdout.write(formatJson(report));
      break;
    case 'sarif':
      io.stdout.write(formatSarif(report, RULES.map((r) => r.meta), packageVersion()));
      break;
    default:
      io.stdout.write(formatText(report, { color: useColor(io, options.noColor), verbose: options.verbose, summary: !options.quiet }));
  }
  return failing.length ? 1 : 0;
}

/** A broken config stops the run (CI must not silently fall back to defaults): one line per problem. */
function reportConfigProblems(problems: ConfigProblem[], io: CliIo): number {
  for (const p of problems) {
    const { line, column } = oneBased(p.loc.range);
    io.stderr.write(`${path.relative(io.cwd, p.loc.file)}:${line}:${column}  error  ${p.message}\n`);
  }
  return 2;
}
