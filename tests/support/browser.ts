import { chromium, type Browser, type Page } from 'playwright-core';

/** The browser the tests drive. @default /usr/bin/chromium (Debian's) */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless without a sandbox or GPU, as a container allows; and with every
// request of the browser's own switched off, so each request seen is one
// the page made.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Starts a headless Chromium; close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * Records the URL of every request `page` makes to anywhere but `origin`
 * from now on. The array fills as the page runs; data: URLs load nothing
 * and are left out.
 */
export function offOriginRequests(page: Page, origin: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) {
      seen.push(request.url());
    }
  });
  return seen;
}
