/**
 * The query layer by itself, without HTTP: CPU per answer of ReadModelQueries on a data dir's read
 * models (warm, sequential, 40 agreements in turn), current and as of the middle of the log.
 *   node -r ./scripts/register-ts.cjs bench/queries/queries-in-process.ts <dataDir>
 */
import { type AsOf, type ReadModelQueries, ReadModels } from '@ledger/projections';

type Ask = (q: ReadModelQueries, agreementId: string) => unknown;

function cpuPerAnswer(models: ReadModels, ids: readonly string[], ask: Ask): number {
  const run = (n: number): void => {
    for (let i = 0; i < n; i++) models.read((q) => ask(q, ids[i % ids.length] as string));
  };
  run(400);
  const answers = 2000;
  const before = process.cpuUsage();
  run(answers);
  const { user, system } = process.cpuUsage(before);
  return (user + system) / answers;
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (dataDir === undefined) throw new Error('usage: queries-in-process.ts <dataDir>');
  const models = ReadModels.openReader(dataDir);
  try {
    const head = models.checkpoint()?.position ?? 0n;
    const ids = models.read((q) =>
      q
        .agreements({ position: head, current: true }, { limit: 40 })
        .items.map((a) => a.agreementId),
    );
    // Each agreement's first claim, for its audit trail (recorded early: there as of the middle too).
    const claimOf = new Map(
      ids.map((id) => [
        id,
        models.read(
          (q) =>
            q.claims({ position: head, current: true }, { agreementId: id }, { limit: 1 }).items[0]
              ?.claimId ?? '',
        ),
      ]),
    );
    const points: [string, AsOf][] = [
      ['current', { position: head, current: true }],
      ['as of', { position: head / 2n, current: false }],
    ];
    for (const [when, at] of points) {
      const asks: [string, Ask][] = [
        ['totals', (q, id) => q.totals(at, id, {})],
        ['discrepancies', (q, id) => q.discrepancies(at, { agreementId: id }, { limit: 50 })],
        ['claims', (q, id) => q.claims(at, { agreementId: id }, { limit: 50 })],
        ['audit trail', (q, id) => q.auditTrail(at, claimOf.get(id) ?? '', { limit: 50 }, id)],
      ];
      for (const [name, ask] of asks)
        console.log(
          `${name} (${when}): ${Math.round(cpuPerAnswer(models, ids, ask))} µs CPU per answer`,
        );
    }
  } finally {
    await models.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
