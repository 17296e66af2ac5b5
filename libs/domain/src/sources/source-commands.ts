import { type DomainCommand } from '../shared/messages';
import { type SourceKind } from './source-events';

export type RegisterSource = DomainCommand<
  'RegisterSource',
  {
    readonly sourceId: string;
    readonly name: string;
    readonly kind: SourceKind;
    readonly affiliation?: string;
    readonly channel?: string;
    readonly relayOf?: string;
  }
>;

export type SourceCommand = RegisterSource;
