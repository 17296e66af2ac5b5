import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../dashboard/support/chromium';
import { type QueryLedger, startQueryLedger } from './support/query-ledger';

/**
 * Swagger UI at /docs really renders the OpenAPI document in a browser, under the security
 * headers every answer carries (helmet's content security policy: scripts from the ledger itself
 * only). Like the dashboard's browser tests, skipped outside CI when Chromium is not installed.
 */
const missing = chromiumMissing();
const suite = missing === undefined || process.env.CI === 'true' ? describe : describe.skip;

suite('Swagger UI at /docs in Chromium', () => {
  let ledger: QueryLedger;
  let browser: Browser;

  beforeAll(async () => {
    ledger = await startQueryLedger();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await ledger?.close();
  });

  it('renders the queries with their as-of parameters, with no script refused', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${ledger.url}/docs`);
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 30_000 });
    expect(await page.textContent('.swagger-ui .info .title')).toContain(
      'Negotiation-outcomes ledger',
    );
    const paths = await Promise.all(
      (await page.locator('.opblock-summary-path').all()).map((path) =>
        path.getAttribute('data-path'),
      ),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/agreements/{agreementId}/totals',
        '/claims/{claimId}/audit-trail',
        '/discrepancies',
      ]),
    );
    expect(problems).toEqual([]);
  }, 60_000);
});
