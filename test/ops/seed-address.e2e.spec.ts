import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, runNode } from '../support/child-run';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

// npm run seed aims where npm start listens: PORT, unless LEDGER_URL says otherwise; when the
// ledger is not there, the message names the setting that would fix it.
describe('npm run seed finds the ledger by PORT or LEDGER_URL', () => {
  const seed = (env: Record<string, string>) =>
    runNode([join(ROOT, 'scripts/seed.mjs')], {
      env: { PATH: process.env.PATH ?? '', LEDGER_API_KEY: 'ldg_x_y', ...env },
      timeoutMs: 30_000,
    });

  it('aims at 127.0.0.1:$PORT and names LEDGER_URL when nothing answers there', async () => {
    const port = await closedPort();
    const run = await seed({ PORT: String(port) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot reach the ledger at http://127.0.0.1:${port}`);
    expect(run.stderr).toContain('Set LEDGER_URL');
  });

  it('prefers LEDGER_URL over PORT', async () => {
    const port = await closedPort();
    const run = await seed({ PORT: '1', LEDGER_URL: `http://127.0.0.1:${port}/` });
    expect(run.stderr).toContain(`Cannot reach the ledger at http://127.0.0.1:${port} (`);
  });
});
