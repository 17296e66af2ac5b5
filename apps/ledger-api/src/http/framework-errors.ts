import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';
import { sendProblem } from './problem-details.filter';

/**
 * Errors Fastify's router raises before any route or hook runs (a URL with broken percent-encoding,
 * an over-long path parameter): answered as problems like everything else.
 */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(
    reply,
    request,
    problem(400, { code: error.code.toLowerCase(), detail: error.message }),
  );
}

const FRAMING_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * A request that is not even valid HTTP (a broken request line, bad headers): Node's parser
 * rejects it before Fastify sees a request, so the answer is written to the socket by hand —
 * still problem+json, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = FRAMING_STATUS[error.code ?? ''] ?? 400;
  const title =
    status === 431
      ? 'Request Header Fields Too Large'
      : status === 408
        ? 'Request Timeout'
        : 'Bad Request';
  const body = JSON.stringify(
    problem(status, {
      title,
      code: 'malformed_http',
      detail: 'The request is not valid HTTP/1.1.',
    }),
  );
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
