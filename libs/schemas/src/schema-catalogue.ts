/** A JSON Schema (draft-07) document as the catalogue stores it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * The published schemas: one per event type and schema version (the data of the event), and the
 * envelope around every event. Older versions stay when a type's version is bumped.
 */
export interface SchemaCatalogue {
  readonly $comment: string;
  readonly envelope: JsonSchema;
  /** events[type][version] */
  readonly events: { readonly [type: string]: { readonly [version: string]: JsonSchema } };
}

/**
 * A schema's $id in the catalogue is its path (a relative URI reference): the ledger serves it
 * there, and where that is depends on the deployment. `publishedSchema` makes it absolute for
 * the base URL a client reaches (LEDGER_PUBLIC_BASE_URL, else the request's own origin).
 */
export function publishedSchema(schema: JsonSchema, baseUrl: string): JsonSchema {
  return typeof schema.$id === 'string' ? { ...schema, $id: `${baseUrl}${schema.$id}` } : schema;
}

export const schemaPath = (type: string, version: number | string): string =>
  `/schemas/${encodeURIComponent(type)}/${version}`;
export const ENVELOPE_SCHEMA_PATH = '/schemas/envelope';
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
