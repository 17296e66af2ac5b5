import { agreementDecider } from '../agreements/agreement-decider';
import { type AgreementEvent } from '../agreements/agreement-events';
import { type AgreementState } from '../agreements/agreement-state';
import { isOfferCommand, isSourceCommand, type LedgerCommand, type LedgerEvent } from '../ledger';
import { type Decider, foldEvents } from '../shared/messages';
import { agreementStreamFor } from '../shared/streams';
import { offerDecider, type OfferState } from '../offers/offer-decider';
import { type OfferEvent } from '../offers/offer-events';
import { type RegisteredSource, sourceDecider } from '../sources/source-decider';
import { type SourceEvent } from '../sources/source-events';

/**
 * The smallest ledger that runs commands through the real deciders: streams in a Map, contexts
 * built from them. For specs (the seed scenario), not a store: no revisions, no persistence.
 */
export class InMemoryLedger {
  private readonly streams = new Map<string, LedgerEvent[]>();
  /** Every event appended, in order, with its stream. */
  readonly log: { stream: string; event: LedgerEvent }[] = [];

  execute(command: LedgerCommand): LedgerEvent[] {
    if (isSourceCommand(command))
      return this.run(sourceDecider, command, { sources: this.sources() });
    if (isOfferCommand(command))
      return this.run(offerDecider, command, {
        sources: this.sources(),
        agreements: this.agreements(),
      });
    return this.run(agreementDecider, command, { sources: this.sources() });
  }

  executeAll(commands: readonly LedgerCommand[]): void {
    commands.forEach((c) => this.execute(c));
  }

  eventsOf(stream: string): readonly LedgerEvent[] {
    return this.streams.get(stream) ?? [];
  }

  agreement(agreementId: string): AgreementState {
    return foldEvents(
      agreementDecider,
      this.eventsOf(agreementStreamFor(agreementId)) as AgreementEvent[],
    );
  }

  offer(stream: string): OfferState {
    return foldEvents(offerDecider, this.eventsOf(stream) as OfferEvent[]);
  }

  sources(): Map<string, RegisteredSource> {
    const sources = new Map<string, RegisteredSource>();
    for (const [stream, events] of this.streams) {
      if (!stream.startsWith('source-')) continue;
      const state = foldEvents(sourceDecider, events as SourceEvent[]);
      if (state.status === 'registered') sources.set(state.sourceId, state);
    }
    return sources;
  }

  private agreements(): Map<string, AgreementState> {
    const agreements = new Map<string, AgreementState>();
    for (const stream of this.streams.keys()) {
      if (stream.startsWith('agreement-'))
        agreements.set(
          stream.slice('agreement-'.length),
          this.agreement(stream.slice('agreement-'.length)),
        );
    }
    return agreements;
  }

  private run<C, E extends LedgerEvent, S, X>(
    decider: Decider<C, E, S, X>,
    command: C,
    context: X,
  ): E[] {
    const stream = decider.streamFor(command);
    const history = (this.streams.get(stream) ?? []) as E[];
    const events = decider.decide(command, foldEvents(decider, history), context);
    this.streams.set(stream, [...history, ...events]);
    events.forEach((event) => this.log.push({ stream, event }));
    return events;
  }
}
