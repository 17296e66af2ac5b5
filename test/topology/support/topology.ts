import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { keysEnv, type TestKeys } from '../../../apps/ledger-api/src/auth/testing/test-keys';
import {
  type DoubleProcess,
  spawnEsdbDouble,
} from '../../../libs/event-store/src/esdb/testing/double-process';
import { type LedgerProcess, NODE_TS_ARGS, startTestLedger } from '../../support/test-ledger';
import { waitUntil } from '../../esdb/support/wait';

const ROOT = join(__dirname, '..', '..', '..');
/** Processes start slowly on a loaded 2-core CI machine (each compiles the sources once). */
export const START_MS = 120_000;

/**
 * The layout docker-compose.cluster.yml deploys, which this suite starts: API nodes (by name,
 * each with a data dir of its own and these settings) and one projector, the background signer.
 * test/compose/compose.spec.ts checks the compose file against it.
 */
export const DEPLOYED = {
  apiNodes: ['api-a', 'api-b'],
  apiNodeEnv: { LEDGER_PROJECTIONS: 'inline', LEDGER_CHECKPOINTER: 'external' },
  projectors: 1,
} as const;

/** A process of ours other than the API (the projector), with what it printed. */
export interface NodeProcess {
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM (a clean stop), and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * The deployment docker-compose.cluster.yml describes, as processes on 127.0.0.1: the
 * EventStoreDB wire double (the store), API nodes each projecting into read models of their own
 * (LEDGER_PROJECTIONS=inline, own data dir), and one apps/projector process, the only one that
 * signs checkpoints in the background (the API nodes run LEDGER_CHECKPOINTER=external). Every
 * node holds the one signing key: the API nodes only verify with it (and sign on demand).
 */
export class Topology {
  readonly nodes: LedgerProcess[] = [];
  readonly projectors: NodeProcess[] = [];
  readonly publicKeyPem: string;
  private readonly privateKeyPem: string;

  private constructor(
    readonly dir: string,
    readonly keys: TestKeys,
    public store: DoubleProcess,
  ) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    this.publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  static async start(dir: string, keys: TestKeys): Promise<Topology> {
    const store = await spawnEsdbDouble({ dataFile: join(dir, 'esdb.jsonl') });
    return new Topology(dir, keys, store);
  }

  get connectionString(): string {
    return this.store.connectionString;
  }

  /** Settings every process of the ledger shares. */
  private env(): Record<string, string> {
    return {
      LEDGER_STORE: 'esdb',
      EVENTSTORE_CONNECTION_STRING: this.connectionString,
      LEDGER_API_KEYS: keysEnv(this.keys),
      LEDGER_RATE_LIMIT: '1000000000',
      LEDGER_CHECKPOINTER: 'external',
      LEDGER_CHECKPOINT_EVERY: '25',
      LEDGER_CHECKPOINT_INTERVAL_MS: '1000',
      LEDGER_SIGNING_KEY: this.privateKeyPem,
      LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
      LEDGER_QUERY_WAIT_MS: '5000',
    };
  }

  /** API node `name` (its data dir is kept across restarts: the read models resume). */
  async startNode(name: string): Promise<LedgerProcess> {
    const dataDir = join(this.dir, name);
    mkdirSync(dataDir, { recursive: true });
    const node = await startTestLedger({
      process: true,
      dataDir,
      tsCacheDir: join(this.dir, 'ts-cache'),
      startTimeoutMs: START_MS,
      env: { ...this.env(), ...DEPLOYED.apiNodeEnv },
    });
    this.nodes.push(node);
    return node;
  }

  /** `projector <args>` as a process on the data dir `name`. */
  private spawnProjector(name: string, args: readonly string[]): ChildProcess {
    const dataDir = join(this.dir, name);
    mkdirSync(dataDir, { recursive: true });
    return spawn(
      process.execPath,
      [...NODE_TS_ARGS, join(ROOT, 'apps/projector/src/main.ts'), ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          LEDGER_TEST_TS_CACHE: join(this.dir, 'ts-cache'),
          ...this.env(),
          LEDGER_DATA_DIR: dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  }

  /** `projector rebuild --verify` on the data dir `name`, to its end: exit code and output. */
  async rebuild(name: string): Promise<{ code: number | null; output: string }> {
    const child = this.spawnProjector(name, ['rebuild', '--verify']);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), START_MS);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    return { code, output };
  }

  /** `projector run` as a process, once it has caught up with the log. */
  async startProjector(name: string): Promise<NodeProcess> {
    const child = this.spawnProjector(name, ['run']);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const projector: NodeProcess = {
      child,
      output: () => output,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
    this.projectors.push(projector);
    await waitUntil(
      () => output.includes('Caught up at position') || child.exitCode !== null,
      START_MS,
      () => `for the projector to catch up: ${output}`,
    );
    if (child.exitCode !== null) throw new Error(`the projector exited: ${output}`);
    return projector;
  }

  /** SIGKILL of the store, then a new one on the same port and log (what survives a crash). */
  async restartStore(whileDown: () => Promise<void>): Promise<void> {
    const port = this.store.port;
    await this.store.kill();
    await whileDown();
    this.store = await spawnEsdbDouble({ dataFile: join(this.dir, 'esdb.jsonl'), port });
  }

  async stop(): Promise<void> {
    await Promise.all([
      ...this.nodes.map((n) => n.stop()),
      ...this.projectors.map((p) => p.stop()),
    ]);
    await this.store.kill();
  }
}
