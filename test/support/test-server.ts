import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Starts the app listening on 127.0.0.1 (port 0: any free one, unless given) and answers its base URL. */
export async function listenOnLoopback(app: NestFastifyApplication, port = 0): Promise<string> {
  await app.listen(port, '127.0.0.1');
  const address: unknown = app.getHttpServer().address();
  if (address === null || typeof address !== 'object')
    throw new Error('the test server has no TCP address');
  return `http://127.0.0.1:${(address as { port: number }).port}`;
}
