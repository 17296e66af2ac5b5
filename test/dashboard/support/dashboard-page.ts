import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const SCREENSHOTS = join(__dirname, '../../../reports/screenshots');

export const LAPTOP = { width: 1366, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** A page of the dashboard, with what the browser complained about while it was open. */
export interface DashboardPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and uncaught exceptions, in order. */
  readonly problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Stored as the page's API key before it loads, as if entered earlier; none: no key. */
  readonly apiKey?: string;
}

export async function openDashboard(
  browser: Browser,
  url: string,
  options: OpenOptions = {},
): Promise<DashboardPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? LAPTOP,
    deviceScaleFactor: 1,
  });
  if (options.apiKey !== undefined) {
    await context.addInitScript({
      content: `localStorage.setItem('ledger.apiKey', ${JSON.stringify(options.apiKey)});`,
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  await page.goto(url);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page,
    context,
    problems,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

/** The text of every element the selector matches, trimmed. */
export async function texts(page: Page, selector: string): Promise<string[]> {
  return (await page.locator(selector).allTextContents()).map((t) => t.trim());
}

/** One attribute of every element the selector matches. */
export async function attributes(
  page: Page,
  selector: string,
  name: string,
): Promise<(string | null)[]> {
  const all = page.locator(selector);
  const count = await all.count();
  return Promise.all(Array.from({ length: count }, (_, i) => all.nth(i).getAttribute(name)));
}

/**
 * How many pixels of the canvas are drawn in each colour (within a small distance, for
 * anti-aliasing): whether a series is visible at all, whatever lies on top of it.
 */
export async function pixelsOfColours(
  page: Page,
  canvas: string,
  colours: readonly string[],
): Promise<number[]> {
  return page.locator(canvas).evaluate((element, hexes) => {
    // The page's canvas, typed by what is used of it (the tests compile without the DOM library).
    const c = element as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      } | null;
    };
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    const targets = hexes.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = targets.map(() => 0);
    for (let i = 0; data !== undefined && i < data.length; i += 4) {
      if ((data[i + 3] ?? 0) < 200) continue;
      targets.forEach(([r = 0, g = 0, b = 0], k) => {
        const d = Math.hypot((data[i] ?? 0) - r, (data[i + 1] ?? 0) - g, (data[i + 2] ?? 0) - b);
        if (d < 40) counts[k] = (counts[k] ?? 0) + 1;
      });
    }
    return counts;
  }, colours);
}
