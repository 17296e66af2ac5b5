import { aggregateOf, COMMAND_AGGREGATES, routeCommand } from './command-routes';
import { causationIds, type LedgerEvent } from './ledger';
import { SEED_SCENARIO } from './seed/seed-scenario';
import { InMemoryLedger } from './testing/in-memory-ledger';

describe('the command map', () => {
  it('routes every seed command to the aggregate whose stream it is decided on', () => {
    for (const command of SEED_SCENARIO) {
      const stream = routeCommand(command, (route, routed) => route.decider.streamFor(routed));
      expect(stream.startsWith(`${aggregateOf(command)}-`)).toBe(true);
    }
    // Every aggregate is exercised by the seed, so a misrouted aggregate cannot hide.
    expect(new Set(SEED_SCENARIO.map(aggregateOf))).toEqual(
      new Set(['source', 'agreement', 'offer']),
    );
  });

  it('names the agreement an offer is made under, and no agreement for other commands', () => {
    for (const command of SEED_SCENARIO) {
      const needs = routeCommand(command, (route, routed) =>
        route.needs(routed, route.decider.initialState()),
      );
      const underAgreement = command.type === 'MakeOffer' ? command.data.agreementId : undefined;
      expect(needs.agreementIds).toEqual(underAgreement === undefined ? [] : [underAgreement]);
    }
  });

  it('has one entry per command type', () => {
    expect(Object.keys(COMMAND_AGGREGATES)).toHaveLength(15);
  });
});

describe('causationIds', () => {
  it('gives the command for what it produced and the claim event for what the rules derived', () => {
    const ledger = new InMemoryLedger();
    const batches = SEED_SCENARIO.map((command) => ledger.execute(command));
    const disputed = batches.find((b) => b.map((e) => e.type).includes('FigureDisputed'));
    expect(disputed?.map((e) => e.type)).toEqual(['TransferReported', 'FigureDisputed']);
    expect(causationIds(disputed!, 'cmd', ['e0', 'e1'])).toEqual(['cmd', 'e0']);
  });

  it('chains each derived event to the last claim event before it, not to the first', () => {
    // Only the fields isDerivedEvent reads: the rule is about types and who decided.
    const event = (type: string, data: object = {}): LedgerEvent =>
      ({ type, schemaVersion: 1, data }) as unknown as LedgerEvent;
    const batch = [
      event('TotalsReconciled'),
      event('ClaimRevised'),
      event('FigureDisputed', { detectedBy: 'rule' }),
      event('ClaimRetracted'),
      event('DisputeStatusChanged', { by: 'rule' }),
      event('DisputeStatusChanged', { by: 'person' }),
    ];
    expect(causationIds(batch, 'cmd', ['e0', 'e1', 'e2', 'e3', 'e4', 'e5'])).toEqual([
      'cmd',
      'cmd',
      'e1',
      'cmd',
      'e3',
      'cmd',
    ]);
  });
});
