import { SseParser } from '../../apps/dashboard/web/src/api/sse-parser';
import type {
  ClaimView,
  DiscrepancyView,
  TotalsGroup,
} from '../../apps/dashboard/web/src/api/wire';
import {
  describePrecision,
  formatQuantity,
  formatRange,
} from '../../apps/dashboard/web/src/format/quantity';
import { formatInstant, formatSpan } from '../../apps/dashboard/web/src/format/time';
import { claimHref, parseRoute } from '../../apps/dashboard/web/src/route';
import { groupFindings } from '../../apps/dashboard/web/src/views/findings';
import {
  buildTimelines,
  disputeRange,
  justAfter,
  statementInstants,
} from '../../apps/dashboard/web/src/views/timeline-series';

/** The dashboard's pure parts, without a browser: the SSE parser, figures and times in words, routes, the timeline's series. */

describe('SseParser', () => {
  const stream =
    'retry: 1000\n\nid: 9\nevent: TransferReported\ndata: {"position":"9"}\n\n: heartbeat\n\nevent: caughtUp\ndata: {"position":"21"}\n\n';

  it('reads frames however the text is cut into chunks', () => {
    const whole = new SseParser().push(stream);
    for (let cut = 1; cut < stream.length; cut += 7) {
      const parser = new SseParser();
      expect([...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))]).toEqual(
        whole,
      );
    }
    expect(whole).toEqual([
      { event: 'message', data: '', retry: 1000 },
      { id: '9', event: 'TransferReported', data: '{"position":"9"}' },
      { event: 'caughtUp', data: '{"position":"21"}' },
    ]);
  });

  it('takes CRLF and CR line ends, joins data lines, and waits for the blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: a\r\ndata: one\r\ndata: two\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'a', data: 'one\ntwo' }]);
    // A CR at the very end may be the first half of a CRLF: the frame waits for the next byte.
    expect(parser.push('data:x\r\r')).toEqual([]);
    expect(parser.push('data: y\n\n')).toEqual([
      { event: 'message', data: 'x' },
      { event: 'message', data: 'y' },
    ]);
  });
});

describe('figures and times in words', () => {
  it('keeps each figure’s precision', () => {
    expect(formatQuantity({ value: 1245, precision: 'exact' })).toBe('1,245');
    expect(formatQuantity({ value: 6000, precision: 'at_least' })).toBe('over 6,000');
    expect(formatQuantity({ value: 3000, precision: 'about', lower: 2900, upper: 3100 })).toBe(
      'about 3,000 (2,900–3,100)',
    );
    expect(formatQuantity({ value: 6000, precision: 'up_to' })).toBe('up to 6,000');
    expect(describePrecision({ value: 6000, precision: 'at_least' })).toBe(
      'at least 6,000 (a lower bound)',
    );
  });

  it('writes ranges, open-ended ones included', () => {
    expect(formatRange({ lower: 1245, upper: 1248 })).toBe('1,245–1,248');
    expect(formatRange({ lower: 78, upper: 78 })).toBe('78');
    expect(formatRange({ lower: 1245, upper: null })).toBe('1,245 or more');
    expect(formatRange(null)).toBe('—');
  });

  it('names times in UTC and spans of days', () => {
    expect(formatInstant('2025-06-17T09:30:00Z')).toBe('17 Jun 2025, 09:30:00 UTC');
    expect(formatSpan({ from: '2025-06-16', to: '2025-06-17' })).toBe('16 Jun 2025 – 17 Jun 2025');
    expect(formatSpan(null)).toBe('not stated');
  });
});

describe('routes', () => {
  it('reads the fragment, and a claim link reads back to its claim', () => {
    expect(parseRoute('')).toEqual({ view: 'agreements' });
    expect(parseRoute('#/timeline')).toEqual({ view: 'timeline' });
    expect(parseRoute(claimHref('claim/with odd#chars'))).toEqual({
      view: 'claim',
      claimId: 'claim/with odd#chars',
    });
    expect(parseRoute('#/claims/%E0%A4%A')).toEqual({ view: 'unknown', hash: '#/claims/%E0%A4%A' });
  });
});

const transfer = (
  claimId: string,
  sourceId: string,
  value: number,
  statedAt: string,
): ClaimView => ({
  claimId,
  agreementId: 'istanbul-2025',
  kind: 'transfer',
  sourceId,
  termId: 'repatriation',
  direction: { from: 'russia', to: 'ukraine' },
  measure: 'bodies',
  scope: { kind: 'phase', phase: 'final' },
  quantityKey: 'k',
  quantity: { value, precision: 'exact' },
  property: null,
  value: null,
  statedAt,
  occurredAt: null,
  quote: null,
  link: null,
  status: 'live',
  supersedes: null,
  supersededBy: null,
  ended: null,
  corroborations: [],
  recorded: { position: '1', recordedAt: statedAt },
});

function group(figures: [string, number, 'exact' | 'at_least', boolean][]): TotalsGroup {
  return {
    termId: 'repatriation',
    direction: { from: 'russia', to: 'ukraine' },
    measure: 'bodies',
    phases: [],
    range: { phaseSum: null, statedTotal: null },
    fulfilment: { agreed: null, directions: [], claimants: [] },
    claimants: figures.map(([sourceId, value, precision, total]) => ({
      sourceId,
      phases: [],
      statedTotals: [],
      reconciliation: null,
      phaseSum: total ? null : { lower: value, upper: value },
      statedTotal: total
        ? {
            claimId: `${sourceId}-total`,
            sourceId,
            statedAt: '',
            period: null,
            quantity: { value, precision },
          }
        : null,
    })),
  };
}

describe('the timeline’s series', () => {
  const ua = transfer('claim-ua', 'ua-hq', 1245, '2025-06-17T09:30:00Z');
  const ru = transfer('claim-ru', 'ru-mod', 1248, '2025-06-17T10:15:00Z');

  it('asks for the totals just after each distinct statement time, thinning long histories', () => {
    expect(statementInstants([ua, ru, { ...ru, claimId: 'x' }], 40)).toEqual([
      '2025-06-17T09:30:00.000Z',
      '2025-06-17T10:15:00.000Z',
    ]);
    expect(justAfter('2025-06-17T09:30:00Z')).toBe('2025-06-17T09:30:00.001Z');
    const many = Array.from({ length: 100 }, (_, i) =>
      transfer(`c${i}`, 's', i, new Date(Date.UTC(2025, 5, 1, 0, i)).toISOString()),
    );
    const kept = statementInstants(many, 10);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.at(-1)).toBe(many.at(-1)?.statedAt);
  });

  it('follows each claimant’s figure over statement time and marks the dispute where the figures part', () => {
    const dispute = {
      discrepancyId: 'd1',
      kind: 'figure',
      open: true,
      delta: 3,
      claimIds: ['claim-ua', 'claim-ru'],
    } as unknown as DiscrepancyView;
    const [timeline, ...others] = buildTimelines(
      [
        { at: ua.statedAt, groups: [group([['ua-hq', 1245, 'exact', false]])] },
        {
          at: ru.statedAt,
          groups: [
            group([
              ['ua-hq', 1245, 'exact', false],
              ['ru-mod', 1248, 'exact', false],
              ['umerov', 6000, 'at_least', true],
            ]),
          ],
        },
      ],
      [dispute],
      [ua, ru],
    );
    expect(others).toEqual([]);
    expect(timeline?.series.map((s) => [s.sourceId, s.points.map((p) => p.label)])).toEqual([
      ['ua-hq', ['1,245', '1,245']],
      ['ru-mod', ['1,248']],
      ['umerov', ['over 6,000']],
    ]);
    expect(timeline?.series[2]?.points[0]?.precision).toBe('at_least');
    expect(timeline?.disputes).toEqual([
      {
        discrepancyId: 'd1',
        x: Date.parse(ru.statedAt),
        y: 1248,
        low: 1245,
        open: true,
        kind: 'figure',
        delta: 3,
      },
    ]);
    // Zoomed to the dispute, 1,245 and 1,248 are drawn apart (on the whole scale, up to 6,000, they are not).
    expect(disputeRange(timeline?.disputes ?? [])).toEqual({ min: 1242, max: 1251 });
    expect(disputeRange([])).toBeUndefined();
  });

  it('draws a claimant’s sum of phases beside its own total, and lists the gaps per claimant', () => {
    const reverse = group([['ru-mod', 78, 'exact', true]]);
    const ruMod = {
      ...reverse.claimants[0]!,
      phaseSum: { lower: 51, upper: 51 },
      reconciliation: { outcome: 'discrepancy', kind: 'phases_short_of_total', gap: 27 },
    };
    const final = group([
      ['ua-hq', 1245, 'exact', false],
      ['ru-mod', 1248, 'exact', false],
    ]);
    const [timeline] = buildTimelines([{ at: ru.statedAt, groups: [final] }], [], [ua, ru]);
    const [gapped] = buildTimelines(
      [{ at: ru.statedAt, groups: [{ ...reverse, claimants: [ruMod] }] }],
      [],
      [ru],
    );
    expect(
      gapped?.series.map((s) => [s.sourceId, s.kind, s.claimant, s.points.map((p) => p.y)]),
    ).toEqual([
      ['ru-mod', 'claimed', 0, [78]],
      ['ru-mod', 'phases', 0, [51]],
    ]);
    expect(gapped?.rows).toEqual([
      {
        sourceId: 'ru-mod',
        claimant: 0,
        claimed: '78',
        aboveLowest: null,
        phaseSum: '51',
        statedTotal: '78',
        reconciliation: ruMod.reconciliation,
      },
    ]);
    // 1,248 stands 3 above 1,245: the gap itself, not two lines a pixel apart.
    expect(timeline?.rows.map((r) => [r.sourceId, r.claimant, r.aboveLowest])).toEqual([
      ['ua-hq', 0, 0],
      ['ru-mod', 1, 3],
    ]);
  });
});

describe('one gap, one finding', () => {
  const total = (claimId: string, sourceId: string, value: number): ClaimView => ({
    ...transfer(claimId, sourceId, value, '2025-06-18T12:00:00Z'),
    scope: { kind: 'cumulative', period: null },
  });
  const claims = new Map(
    [
      transfer('ua-phase', 'ua-hq', 100, '2025-06-17T10:00:00Z'),
      transfer('ru-phase', 'ru-mod', 105, '2025-06-17T11:00:00Z'),
      total('ua-total', 'ua-hq', 300),
      total('ru-total', 'ru-mod', 305),
      transfer('other', 'ua-hq', 7, '2025-06-17T10:00:00Z'),
    ].map((c) => [c.claimId, c]),
  );
  const dispute = (
    discrepancyId: string,
    claimIds: string[],
    linkedDisputeIds: string[],
    open = true,
  ): DiscrepancyView =>
    ({
      discrepancyId,
      agreementId: 'istanbul-2025',
      kind: 'figure',
      open,
      delta: 5,
      claimIds,
      linkedDisputeIds,
    }) as unknown as DiscrepancyView;

  it('groups linked disputes, the phase first, and leaves the others alone', () => {
    const findings = groupFindings(
      [
        dispute('totals', ['ua-total', 'ru-total'], ['phase'], false),
        dispute('alone', ['other'], []),
        dispute('phase', ['ua-phase', 'ru-phase'], ['totals']),
      ],
      claims,
    );
    expect(
      findings.map((f) => ({ ids: f.discrepancies.map((d) => d.discrepancyId), open: f.open })),
    ).toEqual([
      { ids: ['phase', 'totals'], open: true },
      { ids: ['alone'], open: true },
    ]);
  });

  it('keeps a link to a dispute not in the answer (another page, another time) as a finding alone', () => {
    const findings = groupFindings([dispute('totals', ['ru-total'], ['phase'])], claims);
    expect(findings.map((f) => f.discrepancies.length)).toEqual([1]);
  });
});
