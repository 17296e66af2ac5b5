import { measureAppends } from './appends/appends-bench';
import { measureGrowth } from './growth/growth-bench';
import { measureEsdb } from './esdb/esdb-bench';
import { type AppendSystemName } from './appends/append-systems';
import { measureHttp } from './http/http-bench';
import { ensureBaselines, emmettInstalled } from './lib/baselines';
import { renderResults, writeDocument } from './lib/document';
import { currentLoad, describeMachine } from './lib/machine';
import { type BenchOptions, type Part, parseOptions } from './lib/options';
import { type Section } from './lib/report';
import { measureLogWork } from './rebuild/rebuild-bench';
import { measureQueries } from './queries/queries-bench';
import { measureSse } from './subscriptions/sse-bench';

/**
 * npm run bench: every figure beside its baseline, measured in this run on this machine, written
 * into docs/BENCHMARKS.md (between markers; the hand-written analysis around them stays).
 */
const log = (line: string): void => console.log(line);

/** A part that failed still gets its section, saying so, and the other parts still run. */
async function part(
  title: string,
  goal: string,
  measure: () => Promise<Section[]>,
): Promise<Section[]> {
  log(`${title}…`);
  try {
    return await measure();
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    log(`  ${title} failed: ${message}`);
    return [
      {
        title,
        method: `This part failed in this run: ${message}`,
        header: [],
        rows: [],
        goals: [{ goal, target: '', measured: 'failed', met: undefined }],
      },
    ];
  }
}

async function measureAll(options: BenchOptions): Promise<Section[]> {
  const sections: Section[] = [];
  const profile = options.profileDir ? { profileDir: options.profileDir } : {};
  const wanted = (p: Part): boolean => options.parts.includes(p);
  if (wanted('appends')) {
    const systems: AppendSystemName[] = emmettInstalled()
      ? ['ledger', 'raw', 'emmett']
      : ['ledger', 'raw'];
    sections.push(
      ...(await part('Durable appends', 'appends/s', async () => [
        await measureAppends({ runs: options.runs, ...options.appends, systems, log, ...profile }),
      ])),
    );
  }
  if (wanted('http'))
    sections.push(
      ...(await part('HTTP commands', 'HTTP commands/s', () =>
        measureHttp({ ...options.http, log, ...profile }),
      )),
    );
  if (wanted('log'))
    sections.push(
      ...(await part(
        `Rebuild and as-of on ${options.log.events.toLocaleString('en-US')} events`,
        'rebuild and as-of',
        () => measureLogWork({ ...options.log, log, ...profile }),
      )),
    );
  if (wanted('sse'))
    sections.push(
      ...(await part('SSE delivery lag', 'SSE lag p99', async () => [
        await measureSse({ runs: options.sseRuns, quick: options.quick, log }),
      ])),
    );
  if (wanted('esdb'))
    sections.push(
      ...(await part('EventStoreDB adapter', 'EventStoreDB appends and commands', () =>
        measureEsdb({ runs: options.runs, appends: options.appends, http: options.http, log }),
      )),
    );
  if (wanted('queries'))
    sections.push(
      ...(await part('Queries', 'query req/s', () =>
        measureQueries({ ...options.queries, connections: options.http.connections, log }),
      )),
    );
  if (wanted('growth'))
    sections.push(
      ...(await part(
        'Growth: one agreement’s stream',
        'command cost as a stream grows',
        async () => [await measureGrowth({ quick: options.quick, log, ...profile })],
      )),
    );
  return sections;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const started = performance.now();
  // Quick runs skip emmett-sqlite unless it is already installed: compiling sqlite3 takes minutes.
  ensureBaselines({ withEmmett: !options.quick, log });
  const machine = describeMachine();
  const sections = await measureAll(options);
  const minutes = (performance.now() - started) / 60_000;
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  writeDocument(
    options.out,
    renderResults(
      { machine, date: new Date(), command, minutes, loadAtEnd: currentLoad() },
      sections,
    ),
  );
  log(`Wrote ${options.out} (${minutes.toFixed(1)} min).`);
  const missed = sections.flatMap((s) => s.goals).filter((g) => g.met === false);
  if (missed.length > 0)
    log(`Goals missed: ${missed.map((g) => `${g.goal} (${g.measured})`).join('; ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
