import { startEsdbDouble } from './esdb-double';

/**
 * The wire double as its own process, for crash tests that kill it for real:
 *   node -r ./scripts/register-ts.cjs libs/event-store/src/esdb/testing/double-main.ts --port 0 --data /tmp/log.jsonl
 * Prints `LISTENING <port>` once it accepts connections; SIGTERM stops it, SIGKILL is the crash.
 */
async function main(args: readonly string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const double = await startEsdbDouble({
    port: Number(option('--port') ?? '0'),
    dataFile: option('--data'),
    batchAppend: !args.includes('--no-batch-append'),
  });
  process.stdout.write(`LISTENING ${double.port}\n`);
  process.once('SIGTERM', () => void double.stop().then(() => process.exit(0)));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`EventStoreDB double failed to start: ${String(error)}\n`);
  process.exit(1);
});
