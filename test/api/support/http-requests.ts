import type { LedgerCommand } from '@ledger/domain';

/** One entry of a fixture: what `npm run seed` posts. */
export interface FixtureRequest {
  readonly method: 'POST';
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly idempotencyKey?: string;
}

type CommandData<T extends LedgerCommand['type']> = Extract<LedgerCommand, { type: T }>['data'];
type Route<T extends LedgerCommand['type']> = (data: CommandData<T>) => {
  path: string;
  omit: string[];
};

const enc = encodeURIComponent;
const agreement = (d: { agreementId: string }): string => `/agreements/${enc(d.agreementId)}`;
const claim = (d: { agreementId: string; claimId: string }): string =>
  `${agreement(d)}/claims/${enc(d.claimId)}`;
const offer = (d: { offerId: string }): string => `/offers/${enc(d.offerId)}`;

/** Where each command is posted, and which of its fields travel in the path rather than the body. */
const ROUTES: { [T in LedgerCommand['type']]: Route<T> } = {
  RegisterSource: () => ({ path: '/sources', omit: [] }),
  SignAgreement: () => ({ path: '/agreements', omit: [] }),
  ReportTransfer: (d) => ({ path: `${agreement(d)}/transfers`, omit: ['agreementId'] }),
  ClaimTermCompletion: (d) => ({
    path: `${agreement(d)}/completion-claims`,
    omit: ['agreementId'],
  }),
  ClaimCharacterization: (d) => ({
    path: `${agreement(d)}/characterizations`,
    omit: ['agreementId'],
  }),
  ReviseClaim: (d) => ({ path: `${claim(d)}/revisions`, omit: ['agreementId', 'claimId'] }),
  RetractClaim: (d) => ({ path: `${claim(d)}/retraction`, omit: ['agreementId', 'claimId'] }),
  CorroborateClaim: (d) => ({
    path: `${claim(d)}/corroborations`,
    omit: ['agreementId', 'claimId'],
  }),
  RaiseDispute: (d) => ({ path: `${agreement(d)}/disputes`, omit: ['agreementId'] }),
  ChangeDisputeStatus: (d) => ({
    path: `${agreement(d)}/disputes/${enc(d.disputeId)}/status`,
    omit: ['agreementId', 'disputeId'],
  }),
  LinkScopes: (d) => ({ path: `${agreement(d)}/scope-links`, omit: ['agreementId'] }),
  MakeOffer: () => ({ path: '/offers', omit: [] }),
  ReviseOffer: (d) => ({ path: `${offer(d)}/revisions`, omit: ['offerId'] }),
  AnswerOffer: (d) => ({ path: `${offer(d)}/answers`, omit: ['offerId'] }),
  // inferredBy is the API key's name, never the body's.
  RecordInference: (d) => ({
    path: `${agreement(d)}/inferences`,
    omit: ['agreementId', 'inferredBy'],
  }),
};

/** The HTTP request that enters a domain command: the inverse of the API's DTO → command mapping. */
export function httpRequestFor(command: LedgerCommand): Omit<FixtureRequest, 'idempotencyKey'> {
  // The mapped type pairs each command type with its route; indexing by a union loses that pairing.
  const route = ROUTES[command.type] as Route<LedgerCommand['type']>;
  const { path, omit } = route(command.data);
  const body = Object.fromEntries(Object.entries(command.data).filter(([k]) => !omit.includes(k)));
  return { method: 'POST', path, body };
}

/** The id a command is about, for a readable idempotency key. */
function subjectOf(command: LedgerCommand): string {
  const data = new Map<string, unknown>(Object.entries(command.data));
  const id = ['claimId', 'offerId', 'sourceId', 'disputeId', 'agreementId']
    .map((k) => data.get(k))
    .find((v) => v !== undefined);
  return typeof id === 'string' ? id : 'unknown';
}

/** Stable, unique keys, so entering the fixture twice appends nothing the second time. */
export function fixtureFor(commands: readonly LedgerCommand[], scenario: string): FixtureRequest[] {
  return commands.map((command, i) => ({
    ...httpRequestFor(command),
    idempotencyKey: `seed:${scenario}:${String(i + 1).padStart(2, '0')}:${command.type}:${subjectOf(command)}`,
  }));
}
