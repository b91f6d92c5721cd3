// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx); with no file
// arguments, then the editor end-to-end suites (scripts/e2e/run-e2e.mjs), and prints one
// `N passed, N failed` line over both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runE2eSuites, totalsLine } from './e2e/run-e2e.mjs';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || name === 'e2e' ? [] : find(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}

const nodeTest = (files, extraReporters = []) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...extraReporters, ...files], { stdio: 'inherit' });

const explicit = process.argv.slice(2);
if (explicit.length) process.exit(nodeTest(explicit).status ?? 1);

// The unit tests' counts come from a second (TAP) reporter written to a file; the console shows
// the usual spec output.
const tapDir = mkdtempSync(join(tmpdir(), 'kms-lint-unit-'));
const tapFile = join(tapDir, 'unit.tap');
const unitRun = nodeTest(find('test').sort(), ['--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`]);
let tap = '';
try {
  tap = readFileSync(tapFile, 'utf8');
} catch {
  // the runner died before writing it: counted as a failure below
}
rmSync(tapDir, { recursive: true, force: true });
const tapCount = (label) => Number([...tap.matchAll(new RegExp(`^# ${label} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
const unit = { passed: tapCount('pass'), failed: tapCount('fail') + tapCount('cancelled'), skipped: tapCount('skipped') };
if (unitRun.status !== 0 && unit.failed === 0) unit.failed = 1;

const e2e = await runE2eSuites();
const totals = { passed: unit.passed + e2e.passed, failed: unit.failed + e2e.failed, skipped: unit.skipped + e2e.skipped };
console.log(`\nunit: ${totalsLine(unit)}`);
console.log(`e2e: ${totalsLine(e2e)}`);
console.log(totalsLine(totals));
process.exit(totals.failed ? 1 : 0);
