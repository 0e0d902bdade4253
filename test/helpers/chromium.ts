import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM_PATH = process.env.TRAINKIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Launches headless Debian chromium through playwright-core (which downloads no browser of its own).
 * Launch one per test file and close it in `afterAll`.
 *
 * @example
 * const browser = await launchChromium();
 * const watched = await openWatchedPage(browser, pathToFileURL('/tmp/report.html').href);
 * await browser.close();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--disable-gpu', '--no-first-run'] });
}

/** A page opened on one URL, with everything else it asked for recorded and refused. */
export interface WatchedPage {
  readonly page: Page;
  /** Every request the page made after its own document, in order (none is let through). */
  readonly requests: readonly string[];
  /** Console messages of type `error`, and uncaught page errors. */
  readonly errors: readonly string[];
  /** Closes the page's context. */
  close(): Promise<void>;
}

/**
 * Opens `url` in a fresh context that lets only that URL through: any other request (http, file,
 * data, websocket) is recorded in `requests` and aborted. Console errors and uncaught exceptions
 * are recorded in `errors`. Resolves once the page has loaded.
 *
 * @example
 * const { page, requests, errors } = await openWatchedPage(browser, 'file:///tmp/report.html');
 * expect(requests).toEqual([]);
 */
export async function openWatchedPage(
  browser: Browser,
  url: string,
  viewport: { readonly width: number; readonly height: number } = { width: 1280, height: 900 },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, offline: true });
  const requests: string[] = [];
  const errors: string[] = [];
  let documentServed = false;
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (!documentServed && requested === url) {
      documentServed = true;
      return route.continue();
    }
    requests.push(requested);
    return route.abort();
  });
  await context.routeWebSocket(/.*/, (ws) => {
    requests.push(ws.url());
    return ws.close();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors, close: () => context.close() };
}
