import { agreementDecider } from '../agreements/agreement-decider';
import { type AgreementEvent } from '../agreements/agreement-events';
import { type AgreementState } from '../agreements/agreement-state';
import { type AggregateRoute, contextFrom, routeCommand } from '../command-routes';
import { type LedgerCommand, type LedgerEvent } from '../ledger';
import { foldEvents } from '../shared/messages';
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

  /** Routed by the domain's command map, with the context it names, as the API does. */
  execute(command: LedgerCommand): LedgerEvent[] {
    return routeCommand(command, (route, routed) => this.run(route, routed));
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

  private run<C, E extends LedgerEvent, S>(
    { decider, needs }: AggregateRoute<C, E, S>,
    command: C,
  ): E[] {
    const stream = decider.streamFor(command);
    const history = (this.streams.get(stream) ?? []) as E[];
    const state = foldEvents(decider, history);
    const context = contextFrom(needs(command, state), {
      source: (id) => this.sources().get(id),
      agreement: (id) => this.agreement(id),
    });
    const events = decider.decide(command, state, context);
    this.streams.set(stream, [...history, ...events]);
    events.forEach((event) => this.log.push({ stream, event }));
    return events;
  }
}
