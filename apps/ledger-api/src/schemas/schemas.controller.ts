import { Controller, Get, Header, NotFoundException, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth';
import { publicBaseUrl } from '../http/public-base-url';
import { answerSchema } from './openapi-document';
import { RouteDocs } from './route-docs';
import {
  asyncApiDocument,
  ENVELOPE_SCHEMA_PATH,
  eventSchema,
  type JsonSchema,
  publishedSchema,
  SCHEMA_CATALOGUE,
  schemaIndex,
  schemaPath,
} from '@ledger/schemas';

const SCHEMA_CONTENT_TYPE = 'application/schema+json';
const SCHEMA_DOC = {
  description: 'A JSON Schema (draft-07) whose $id is the URL it is served at.',
  type: SCHEMA_CONTENT_TYPE,
  schema: { type: 'object', description: 'A JSON Schema, draft-07.' },
};

/** GET /schemas: where each published schema is. */
export interface SchemaIndex {
  /** The path of the envelope's schema. */
  readonly envelope: string;
  /** The path of the AsyncAPI document. */
  readonly asyncapi: string;
  readonly events: { type: string; version: number; href: string; $id: string }[];
}

/** The published contract of the subscriptions: JSON Schemas per event type and version, and AsyncAPI. Public: they hold no ledger data. */
@Controller()
export class SchemasController {
  @Get('schemas')
  @Public()
  @RouteDocs('The published JSON Schemas: the envelope and every event type and version', {
    description: 'Where each schema is served (href) and its $id.',
    schema: answerSchema('SchemaIndex'),
  })
  index(@Req() request: FastifyRequest): SchemaIndex {
    return {
      envelope: ENVELOPE_SCHEMA_PATH,
      asyncapi: '/asyncapi.json',
      events: schemaIndex().map((entry) => ({
        ...entry,
        $id: `${publicBaseUrl(request)}${entry.$id}`,
        href: schemaPath(entry.type, entry.version),
      })),
    };
  }

  @Get('schemas/envelope')
  @Public()
  @Header('content-type', SCHEMA_CONTENT_TYPE)
  @RouteDocs('The JSON Schema of the envelope around every event', SCHEMA_DOC)
  envelope(@Req() request: FastifyRequest): JsonSchema {
    return publishedSchema(SCHEMA_CATALOGUE.envelope, publicBaseUrl(request));
  }

  @Get('schemas/:type/:version')
  @Public()
  @Header('content-type', SCHEMA_CONTENT_TYPE)
  @RouteDocs('The JSON Schema of one event type at one schema version', SCHEMA_DOC, {
    404: 'No such event type or version (see GET /schemas).',
  })
  schema(
    @Param('type') type: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
  ): JsonSchema {
    const schema = /^\d{1,6}$/.test(version) ? eventSchema(type, Number(version)) : undefined;
    if (!schema)
      throw new NotFoundException(
        `No schema for event type ${JSON.stringify(type)} version ${JSON.stringify(version)}; see GET /schemas`,
      );
    return publishedSchema(schema, publicBaseUrl(request));
  }

  @Get('asyncapi.json')
  @Public()
  @RouteDocs('The AsyncAPI 3.0 document of the subscriptions (SSE)', {
    description: 'Its schemas refer to /schemas/… on this ledger (or LEDGER_PUBLIC_BASE_URL).',
    schema: { type: 'object', description: 'An AsyncAPI 3.0 document.' },
  })
  asyncApi(@Req() request: FastifyRequest): JsonSchema {
    return asyncApiDocument(SCHEMA_CATALOGUE, publicBaseUrl(request));
  }
}
