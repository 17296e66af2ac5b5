import { SOURCE_KINDS, type SourceKind } from '@ledger/domain';
import { IsOneOf, IsSlug, IsText, MAX_NAME, Optional } from '../shared/request-fields';

export class RegisterSourceRequest {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() sourceId?: string;
  @IsText(MAX_NAME) name!: string;
  @IsOneOf(SOURCE_KINDS) kind!: SourceKind;
  /** The party the source speaks for; required for party authorities and officials. */
  @Optional() @IsSlug() affiliation?: string;
  @Optional() @IsText(MAX_NAME) channel?: string;
  /** The source this one merely passes on (a website republishing a news agency). */
  @Optional() @IsSlug() relayOf?: string;
}
