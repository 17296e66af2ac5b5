import { Agent, request } from 'node:http';

/** A request exactly as it goes on the wire: any bytes as the body, any content type or none. */
export interface RawRequest {
  readonly method: 'POST' | 'GET';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** What was done to make it hostile, for the tally. */
  readonly label: string;
}

export interface RawReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Keep-alive connections, a few at a time, as a busy client would hold them. */
export function rawClient(
  baseUrl: string,
  sockets: number,
): { send(request: RawRequest): Promise<RawReply>; close(): void } {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    send: (raw) =>
      new Promise((resolve, reject) => {
        const headers = {
          ...raw.headers,
          ...(raw.body ? { 'content-length': String(raw.body.length) } : {}),
        };
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: raw.method,
            path: raw.path,
            headers,
            agent,
            timeout: 30_000,
          },
          (res) => {
            const contentType = String(res.headers['content-type'] ?? '');
            // An event stream that opened never ends: its status and type are the answer.
            if (contentType.startsWith('text/event-stream')) {
              res.destroy();
              resolve({ status: res.statusCode ?? 0, contentType, body: '' });
              return;
            }
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                contentType,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('timeout', () =>
          req.destroy(new Error(`no answer within 30 s to ${raw.label} ${raw.path}`)),
        );
        req.on('error', reject);
        req.end(raw.body);
      }),
    close: () => agent.destroy(),
  };
}

/** An RFC 9457 problem whose status is the answer's. */
export function isProblem(reply: RawReply): boolean {
  if (!reply.contentType.startsWith('application/problem+json')) return false;
  try {
    return (JSON.parse(reply.body) as { status?: unknown }).status === reply.status;
  } catch {
    return false;
  }
}
