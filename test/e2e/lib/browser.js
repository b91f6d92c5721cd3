// Headless Debian Chromium driven by playwright-core (no browser download: the system binary is used).
'use strict';
const util = require('util');
const { chromium } = require('playwright-core');
const { tools } = require('./env');

async function launchChromium() {
  const executablePath = tools.chromium();
  if (!executablePath) throw new Error('chromium is not installed (apt-get install chromium)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', // root in a container
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The text of a browser console message as the page logged it. VS Code forwards extension-host
 * output as ['%c INFO', 'color: …', format, ...args]; the styling pair is dropped.
 */
async function consoleText(message) {
  let values;
  try {
    values = await Promise.all(message.args().map((a) => a.jsonValue()));
  } catch {
    return message.text();
  }
  if (typeof values[0] === 'string' && values[0].startsWith('%c')) values = values.slice(2);
  return util.format(...values);
}

module.exports = { launchChromium, consoleText };
