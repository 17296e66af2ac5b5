import { createRequire } from 'node:module';
import type * as FastifyModule from 'fastify';
import type { FastifyInstance } from 'fastify';

/** The Fastify that Nest's adapter uses, so the bare servers run on the very same platform as the ledger. */
export const fastify = createRequire(require.resolve('@nestjs/platform-fastify'))(
  'fastify',
) as typeof FastifyModule.default;

/** Listens on 127.0.0.1 (a free port); `close` stops the server, then releases what it used. */
export async function listenOnLoopback(
  app: FastifyInstance,
  release: () => void,
): Promise<{ port: number; close: () => Promise<void> }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    async close() {
      await app.close();
      release();
    },
  };
}
