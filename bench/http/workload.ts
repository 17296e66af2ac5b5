import { cpSync } from 'node:fs';
import { type LedgerCommand, SEED_SCENARIO } from '@ledger/domain';

/**
 * The HTTP workload: ReportTransfer, the ledger's central command (a nested DTO: direction,
 * quantity, scope, occurrence), posted to one of many signed agreements, round robin, so that
 * 50 connections rarely race for one stream and no stream grows long during a run. The claim id
 * is left to the server (a UUID), so every request is a new claim; all claims agree on the value,
 * so no dispute is derived: one event per command, as in the baseline.
 */
export const AGREEMENTS = 500;
export const agreementIdOf = (index: number): string => `bench-agreement-${index % AGREEMENTS}`;
export const transferPath = (index: number): string =>
  `/agreements/${agreementIdOf(index)}/transfers`;

export const totalsPath = (index: number): string => `/agreements/${agreementIdOf(index)}/totals`;

export const TRANSFER_BODY = {
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  quantity: { value: 1245, precision: 'exact' },
  scope: { kind: 'phase', phase: 'final' },
  occurredAt: { from: '2025-06-16', to: '2025-06-17' },
  statedAt: '2025-06-17T09:30:00Z',
  sourceId: 'ua-coordination-hq',
  quote:
    'Another 1,245 bodies returned to Ukraine from Russia — the repatriation component of the Istanbul agreements has been completed',
  link: 'https://example.org/kyiv-says-1245-bodies-returned',
} as const;

/** A signed agreement per index: the seed's agreement under another id, as a recorder would post it. */
function signingRequest(index: number, template: LedgerCommand): { path: string; body: object } {
  if (template.type !== 'SignAgreement') throw new Error('the seed scenario signs no agreement');
  return { path: '/agreements', body: { ...template.data, agreementId: agreementIdOf(index) } };
}

async function post(
  url: string,
  headers: Record<string, string>,
  request: { path: string; body: object },
): Promise<void> {
  const response = await fetch(`${url}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(request.body),
  });
  if (response.status !== 201)
    throw new Error(
      `setting up the HTTP benchmark: POST ${request.path} answered ${response.status} ${await response.text()}`,
    );
}

/**
 * Prepares the data directory every ledger run starts from, through the ledger's own API (so the
 * log holds whatever the command path writes: audit hashes, checkpoints…): the seed's sources,
 * then AGREEMENTS signed agreements, 25 requests at a time.
 */
export async function writeLedgerTemplate(
  url: string,
  headers: Record<string, string>,
): Promise<void> {
  const template = SEED_SCENARIO.find((c) => c.type === 'SignAgreement');
  if (template === undefined) throw new Error('the seed scenario signs no agreement');
  for (const source of SEED_SCENARIO.filter((c) => c.type === 'RegisterSource'))
    await post(url, headers, { path: '/sources', body: source.data });
  for (let first = 0; first < AGREEMENTS; first += 25) {
    const batch = Array.from({ length: Math.min(25, AGREEMENTS - first) }, (_, i) =>
      signingRequest(first + i, template),
    );
    await Promise.all(batch.map((request) => post(url, headers, request)));
  }
}

/** A fresh data directory for one run: a copy of the template's. */
export function freshDataDir(template: string, runDir: string): string {
  cpSync(template, runDir, { recursive: true });
  return runDir;
}
