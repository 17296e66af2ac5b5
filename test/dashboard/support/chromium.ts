import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs; LEDGER_CHROMIUM points elsewhere if need be. */
export const CHROMIUM_PATH = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';
export const INSTALL_COMMAND = 'apt-get install -y chromium';

export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH} (install it: ${INSTALL_COMMAND})`;
  }
}

/**
 * One headless Chromium for a test file. Playwright gives each launch a fresh temporary profile
 * (user-data-dir) and removes it on close; the flags keep Chromium from calling home, which on a
 * closed network only floods it with failing requests.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
