// `npm run bench`: how a full `kms-lint scan` and an incremental re-analysis compare with just
// reading the files. Prints numbers, asserts nothing (machines differ).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { runCli } from '../../server/src/cli/cli';
import { loadWorkspace } from '../../server/src/cli/workspace';
import { walkWorkspace } from '../../server/src/engine/walkWorkspace';
import { generateWorkspace } from './workspace';

let peakHeap = 0;
function sampleHeap(): void {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}

async function timed<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  sampleHeap();
  return [result, ms];
}

/** A sink for the CLI's output (the JSON is kept to count findings). */
function capture() {
  let text = '';
  return { stream: { write: (t: string) => (text += t), isTTY: false }, text: () => text };
}

async function scanInProcess(dir: string): Promise<{ code: number | undefined; findings: number }> {
  const out = capture();
  const code = await runCli(['scan', dir, '--format', 'json'], { stdout: out.stream, stderr: capture().stream, cwd: dir, env: {} });
  return { code, findings: JSON.parse(out.text()).findings.length };
}

export async function runBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { files: { type: 'string' }, seed: { type: 'string' }, keep: { type: 'boolean' } } });
  const fileCount = Number(values.files ?? 2000);
  const seed = Number(values.seed ?? 42);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-lint-bench-'));
  const sampler = setInterval(sampleHeap, 5);
  try {
    const ws = generateWorkspace(dir, fileCount, seed);
    const mb = ws.bytes / 1024 / 1024;
    console.log(`workspace: ${ws.files} files, ${mb.toFixed(2)} MB, ${ws.kmsFiles} mention KMS (seed ${seed})${values.keep ? `, kept at ${dir}` : ''}`);

    // Baseline: what any tool pays to look at every file once.
    const [baseline, baselineMs] = await timed(() => {
      let mentions = 0;
      for (const file of walkWorkspace(dir)) if (/kms/i.test(fs.readFileSync(file, 'utf8'))) mentions++;
      return mentions;
    });

    const [cold, coldMs] = await timed(() => scanInProcess(dir));
    const [, warmMs] = await timed(() => scanInProcess(dir));

    // The same through the engine, kept alive for incremental runs.
    const [loaded, loadMs] = await timed(() => loadWorkspace([dir], { cwd: dir }));
    const [, analyzeMs] = await timed(() => loaded.engine.analyze());
    const incremental: [string, number][] = [];
    for (const file of [ws.kmsTerraformFile, ws.kmsGoFile].filter(Boolean)) {
      const comment = file.endsWith('.go') ? '// edited' : '# edited';
      loaded.engine.setFile(file, `${fs.readFileSync(file, 'utf8')}${comment}\n`);
      const [, ms] = await timed(() => loaded.engine.analyze());
      incremental.push([`incremental: one ${path.extname(file)} file changed`, ms]);
    }

    const rows: [string, number][] = [
      [`baseline: read all + regex (${baseline} match)`, baselineMs],
      [`kms-lint scan, cold (${cold.findings} findings, exit ${cold.code})`, coldMs],
      ['kms-lint scan, warm (parsers loaded)', warmMs],
      [`engine: walk + read + setFile (${loaded.filesLoaded} files, ${(loaded.bytesRead / 1024 / 1024).toFixed(2)} MB kept)`, loadMs],
      ['engine: analyze all', analyzeMs],
      ...incremental,
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log(`${'phase'.padEnd(width)}  ${'ms'.padStart(9)}  ${'MB/s'.padStart(8)}  ${'x baseline'.padStart(10)}`);
    for (const [label, ms] of rows) {
      console.log(`${label.padEnd(width)}  ${ms.toFixed(1).padStart(9)}  ${(mb / (ms / 1000)).toFixed(1).padStart(8)}  ${(ms / baselineMs).toFixed(2).padStart(10)}`);
    }
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, peak heap used ${(peakHeap / 1024 / 1024).toFixed(0)} MB (sampled)`);
  } finally {
    clearInterval(sampler);
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}
