import { CONTROL_EVENTS, SSE_QUERY } from '@ledger/ledger-client';
import {
  ENVELOPE_SCHEMA_PATH,
  type JsonSchema,
  type SchemaCatalogue,
  schemaPath,
} from './schema-catalogue';

/** The published schemas of an event type's current version, by type. */
function currentVersions(catalogue: SchemaCatalogue): [type: string, version: string][] {
  return Object.entries(catalogue.events).map(([type, versions]) => {
    const latest = Object.keys(versions).sort((a, b) => Number(b) - Number(a))[0] ?? '1';
    return [type, latest];
  });
}

/** An event's SSE payload: the envelope, with `type` fixed and `data` that event's schema. */
function eventPayload(type: string, version: string): JsonSchema {
  return {
    allOf: [
      { $ref: '#/components/schemas/Envelope' },
      {
        type: 'object',
        properties: {
          type: { const: type },
          data: { $ref: `#/components/schemas/${type}.v${version}` },
        },
      },
    ],
  };
}

const parameters = {
  stream: { description: 'A stream name, e.g. agreement-istanbul-2025.' },
  category: { enum: ['source', 'agreement', 'offer'], description: 'A stream category.' },
};

const bindings = {
  http: {
    method: 'GET',
    query: {
      type: 'object',
      properties: {
        [SSE_QUERY.from]: {
          type: 'string',
          description:
            "The last global position already held (exclusive), 'start' (default) or 'end'. The Last-Event-ID header wins over it.",
        },
        [SSE_QUERY.types]: {
          type: 'string',
          description: 'Comma-separated event types to deliver.',
        },
        [SSE_QUERY.categories]: {
          type: 'string',
          description: 'Comma-separated categories to deliver (/subscriptions/all only).',
        },
      },
    },
  },
};

/** The API key every subscription sends (role subscriber), as OpenAPI's `bearer` scheme. */
const BEARER = {
  type: 'http',
  scheme: 'bearer',
  description: 'An API key with the role subscriber: Authorization: Bearer <key>.',
};

/** AsyncAPI 3 splits a server's URL into host and pathname (the latter only when there is one). */
function server(baseUrl: string): JsonSchema {
  const url = new URL(baseUrl);
  return {
    host: url.host,
    protocol: url.protocol.replace(':', ''),
    ...(url.pathname === '/' ? {} : { pathname: url.pathname }),
    description: 'The ledger API',
    security: [{ $ref: '#/components/securitySchemes/bearer' }],
  };
}

/**
 * The AsyncAPI 3.0 description of the SSE channels. Built from the same catalogue as GET /schemas,
 * so the messages it lists are exactly the published event schemas, referred to where the ledger
 * at `baseUrl` serves them (so a parser resolves them).
 */
export function asyncApiDocument(catalogue: SchemaCatalogue, baseUrl: string): JsonSchema {
  const versions = currentVersions(catalogue);
  const messages: Record<string, JsonSchema> = Object.fromEntries(
    versions.map(([type, version]) => [
      type,
      {
        name: type,
        title: type,
        contentType: 'application/json',
        payload: eventPayload(type, version),
      },
    ]),
  );
  const control = {
    [CONTROL_EVENTS.caughtUp]: {
      name: CONTROL_EVENTS.caughtUp,
      summary: 'History delivered; what follows is live. No id.',
      payload: { type: 'object', properties: { position: { type: 'string' } } },
    },
    [CONTROL_EVENTS.overflow]: {
      name: CONTROL_EVENTS.overflow,
      summary: 'The client read too slowly; the stream ends. Resume from the last id.',
      payload: { $ref: '#/components/schemas/StreamEndNotice' },
    },
    [CONTROL_EVENTS.interrupted]: {
      name: CONTROL_EVENTS.interrupted,
      summary: 'The server ends the stream (shutdown, store unavailable). Resume from the last id.',
      payload: { $ref: '#/components/schemas/StreamEndNotice' },
    },
  };
  const allMessages = { ...messages, ...control };
  const refs = Object.fromEntries(
    Object.keys(allMessages).map((name) => [name, { $ref: `#/components/messages/${name}` }]),
  );
  const channel = (address: string, description: string, params?: object): JsonSchema => ({
    address,
    description,
    messages: refs,
    ...(params ? { parameters: params } : {}),
    bindings,
  });
  const schemas: Record<string, JsonSchema> = {
    Envelope: { $ref: `${baseUrl}${ENVELOPE_SCHEMA_PATH}` },
    StreamEndNotice: {
      type: 'object',
      required: ['reason', 'detail'],
      properties: {
        reason: {
          enum: [
            'slow_consumer',
            'server_shutdown',
            'store_unavailable',
            'subscription_failed',
            'lifetime_reached',
            'access_revoked',
          ],
        },
        detail: { type: 'string' },
        lastEventId: { type: 'string' },
      },
    },
    ...Object.fromEntries(
      versions.map(([type, version]) => [
        `${type}.v${version}`,
        { $ref: `${baseUrl}${schemaPath(type, version)}` },
      ]),
    ),
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Negotiation-outcomes ledger: event subscriptions',
      version: '1.0.0',
      description:
        'Server-sent events (text/event-stream). Each event frame: `id:` the global position (a decimal string), `event:` the event type, `data:` the envelope. Resume with Last-Event-ID or ?from=. Heartbeat comments keep idle connections open.',
    },
    defaultContentType: 'application/json',
    servers: { ledger: server(baseUrl) },
    channels: {
      all: channel('/subscriptions/all', 'Every event of the ledger, in global order.'),
      stream: channel('/subscriptions/streams/{stream}', 'The events of one stream.', {
        stream: parameters.stream,
      }),
      category: channel(
        '/subscriptions/categories/{category}',
        'The events of every stream of one category, in global order.',
        { category: parameters.category },
      ),
    },
    operations: {
      followAll: { action: 'receive', channel: { $ref: '#/channels/all' } },
      followStream: { action: 'receive', channel: { $ref: '#/channels/stream' } },
      followCategory: { action: 'receive', channel: { $ref: '#/channels/category' } },
    },
    components: { messages: allMessages, schemas, securitySchemes: { bearer: BEARER } },
  };
}
