import {
  idReservationStreamFor,
  type LedgerEvent,
  type LedgerEventType,
  type ReservedIdKind,
} from '@ledger/domain';
import { type EventStore, readStreamOrEmpty, WrongExpectedVersionError } from '@ledger/event-store';
import { CommandError } from './command-errors';
import type { Envelope } from './event-envelope';

/**
 * Ids are unique across the ledger. A source or an offer id is its own stream's name, created with
 * no_stream, so it is unique by construction; a claim or dispute id lives inside its agreement's
 * stream, and no store (EventStoreDB least of all) makes a value unique across streams. So before
 * a command's events are appended, each claim or dispute id they introduce is reserved in a stream
 * of its own (`id-claim-<id>`), created with expected revision no_stream, whose one event names
 * the agreement holding the id. An id another agreement holds is refused (409) before anything is
 * written. A reservation for the same agreement is accepted again: a command that crashed between
 * its reservation and its append (or lost the race for its agreement's revision) is retried.
 */
export const ID_RESERVED = 'IdReserved';

export interface IdReservation {
  readonly kind: ReservedIdKind;
  readonly id: string;
  readonly agreementId: string;
}

type Introduces = {
  readonly [T in LedgerEventType]: (
    event: Extract<LedgerEvent, { type: T }>,
  ) => readonly IdReservation[];
};
const none = (): readonly IdReservation[] => [];
const claim = (id: string, agreementId: string): IdReservation[] => [
  { kind: 'claim', id, agreementId },
];

/** The ids each event type introduces; a new event type that is not listed here does not compile. */
const INTRODUCES: Introduces = {
  SourceRegistered: none,
  AgreementSigned: none,
  TransferReported: (e) => claim(e.data.claimId, e.data.agreementId),
  AgreementTermCompletionClaimed: (e) => claim(e.data.claimId, e.data.agreementId),
  CharacterizationClaimed: (e) => claim(e.data.claimId, e.data.agreementId),
  ClaimRevised: (e) => claim(e.data.supersededBy, e.data.agreementId),
  ClaimRetracted: none,
  ClaimCorroborated: none,
  FigureDisputed: (e) => [
    { kind: 'dispute', id: e.data.disputeId, agreementId: e.data.agreementId },
  ],
  DisputeClaimsChanged: none,
  DisputeStatusChanged: none,
  TotalsDiscrepancyDetected: none,
  TotalsReconciled: none,
  TotalsNoLongerComparable: none,
  ScopesLinked: none,
  OfferMade: none,
  OfferRevised: none,
  OfferAnswered: none,
  // An inference shares the claims' id space: no claim anywhere can take its id.
  FigureInferred: (e) => claim(e.data.inferenceId, e.data.agreementId),
};

/** The claim and dispute ids a decision's events introduce. */
export function reservationsOf(events: readonly LedgerEvent[]): IdReservation[] {
  return events.flatMap((event) =>
    (INTRODUCES[event.type] as (e: LedgerEvent) => readonly IdReservation[])(event),
  );
}

/** The id is held by another agreement: 409, with the agreement that holds it. */
export class IdTakenError extends CommandError {
  readonly status = 409;
  readonly code: string;
  override readonly extensions: Record<string, unknown>;
  constructor(reservation: IdReservation, heldBy: string) {
    super(
      `${reservation.kind} id ${JSON.stringify(reservation.id)} is taken by agreement ${JSON.stringify(heldBy)}; ids are unique across the ledger`,
    );
    this.name = 'IdTakenError';
    this.code = `${reservation.kind}_id_taken`;
    this.extensions = { [`${reservation.kind}Id`]: reservation.id, heldByAgreementId: heldBy };
  }
}

/** The agreement a reservation stream names, undefined when the id is free. */
async function holderOf(store: EventStore, stream: string): Promise<string | undefined> {
  const [first] = await readStreamOrEmpty(store, stream, { maxCount: 1 });
  const holder = first?.data['agreementId'];
  return typeof holder === 'string' ? holder : undefined;
}

/** The refusal for the first of `reservations` (up to `clash`, which is taken) held elsewhere. */
async function firstTaken(
  store: EventStore,
  reservations: readonly IdReservation[],
  clash: number,
): Promise<IdTakenError> {
  for (const reservation of reservations.slice(0, clash + 1)) {
    const holder = await holderOf(store, idReservationStreamFor(reservation.kind, reservation.id));
    if (holder !== undefined && holder !== reservation.agreementId)
      return new IdTakenError(reservation, holder);
  }
  throw new Error(`reservation ${clash} was found taken, then free`);
}

/**
 * Reserves the ids, or throws IdTakenError with nothing written: every reservation after the first
 * is read before any is created, so a clash found by reading writes none; the first is created
 * straight away (no_stream), as nothing precedes it that a refusal could leave behind. One refused
 * by no_stream (held already, or lost to a concurrent writer) is read and judged the same way.
 * Most commands introduce one id, so they reserve it without a read.
 */
export async function reserveIds(
  store: EventStore,
  reservations: readonly IdReservation[],
  envelope: Envelope,
  newId: (purpose: string) => string,
): Promise<void> {
  const missing: { reservation: IdReservation; stream: string }[] = [];
  for (const [index, reservation] of reservations.entries()) {
    const stream = idReservationStreamFor(reservation.kind, reservation.id);
    const holder = index === 0 ? undefined : await holderOf(store, stream);
    if (holder === undefined) missing.push({ reservation, stream });
    else if (holder !== reservation.agreementId) throw await firstTaken(store, reservations, index);
  }
  for (const { reservation, stream } of missing) {
    try {
      await store.appendToStream(
        stream,
        [
          {
            id: newId(`reservation:${stream}`),
            type: ID_RESERVED,
            data: { ...reservation },
            metadata: {
              actor: envelope.actor,
              correlationId: envelope.correlationId,
              commandName: envelope.commandName,
              commandId: envelope.commandId,
              causationId: envelope.commandId,
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const holder = await holderOf(store, stream);
      if (holder !== reservation.agreementId)
        throw new IdTakenError(reservation, holder ?? 'unknown');
    }
  }
}
