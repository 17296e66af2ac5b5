import { Controller, Get, Header, NotFoundException, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth';
import { publicBaseUrl } from '../http/public-base-url';
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

/** The published contract of the subscriptions: JSON Schemas per event type and version, and AsyncAPI. Public: they hold no ledger data. */
@Controller()
export class SchemasController {
  @Get('schemas')
  @Public()
  index(@Req() request: FastifyRequest): {
    envelope: string;
    asyncapi: string;
    events: { type: string; version: number; href: string; $id: string }[];
  } {
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
  envelope(@Req() request: FastifyRequest): JsonSchema {
    return publishedSchema(SCHEMA_CATALOGUE.envelope, publicBaseUrl(request));
  }

  @Get('schemas/:type/:version')
  @Public()
  @Header('content-type', SCHEMA_CONTENT_TYPE)
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
  asyncApi(@Req() request: FastifyRequest): JsonSchema {
    return asyncApiDocument(SCHEMA_CATALOGUE, publicBaseUrl(request));
  }
}
