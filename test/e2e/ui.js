// What a user sees: code-server with the packaged VSIX installed, driven by headless Chromium.
// Opens a Terraform file, waits for the squiggle, reads the Problems panel entry and the hover,
// applies the quick fix with Ctrl+., saves, and checks the file on disk.
// Screenshots go to test/artifacts/screenshots/ui-*.png.
//
//   node test/e2e/ui.js          (after npm run build; packages the VSIX itself)
'use strict';
const fs = require('fs');
const path = require('path');
const { screenshotsDir, makeTempDir, removeTempDir, copyFixtureWorkspace } = require('./lib/env');
const { profile, outputChannelTail, installExtension, startCodeServer } = require('./lib/codeServer');
const { launchChromium } = require('./lib/browser');
const { packageVsix } = require('./lib/vsix');

const FILE = 'platform/keys.tf';
const RULE = 'export-allowed';
const PROBLEM = 'Key thalassa_kms_key.payments ("payments") is created with key-material export enabled.';
const PRACTICE = 'Restrict key material export';
const DOCS_LINK = 'https://docs.thalassa.cloud/docs/kms/best-practices/#restrict-key-material-export';
const FIX_TITLE = 'Disable key-material export';
const BEFORE_FIX = 'export_allowed          = true';
const AFTER_FIX = 'export_allowed          = false';
const STEP_MS = 30000;

const results = [];
const started = Date.now();
const log = (msg) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s ${msg}`);

/** One checked step; later steps depend on earlier ones, so the first failure ends the scenario. */
async function step(name, fn) {
  try {
    const detail = await fn();
    results.push(true);
    log(`ok   ${name}${detail ? `: ${detail}` : ''}`);
  } catch (err) {
    results.push(false);
    log(`FAIL ${name}: ${err.message}`);
    throw err;
  }
}

async function until(condition, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function scenario(page, workspace, server) {
  const file = path.join(workspace, FILE);
  const original = fs.readFileSync(file, 'utf8');
  const shot = (name) => page.screenshot({ path: path.join(screenshotsDir, `ui-${name}.png`) });

  await step('workbench loads', async () => {
    await page.goto(server.workbenchUrl(workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    await shot('01-workbench');
  });

  const squiggle = page.locator('.monaco-editor .squiggly-error').first();
  await step(`opening ${FILE} shows the ${RULE} squiggle`, async () => {
    const opened = Date.now();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: STEP_MS });
    await page.keyboard.type(FILE);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'keys.tf' }).first().waitFor({ timeout: STEP_MS });
    await page.keyboard.press('Enter');
    await squiggle.waitFor({ state: 'attached', timeout: 60000 });
    await shot('02-squiggle');
    return `after ${Date.now() - opened} ms`;
  });

  await step('the Problems panel lists the finding with its rule id', async () => {
    await page.keyboard.press('Control+Shift+M');
    // The panel lists every file's problems (the server analyses the whole workspace): find this key's.
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: PROBLEM }).first();
    await row.waitFor({ timeout: STEP_MS });
    const text = await row.innerText();
    await shot('03-problems');
    for (const part of [RULE, 'kms-lint', '[Ln 7, Col 3]']) {
      if (!text.includes(part)) throw new Error(`the row lacks ${part}: ${JSON.stringify(text)}`);
    }
    return JSON.stringify(text.replace(/\n/g, ' | '));
  });

  let box;
  await step('the hover shows the practice and the docs link', async () => {
    box = await squiggle.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:visible', { hasText: PRACTICE }).first();
    await hover.waitFor({ timeout: STEP_MS });
    const links = await page.locator('.monaco-hover:visible a').evaluateAll((as) => as.map((a) => a.getAttribute('href') || a.dataset.href));
    await shot('04-hover');
    if (!links.includes(DOCS_LINK)) throw new Error(`no link to ${DOCS_LINK} among ${JSON.stringify(links)}`);
    return `${links.length} links`;
  });

  await step(`Ctrl+. offers "${FIX_TITLE}" and applying it removes the squiggle`, async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // The preferred fix is the menu's focused first entry. A Ctrl+. that races a refresh of the
    // file's markers (the workspace analysis arriving) gets VS Code's "No code actions available";
    // a user presses it again, so does this test, at most twice more.
    const preferred = page.locator('.action-widget .monaco-list-row.focused', { hasText: FIX_TITLE });
    const noActions = page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+.');
      await preferred.or(noActions).first().waitFor({ timeout: STEP_MS });
      if (await preferred.isVisible()) break;
      if (attempt === 3) throw new Error('VS Code answered Ctrl+. with "No code actions available" 3 times');
      log('"No code actions available": Ctrl+. again');
      await page.keyboard.press('Escape');
      await noActions.waitFor({ state: 'hidden', timeout: STEP_MS });
    }
    await shot('05-quick-fix-menu');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error').waitFor({ state: 'detached', timeout: STEP_MS });
    await shot('06-after-fix');
  });

  await step('Ctrl+S writes exactly the fixed text to disk', async () => {
    await page.keyboard.press('Control+S');
    const expected = original.replace(BEFORE_FIX, AFTER_FIX);
    await until(() => fs.readFileSync(file, 'utf8') !== original, STEP_MS, 'the file to be saved');
    const saved = fs.readFileSync(file, 'utf8');
    if (saved !== expected) throw new Error(`saved text differs from the expected fix:\n${saved}`);
  });
}

async function main() {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  for (const old of fs.readdirSync(screenshotsDir).filter((f) => f.startsWith('ui-'))) fs.rmSync(path.join(screenshotsDir, old));
  const tmp = makeTempDir('ui');
  const workspace = copyFixtureWorkspace('e2e-workspace', tmp);
  // The language client's trace goes to the "KMS Lint" output channel, printed when a step fails.
  const p = profile(tmp, { settings: { 'kmsLint.trace.server': 'verbose' } });
  let server;
  let browser;
  try {
    // A package of its own, from the current build (test/artifacts/ belongs to the VSIX suite).
    const vsix = packageVsix(path.join(tmp, 'kms-lint.vsix')).file;
    installExtension(p, vsix);
    log(`installed ${path.basename(vsix)}`);
    server = await startCodeServer(p);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => log(`[page error] ${err.message}`));
    await scenario(page, workspace, server).catch(async (err) => {
      await page.screenshot({ path: path.join(screenshotsDir, 'ui-failure.png') }).catch(() => {});
      if (process.env.E2E_VERBOSE) console.log(err.stack);
    });
  } finally {
    await browser?.close().catch(() => {});
    if (server && results.includes(false)) {
      console.log(`code-server log:\n${server.log()}`);
      console.log(outputChannelTail(p, 'KMS Lint'));
    }
    await server?.stop();
    removeTempDir(tmp);
  }
  const failed = results.filter((ok) => !ok).length;
  console.log(`ui: ${results.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('ui: 0 passed, 1 failed');
    process.exit(1);
  },
);
