import { type DomainEvent } from '../shared/messages';

export const SOURCE_KINDS = [
  'party_authority',
  'party_official',
  'neutral_intermediary',
  'news_agency',
  'media',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface SourceRegisteredData {
  readonly sourceId: string;
  readonly name: string;
  readonly kind: SourceKind;
  /** The party the source speaks for or belongs to (a party id such as 'ukraine'). */
  readonly affiliation?: string;
  /** Where it speaks, e.g. 'Facebook', 'Telegram', 'press release'. */
  readonly channel?: string;
  /** The source it merely passes on: its word corroborates only as a relay. */
  readonly relayOf?: string;
}

export type SourceRegistered = DomainEvent<'SourceRegistered', SourceRegisteredData>;

export type SourceEvent = SourceRegistered;
