import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_STREAM } from '@ledger/audit';
import type { EventStore } from '@ledger/event-store';
import type { Base } from './hostile-requests';
import type { RawReply, RawRequest } from './raw-http';

interface FixtureRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/seed-scenario.json'), 'utf8'),
) as FixtureRequest[];
const first = (path: string): Record<string, unknown> => {
  const found = fixture.find((r) => r.path === path);
  if (!found) throw new Error(`the seed fixture has no ${path}`);
  return found.body;
};

const A = '/agreements/istanbul-2025';
const STATED = '2025-06-18T09:00:00Z';

/**
 * One valid command per command route, each accepted (in this order) by a ledger holding the seed
 * scenario; `disputeId` is the dispute the seed opened.
 */
export function commandBases(disputeId: string): Base[] {
  return [
    {
      path: '/sources',
      body: { sourceId: 'fuzz-wire', name: 'Fuzz Wire', kind: 'news_agency', channel: 'wire' },
      required: ['name', 'kind'],
      ids: [],
    },
    {
      path: '/agreements',
      body: { ...first('/agreements'), agreementId: 'fuzz-agreement' },
      required: ['title', 'venue', 'signedOn', 'parties', 'terms'],
      ids: [],
    },
    {
      path: `${A}/transfers`,
      body: {
        ...first(`${A}/transfers`),
        claimId: 'claim-fuzz-transfer',
        sourceId: 'ewn',
        statedAt: STATED,
      },
      required: ['termId', 'direction', 'measure', 'quantity', 'scope', 'sourceId', 'statedAt'],
      ids: ['istanbul-2025'],
    },
    {
      path: `${A}/completion-claims`,
      body: {
        ...first(`${A}/completion-claims`),
        claimId: 'claim-fuzz-completion',
        sourceId: 'ewn',
        statedAt: STATED,
      },
      required: ['termId', 'sourceId', 'statedAt'],
      ids: ['istanbul-2025'],
    },
    {
      path: `${A}/characterizations`,
      body: {
        ...first(`${A}/characterizations`),
        claimId: 'claim-fuzz-framing',
        sourceId: 'ewn',
        statedAt: STATED,
      },
      required: ['property', 'value', 'sourceId', 'statedAt'],
      ids: ['istanbul-2025'],
    },
    {
      path: `${A}/claims/claim-ru-mod-received-51/revisions`,
      body: {
        newClaimId: 'claim-fuzz-revision',
        quantity: { value: 52, precision: 'exact' },
        reason: 'Recounted',
        statedAt: STATED,
      },
      required: ['quantity', 'reason', 'statedAt'],
      ids: ['istanbul-2025', 'claim-ru-mod-received-51'],
    },
    {
      path: `${A}/claims/claim-umerov-over-6000/retraction`,
      body: { reason: 'Withdrawn by the ministry', statedAt: STATED },
      required: ['reason'],
      ids: ['istanbul-2025', 'claim-umerov-over-6000'],
    },
    {
      path: `${A}/claims/claim-ru-mod-final-1248/corroborations`,
      body: { sourceId: 'turkey-mfa', statedAt: STATED },
      required: ['sourceId', 'statedAt'],
      ids: ['istanbul-2025', 'claim-ru-mod-final-1248'],
    },
    {
      path: `${A}/disputes`,
      body: {
        disputeId: 'dispute-fuzz',
        claimIds: ['claim-ru-mod-received-total-78'],
        reason: 'No other source confirms the total',
      },
      required: ['claimIds', 'reason'],
      ids: ['istanbul-2025'],
    },
    {
      path: `${A}/disputes/${disputeId}/status`,
      body: { status: 'acknowledged', reason: 'Seen by the desk' },
      required: ['status', 'reason'],
      ids: ['istanbul-2025', disputeId],
    },
    {
      path: '/offers',
      body: { ...first('/offers'), offerId: 'offer-fuzz' },
      required: ['by', 'to', 'measure', 'quantity', 'beyondAgreement', 'sourceId', 'statedAt'],
      ids: [],
    },
    {
      path: `${A}/inferences`,
      body: {
        inferenceId: 'inference-fuzz',
        termId: 'repatriation',
        direction: { from: 'russia', to: 'ukraine' },
        measure: 'bodies',
        scope: { kind: 'phase', phase: 'final' },
        quantity: { value: 1246, precision: 'about', lower: 1245, upper: 1248 },
        reason: 'between the two figures',
        derivedFrom: ['claim-ua-hq-final-1245'],
      },
      required: ['termId', 'direction', 'measure', 'quantity', 'scope', 'reason', 'derivedFrom'],
      ids: ['istanbul-2025'],
    },
    {
      path: '/offers/offer-ru-2239-beyond-istanbul/revisions',
      body: {
        sourceId: 'ru-mod',
        quantity: { value: 2300, precision: 'exact' },
        reason: 'More were found',
        statedAt: STATED,
      },
      required: ['sourceId', 'quantity', 'reason', 'statedAt'],
      ids: ['offer-ru-2239-beyond-istanbul'],
    },
    {
      path: '/offers/offer-ru-2239-beyond-istanbul/answers',
      body: { sourceId: 'ua-coordination-hq', answer: 'declined', statedAt: STATED },
      required: ['sourceId', 'answer', 'statedAt'],
      ids: ['offer-ru-2239-beyond-istanbul'],
    },
  ];
}

/** The seed scenario's requests, as `npm run seed` sends them. */
export const SEED_REQUESTS: readonly FixtureRequest[] = fixture;

/** Sends the seed scenario's requests as `recorderToken`; throws unless each is accepted. */
export async function sendSeed(
  client: { send(request: RawRequest): Promise<RawReply> },
  recorderToken: string,
): Promise<void> {
  for (const { path, body } of SEED_REQUESTS) {
    const reply = await client.send({
      method: 'POST',
      path,
      body: Buffer.from(JSON.stringify(body)),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${recorderToken}` },
      label: 'seed',
    });
    if (reply.status !== 201)
      throw new Error(`seeding ${path} answered ${reply.status}: ${reply.body}`);
  }
}

/** What requests appended: every event but the signed checkpoints the ledger appends on its own. */
export async function requestEvents(store: EventStore): Promise<number> {
  return (await store.readAll()).filter((e) => e.stream !== CHECKPOINT_STREAM).length;
}
