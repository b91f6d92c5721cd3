// Runs the editor end-to-end suites, each in its own process group under a deadline, and counts
// their results: VSIX packaging, Neovim as an LSP client over stdio, the extension-host mocha suite
// in code-server, and the Playwright UI scenario.
//
//   node scripts/e2e/run-e2e.mjs [SUITE...]     (npm run test:e2e; `npm test` runs them after the unit tests)
//
// A suite whose tools are missing is skipped with the reason, except under CI=true, where it fails:
// .ci/run installs everything. KMS_LINT_E2E=0 skips them all (outside CI).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { repoRoot, missingTools } = require('../../test/e2e/lib/env.js');
// Stopping this runner stops the running suite's group (SIGTERM, then SIGKILL), so a suite can
// still stop the code-server and browser it started.
const { spawnGroup } = require('../../test/e2e/lib/processGroup.js');

const inCi = !!process.env.CI && process.env.CI !== 'false';
const KILL_GRACE_MS = 10000;

export const SUITES = [
  { name: 'vsix', what: 'VSIX packaging', args: ['--test', '--test-reporter=spec', 'test/e2e/vsix.test.js'], needs: [], timeoutMs: 3 * 60000 },
  { name: 'nvim', what: 'Neovim as a language client over stdio', args: ['test/e2e/nvim/run.js'], needs: ['nvim'], timeoutMs: 2 * 60000 },
  { name: 'extension-host', what: 'extension tests in the VS Code extension host', args: ['test/e2e/runTest.js'], needs: ['codeServer', 'chromium'], timeoutMs: 8 * 60000 },
  { name: 'ui', what: 'VS Code UI scenario (Playwright)', args: ['test/e2e/ui.js'], needs: ['codeServer', 'chromium'], timeoutMs: 6 * 60000 },
];
const BUILD = { name: 'build', args: ['scripts/build.mjs'], timeoutMs: 3 * 60000 };

/** Runs `node ARGS` in a process group of its own, echoing its output with a `[name]` prefix. */
async function runStep({ name, args, timeoutMs }) {
  const started = Date.now();
  const run = spawnGroup(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }, KILL_GRACE_MS);
  let output = '';
  let pending = '';
  const echo = (chunk) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
  };
  run.child.stdout.setEncoding('utf8').on('data', echo);
  run.child.stderr.setEncoding('utf8').on('data', echo);
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    process.stdout.write(`[${name}] still running after ${timeoutMs / 1000} s: stopping its process group\n`);
    run.stop();
  }, timeoutMs);
  const code = await run.closed;
  clearTimeout(deadline);
  if (pending) process.stdout.write(`[${name}] ${pending}\n`);
  return { code, output, timedOut, seconds: (Date.now() - started) / 1000 };
}

/** The last count a suite printed: a plain `N passed, N failed` line, or node's test-runner summary. */
export function parseCounts(output) {
  const plain = [...output.matchAll(/^(?:[\w-]+: )?(\d+) passed, (\d+) failed/gm)].at(-1);
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const node = (label) => [...output.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, 'gm'))].at(-1)?.[1];
  if (node('pass') === undefined) return undefined;
  return { passed: Number(node('pass')), failed: Number(node('fail') ?? 0) + Number(node('cancelled') ?? 0) };
}

/** Counts of one finished suite; a crash, a timeout or a silent exit is one failure more. */
function judge(run) {
  const counts = parseCounts(run.output) ?? { passed: 0, failed: 0 };
  let problem;
  if (run.timedOut) problem = 'timed out';
  else if (run.code !== 0 && counts.failed === 0) problem = `exited with ${run.code} without reporting a failed test`;
  else if (run.code === 0 && counts.passed + counts.failed === 0) problem = 'ran no test';
  if (problem) counts.failed = Math.max(counts.failed, 1);
  return { ...counts, problem };
}

/** Runs the chosen suites (all by default); returns the totals and prints one row per suite. */
export async function runE2eSuites(names = []) {
  const chosen = names.length ? SUITES.filter((s) => names.includes(s.name)) : SUITES;
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown e2e suite ${unknown.join(', ')} (known: ${SUITES.map((s) => s.name).join(', ')})`);
  const rows = [];
  const skip = (suite, reason) => rows.push({ suite, skipped: reason });

  if (process.env.KMS_LINT_E2E === '0' && !inCi) {
    chosen.forEach((s) => skip(s, 'KMS_LINT_E2E=0'));
  } else {
    // The suites test the bundles, so they must be built from the current sources.
    process.stdout.write('\ne2e: building the bundles (scripts/build.mjs)\n');
    const build = await runStep(BUILD);
    for (const suite of chosen) {
      const missing = missingTools(...suite.needs);
      if (build.code !== 0) {
        rows.push({ suite, passed: 0, failed: 1, problem: `not run: the build failed (${build.code})` });
      } else if (missing.length && !inCi) {
        skip(suite, `missing ${missing.join(', ')}`);
      } else if (missing.length) {
        rows.push({ suite, passed: 0, failed: 1, problem: `missing ${missing.join(', ')} (CI must install it: see .ci/run)` });
      } else {
        process.stdout.write(`\ne2e: ${suite.name}: ${suite.what}\n`);
        const run = await runStep(suite);
        rows.push({ suite, ...judge(run), seconds: run.seconds });
      }
    }
  }

  process.stdout.write('\ne2e summary:\n');
  for (const row of rows) {
    const detail = row.skipped
      ? `skipped: ${row.skipped}`
      : `${row.passed} passed, ${row.failed} failed${row.seconds !== undefined ? ` in ${row.seconds.toFixed(1)} s` : ''}${row.problem ? ` (${row.problem})` : ''}`;
    process.stdout.write(`  ${row.suite.name.padEnd(15)} ${detail}\n`);
  }
  const sum = (key) => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
  return { passed: sum('passed'), failed: sum('failed'), skipped: rows.filter((r) => r.skipped).length };
}

export function totalsLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const totals = await runE2eSuites(process.argv.slice(2));
  process.stdout.write(`${totalsLine(totals)}\n`);
  process.exit(totals.failed ? 1 : 0);
}
