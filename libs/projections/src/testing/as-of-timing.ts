/**
 * A rough timing of as-of queries on a long generated log (not a test, not the benchmark suite):
 *
 *   node -r ./scripts/register-ts.cjs libs/projections/src/testing/as-of-timing.ts [events] [dir]
 *
 * Generates `events` ledger events (default 1,000,000) through the real deciders — agreements of
 * about 250 events each: reports from four sources on eight phases and running totals, revisions,
 * corroborations, retractions, disputes — projects them into a read-model file in batches (the
 * runner's own applyBatch, without a store in between), then times queries as of random
 * positions and prints percentiles. Given a read-model file instead of a count, only times the
 * queries on it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  type AgreementCommand,
  agreementDecider,
  type AgreementState,
  DomainError,
  eventDataAsJson,
  type LedgerCommand,
  type LedgerEvent,
  type RegisteredSource,
  sourceDecider,
} from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { type AsOf } from '../queries/query-sql';
import { ReadModelQueries } from '../queries/read-model-queries';
import { ReadModelDb } from '../read-model/read-model-db';
import { tempDir } from './temp-dir';

const SOURCES = [
  { sourceId: 'ua-hq', name: 'Ukraine HQ', kind: 'party_authority', affiliation: 'ukraine' },
  { sourceId: 'ru-mod', name: 'Russia MoD', kind: 'party_authority', affiliation: 'russia' },
  {
    sourceId: 'ua-official',
    name: 'Ukraine minister',
    kind: 'party_official',
    affiliation: 'ukraine',
  },
  { sourceId: 'agency', name: 'A news agency', kind: 'news_agency' },
] as const;
const DIRECTIONS = [
  { from: 'russia', to: 'ukraine' },
  { from: 'ukraine', to: 'russia' },
] as const;

let seed = 42;
const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

class Generator {
  position = 0n;
  private clock = Date.UTC(2025, 5, 18);
  readonly events: RecordedEvent[] = [];
  readonly sources = new Map<string, RegisteredSource>();

  record(stream: string, revisionStart: number, decided: readonly LedgerEvent[]): void {
    this.clock += 1;
    decided.forEach((event, i) => {
      this.position += 1n;
      const data = eventDataAsJson(event);
      this.events.push({
        id: randomUUID(),
        type: event.type,
        data,
        metadata: { actor: 'timing', schemaVersion: 1 },
        stream,
        revision: BigInt(revisionStart + i),
        position: this.position,
        recordedAt: new Date(this.clock),
      });
    });
  }
}

/** One recorder's next command on an agreement: each source reports a key once, then revises it. */
function agreementCommand(
  agreementId: string,
  n: number,
  live: Map<string, string>,
): LedgerCommand {
  const now = { now: '2025-07-01T00:00:00Z' };
  const statedAt = '2025-06-20T00:00:00Z';
  const roll = random();
  const claims = [...live.values()];
  if (roll < 0.65 || claims.length === 0) {
    const source = pick(SOURCES).sourceId;
    const direction = pick(DIRECTIONS);
    const scope =
      random() < 0.85
        ? { kind: 'phase' as const, phase: `phase-${1 + Math.floor(random() * 8)}` }
        : { kind: 'cumulative' as const };
    const quantity =
      random() < 0.7
        ? { value: 100 + Math.floor(random() * 4), precision: 'exact' as const }
        : { value: 100, precision: 'about' as const };
    const key = JSON.stringify([source, direction, scope]);
    const previous = live.get(key);
    live.set(key, `${agreementId}-c${n}`);
    if (previous !== undefined)
      return {
        type: 'ReviseClaim',
        metadata: now,
        data: {
          agreementId,
          claimId: previous,
          newClaimId: `${agreementId}-c${n}`,
          quantity,
          reason: 'recount',
          statedAt,
        },
      };
    return {
      type: 'ReportTransfer',
      metadata: now,
      data: {
        agreementId,
        claimId: `${agreementId}-c${n}`,
        termId: 'repatriation',
        direction,
        measure: 'bodies',
        quantity,
        scope,
        statedAt,
        sourceId: source,
        occurredAt: { from: '2025-06-16' },
      },
    };
  }
  const claimId = pick(claims);
  if (roll < 0.97)
    return {
      type: 'CorroborateClaim',
      metadata: now,
      data: { agreementId, claimId, sourceId: pick(SOURCES).sourceId, statedAt },
    };
  for (const [key, id] of live) if (id === claimId) live.delete(key);
  return {
    type: 'RetractClaim',
    metadata: now,
    data: { agreementId, claimId, reason: 'withdrawn' },
  };
}

function generate(target: number): Generator {
  const g = new Generator();
  for (const s of SOURCES) {
    const events = sourceDecider.decide(
      { type: 'RegisterSource', metadata: { now: '2025-06-18T00:00:00Z' }, data: s },
      sourceDecider.initialState(),
      { sources: g.sources },
    );
    g.sources.set(s.sourceId, { status: 'registered', ...s });
    g.record(`source-${s.sourceId}`, 0, events);
  }
  for (let a = 0; g.events.length < target; a++) {
    const agreementId = `agreement-${a}`;
    const parties = [
      { id: 'ukraine', name: 'Ukraine' },
      { id: 'russia', name: 'Russia' },
    ];
    const sign: AgreementCommand = {
      type: 'SignAgreement',
      metadata: { now: '2025-06-18T00:00:00Z' },
      data: {
        agreementId,
        title: `Agreement ${a}`,
        venue: 'Istanbul',
        signedOn: '2025-06-02',
        parties,
        mediators: [],
        terms: [
          {
            termId: 'repatriation',
            kind: 'repatriation_of_remains',
            description: 'Bodies',
            reciprocity: 'mutual',
          },
        ],
      },
    };
    let state: AgreementState = agreementDecider.initialState();
    let revision = 0;
    const live = new Map<string, string>();
    for (
      let n = 0, command: LedgerCommand = sign;
      revision < 250 && g.events.length < target;
      n++, command = agreementCommand(agreementId, n, live)
    ) {
      try {
        const events = agreementDecider.decide(command as AgreementCommand, state, {
          sources: g.sources,
        });
        state = events.reduce(agreementDecider.evolve, state);
        g.record(`agreement-${agreementId}`, revision, events);
        revision += events.length;
      } catch (error: unknown) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  return g;
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): string =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);
  return `p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms  max ${at(1)} ms  (n=${sorted.length})`;
}

function time<T>(samples: number[], run: () => T): T {
  const started = performance.now();
  const result = run();
  samples.push(performance.now() - started);
  return result;
}

/** A random agreement signed by `at` and a random claim recorded by then (so every question has an answer). */
function subjectsAt(
  db: ReadModelDb,
  at: bigint,
): { agreementId: string; claimId: string } | undefined {
  const agreement = db.db
    .prepare(
      'SELECT agreement_id FROM agreements WHERE signed_position <= ? ORDER BY signed_position DESC LIMIT 1 OFFSET ?',
    )
    .get(at, Math.floor(random() * 50)) as { agreement_id: string } | undefined;
  if (agreement === undefined) return undefined;
  const claim = db.db
    .prepare(
      'SELECT claim_id FROM claims WHERE agreement_id = ? AND recorded_position <= ? LIMIT 1',
    )
    .get(agreement.agreement_id, at) as { claim_id: string } | undefined;
  return { agreementId: agreement.agreement_id, claimId: claim?.claim_id ?? '' };
}

function timeQueries(db: ReadModelDb, questions: number): void {
  const q = new ReadModelQueries(db.db);
  const head = db.checkpoint().position;
  const last = db.checkpoint().recordedAtMs ?? 0;
  const kinds = {
    totals: [] as number[],
    agreement: [] as number[],
    claimsOfAgreement: [] as number[],
    discrepanciesOfAgreement: [] as number[],
    auditTrail: [] as number[],
    openDiscrepanciesGlobal: [] as number[],
    asOfTime: [] as number[],
  };
  for (let i = 0; i < questions; i++) {
    const at: AsOf = {
      position: 1n + BigInt(Math.floor(random() * Number(head - 1n))),
      current: false,
    };
    const subjects = subjectsAt(db, at.position);
    if (subjects === undefined) continue;
    const { agreementId, claimId } = subjects;
    const page = { limit: 50 };
    db.db.transaction(() => {
      time(kinds.totals, () => q.totals(at, agreementId, {}));
      time(kinds.agreement, () => q.agreement(at, agreementId));
      time(kinds.claimsOfAgreement, () => q.claims(at, { agreementId }, page));
      time(kinds.discrepanciesOfAgreement, () => q.discrepancies(at, { agreementId }, page));
      time(kinds.auditTrail, () => q.auditTrail(at, claimId, page));
      time(kinds.openDiscrepanciesGlobal, () => q.discrepancies(at, { open: true }, page));
      time(kinds.asOfTime, () => db.positionRecordedBy(last - Math.floor(random() * Number(head))));
    })();
  }
  for (const [kind, samples] of Object.entries(kinds))
    console.log(`${kind.padEnd(26)} ${percentiles(samples)}`);
}

function main(): void {
  const [first, second] = process.argv.slice(2);
  if (first?.endsWith('.db')) {
    // Only the queries, on read models projected by an earlier run.
    const db = ReadModelDb.open(first, { readonly: true });
    console.log(`${db.checkpoint().events} events in ${first}`);
    timeQueries(db, 300);
    db.close();
    return;
  }
  const target = Number(first ?? 1_000_000);
  const dir = second ?? tempDir('as-of-timing-').dir;
  let t = performance.now();
  const g = generate(target);
  console.log(
    `generated ${g.events.length} events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const db = ReadModelDb.open(join(dir, 'read-models.db'));
  t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < g.events.length; i += 5000) db.applyBatch(g.events.slice(i, i + 5000));
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `projected in ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (${Math.round(g.events.length / cpuSeconds)} events per CPU-second) into ${db.file}`,
  );
  timeQueries(db, 300);
  db.close();
}

main();
