/**
 * @ledger/schemas: the published JSON Schemas of the ledger's events (one per type and schema
 * version, generated from libs/domain's types by `npm run schemas`) and the AsyncAPI document of
 * the SSE channels built from them.
 */
import generated from './generated/event-schemas.json';
import type { JsonSchema, SchemaCatalogue } from './schema-catalogue';

export * from './schema-catalogue';
export { asyncApiDocument } from './asyncapi';

export const SCHEMA_CATALOGUE: SchemaCatalogue = generated;

/** The schema of one event type's data at one schema version, or undefined. */
export function eventSchema(type: string, version: number | string): JsonSchema | undefined {
  return Object.hasOwn(SCHEMA_CATALOGUE.events, type)
    ? SCHEMA_CATALOGUE.events[type]?.[String(version)]
    : undefined;
}

export interface SchemaIndexEntry {
  readonly type: string;
  readonly version: number;
  readonly $id: string;
}

/** Every published event schema, by type then version. */
export function schemaIndex(): SchemaIndexEntry[] {
  return Object.entries(SCHEMA_CATALOGUE.events).flatMap(([type, versions]) =>
    Object.entries(versions).map(([version, schema]) => ({
      type,
      version: Number(version),
      $id: String(schema.$id),
    })),
  );
}
