import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** LEDGER_PUBLIC_BASE_URL, or '' when not configured (see publicBaseUrl). */
    configuredBaseUrl: string;
  }
}

/** Every request carries the configured public base URL, so answers can name the ledger's own URLs. */
export function usePublicBaseUrl(fastify: FastifyInstance, configured: string | undefined): void {
  fastify.decorateRequest('configuredBaseUrl', configured ?? '');
}

/**
 * Where this client reaches the ledger: the configured base URL, else the origin the request came
 * in on (what a client on the same network can fetch again).
 */
export function publicBaseUrl(request: FastifyRequest): string {
  return request.configuredBaseUrl || `${request.protocol}://${request.host}`;
}

/**
 * A problem's `type`: relative (/problems/<code>, resolved against the answer's URL, RFC 9457
 * §3.1.1) unless a public base URL is configured; never a host the deployment does not own.
 */
export function problemTypeUri(request: FastifyRequest, type: string): string {
  return type.startsWith('/') ? `${request.configuredBaseUrl}${type}` : type;
}
