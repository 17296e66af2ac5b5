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

/** Where the schemas say they live; the ledger API serves them under the same paths. */
export const SCHEMA_BASE_URI = 'https://ledger.example';

export const schemaPath = (type: string, version: number | string): string =>
  `/schemas/${encodeURIComponent(type)}/${version}`;
export const ENVELOPE_SCHEMA_PATH = '/schemas/envelope';
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
