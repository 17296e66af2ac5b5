import { measureAppends } from './appends/appends-bench';
import { type AppendSystemName } from './appends/append-systems';
import { measureHttp } from './http/http-bench';
import { ensureBaselines, emmettInstalled } from './lib/baselines';
import { renderResults, writeDocument } from './lib/document';
import { currentLoad, describeMachine } from './lib/machine';
import { type BenchOptions, parseOptions } from './lib/options';
import { type Section } from './lib/report';
import { measureLogWork } from './rebuild/rebuild-bench';
import { measureSse } from './subscriptions/sse-bench';

/**
 * npm run bench: every figure beside its baseline, measured in this run on this machine, written
 * into docs/BENCHMARKS.md (between markers; the hand-written analysis around them stays).
 */
const log = (line: string): void => console.log(line);

async function measureAll(options: BenchOptions): Promise<Section[]> {
  const sections: Section[] = [];
  const profileDir = options.profileDir;
  if (options.parts.includes('appends')) {
    log('Durable appends…');
    const systems: AppendSystemName[] = emmettInstalled() ? ['ledger', 'raw', 'emmett'] : ['ledger', 'raw'];
    sections.push(await measureAppends({ runs: options.runs, ...options.appends, systems, log, ...(profileDir ? { profileDir } : {}) }));
  }
  if (options.parts.includes('http')) {
    log('HTTP commands…');
    sections.push(await measureHttp({ ...options.http, log, ...(profileDir ? { profileDir } : {}) }));
  }
  if (options.parts.includes('log')) {
    log(`Rebuild and as-of on ${options.log.events.toLocaleString('en-US')} events…`);
    sections.push(...(await measureLogWork({ ...options.log, log, ...(profileDir ? { profileDir } : {}) })));
  }
  if (options.parts.includes('sse')) {
    log('SSE delivery lag…');
    sections.push(await measureSse({ runs: options.sseRuns, quick: options.quick, log }));
  }
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
  writeDocument(options.out, renderResults({ machine, date: new Date(), command, minutes, loadAtEnd: currentLoad() }, sections));
  log(`Wrote ${options.out} (${minutes.toFixed(1)} min).`);
  const missed = sections.flatMap((s) => s.goals).filter((g) => g.met === false);
  if (missed.length > 0) log(`Goals missed: ${missed.map((g) => `${g.goal} (${g.measured})`).join('; ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
