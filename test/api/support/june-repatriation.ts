import { type Scenario } from '../../scenarios/support/scenario-ledger';

/**
 * The negotiation the scope-link and statement-time suites enter: Russia ('ru') and Ukraine
 * ('ua') agree on 2 June 2025 to repatriate the dead (term 'bodies'); each side's party
 * authority ('ru-mod', 'ua-hq') is registered, and any further sources given.
 */
export async function signJuneRepatriation(
  s: Scenario,
  agreementId: string,
  more: readonly { sourceId: string; kind: string }[] = [],
): Promise<void> {
  const sources = [
    { sourceId: 'ua-hq', kind: 'party_authority', affiliation: 'ua' },
    { sourceId: 'ru-mod', kind: 'party_authority', affiliation: 'ru' },
    ...more,
  ];
  for (const source of sources) await s.accept('/sources', { name: source.sourceId, ...source });
  await s.accept('/agreements', {
    agreementId,
    title: 'Repatriation of the dead, June',
    venue: 'Istanbul',
    signedOn: '2025-06-02',
    parties: [
      { id: 'ru', name: 'Russia' },
      { id: 'ua', name: 'Ukraine' },
    ],
    mediators: [],
    terms: [
      {
        termId: 'bodies',
        kind: 'repatriation_of_remains',
        description: 'Bodies of the fallen',
        reciprocity: 'unspecified',
      },
    ],
  });
}
