import { readFileSync } from 'node:fs';
import { SEED_FIXTURE } from '../../support/test-ledger';
import type { FixtureRequest } from './http-requests';
import { post, type Answer } from './ledger-server';

/** The seed fixture, as `npm run seed` enters it. */
export function seedFixture(): FixtureRequest[] {
  return JSON.parse(readFileSync(SEED_FIXTURE, 'utf8')) as FixtureRequest[];
}

/** The fixture's first entries: the six sources and the signed agreement. */
export function sourcesAndAgreement(): FixtureRequest[] {
  return seedFixture().filter((r) => r.path === '/sources' || r.path === '/agreements');
}

/** Posts each request in order, failing loudly on the first that is not 201. */
export async function enter(
  ledger: Parameters<typeof post>[0],
  requests: readonly FixtureRequest[],
): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const r of requests) {
    const answer = await post(ledger, r.path, r.body);
    if (answer.status !== 201)
      throw new Error(`${r.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    answers.push(answer);
  }
  return answers;
}

/** A statement time safely in the past, after the seed's statements. */
export const STATED = '2025-06-18T09:00:00Z';

/** A ReportTransfer body: a final-phase repatriation figure (Russia to Ukraine), stated at STATED. */
export const transferReport = (claimId: string, value: number, sourceId: string) => ({
  claimId,
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase: 'final' },
  quantity: { value, precision: 'exact' },
  sourceId,
  statedAt: STATED,
});
