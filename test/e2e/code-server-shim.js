#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It takes the desktop CLI arguments that runTests passes (folder, --extensionDevelopmentPath=,
// --extensionTestsPath=, --user-data-dir=, --extensions-dir=), runs the extension tests in
// code-server's Node extension host through headless Chromium, prints their output and exits
// with their exit code. Desktop VS Code cannot be downloaded on this project's machines.
'use strict';
const fs = require('fs');
const path = require('path');
const { profile, startCodeServer } = require('./lib/codeServer');
const { launchChromium, consoleText } = require('./lib/browser');
const { makeTempDir, removeTempDir } = require('./lib/env');

const TIMEOUT_MS = Number(process.env.SHIM_TIMEOUT_MS || 5 * 60 * 1000);
// Workbench chatter of code-server 4.100 that says nothing about the tests (shown with E2E_VERBOSE=1).
const NOISE = [
  /^\s*$/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^The web worker extension host is started/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /^Overwriting extension <</,
  /^Creation of workbench contribution '.*' took \d+ms/,
];

function parseArgs(argv) {
  const options = new Map();
  const positional = [];
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    if (m) options.set(m[1], [...(options.get(m[1]) || []), m[2]]);
    else if (!arg.startsWith('-')) positional.push(arg);
    // other switches (--no-sandbox, --disable-updates, …) mean nothing to code-server
  }
  return { options, positional };
}

async function main() {
  const { options, positional } = parseArgs(process.argv.slice(2));
  const devPaths = options.get('extensionDevelopmentPath') || [];
  const [testsPath] = options.get('extensionTestsPath') || [];
  if (!testsPath) throw new Error('code-server-shim: --extensionTestsPath= is required');
  const folder = positional[0];
  if (!folder || !fs.statSync(folder).isDirectory()) throw new Error(`code-server-shim: workspace folder missing: ${folder}`);

  const tmp = makeTempDir('shim');
  const p = profile(tmp, { userDataDir: options.get('user-data-dir')?.[0], extensionsDir: options.get('extensions-dir')?.[0] });
  const server = await startCodeServer(p);
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    // Messages are printed one after another, in the order the page logged them.
    let printed = Promise.resolve();
    let previous;
    page.on('console', (message) => {
      const text = consoleText(message);
      printed = printed.then(async () => {
        const line = await text;
        // An extension-host error arrives twice: through the workbench log and as itself.
        const repeated = line === previous;
        previous = line;
        if (process.env.E2E_VERBOSE || !(repeated || NOISE.some((re) => re.test(line)))) console.log(line);
      });
    });
    page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
    // The workbench calls window.codeAutomationExit(code) when the extension tests end.
    let reportExit;
    const exited = new Promise((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    const payload = [
      ...devPaths.map((d) => ['extensionDevelopmentPath', server.remoteUri(d)]),
      ['extensionTestsPath', server.remoteUri(testsPath)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.workbenchUrl(path.resolve(folder), payload));
    let timer;
    const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)))]);
    clearTimeout(timer);
    await printed;
    if (code !== 0) console.error(`extension tests ended with ${code === 'timeout' ? `no result after ${TIMEOUT_MS} ms` : `exit code ${code}`}; code-server log:\n${server.log()}`);
    return code === 0 ? 0 : 1;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    removeTempDir(tmp);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
