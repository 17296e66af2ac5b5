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
