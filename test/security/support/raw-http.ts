import { Agent, request } from 'node:http';

/** A request exactly as it goes on the wire: any bytes as the body, any content type or none. */
export interface RawRequest {
  readonly method: 'POST' | 'GET' | 'HEAD';
  readonly path: string;
  /** An array sends the header once per value (a duplicated header). */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
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

/** What a fuzz run was answered, by status and by the kind of request, for its report. */
export class ReplyTally {
  readonly statuses = new Map<number, number>();
  private readonly kinds = new Map<string, number>();
  sent = 0;

  add(requests: readonly RawRequest[], replies: readonly RawReply[]): void {
    this.sent += requests.length;
    replies.forEach((reply, i) => {
      this.statuses.set(reply.status, (this.statuses.get(reply.status) ?? 0) + 1);
      const { label } = requests[i]!;
      this.kinds.set(label, (this.kinds.get(label) ?? 0) + 1);
    });
  }

  get serverErrors(): number {
    return [...this.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  }

  /** `  answers by status: 400: 8496, …; 5xx: 0` and `  by kind: …`, most frequent first. */
  reportLines(): string[] {
    const byStatus = [...this.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    const byKind = [...this.kinds].sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ${n}`);
    return [
      `  answers by status: ${byStatus.join(', ')}; 5xx: ${this.serverErrors}`,
      `  by kind: ${byKind.join(', ')}`,
    ];
  }
}
