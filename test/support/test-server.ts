import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Starts the app listening on 127.0.0.1 (port 0: any free one, unless given) and answers its base URL. */
export async function listenOnLoopback(app: NestFastifyApplication, port = 0): Promise<string> {
  await app.listen(port, '127.0.0.1');
  const address: unknown = app.getHttpServer().address();
  if (address === null || typeof address !== 'object')
    throw new Error('the test server has no TCP address');
  return `http://127.0.0.1:${(address as { port: number }).port}`;
}

/**
 * Runs `build` with these environment variables set (settings the app reads at start), then puts
 * the environment back as it was.
 */
export async function withEnv<T>(
  env: Readonly<Record<string, string>>,
  build: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await build();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
