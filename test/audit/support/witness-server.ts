import { createServer } from 'node:http';

/** A witness URL on 127.0.0.1 that keeps every JSON body POSTed to it. */
export async function startWitnessServer(): Promise<{
  readonly url: string;
  readonly received: unknown[];
  close(): Promise<void>;
}> {
  const received: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}/checkpoints`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
