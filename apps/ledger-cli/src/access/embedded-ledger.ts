import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  auditView,
  Checkpointer,
  type ConsistencyProof,
  consistencyProof,
  type InclusionProof,
  inclusionProof,
  keyIdOf,
  loadOrCreateSigningKey,
  configuredSigningKey,
  ProofUnavailableError,
  publicKeyFromPem,
  recordingTimeBoundsNow,
  verifyLedger,
  withHashChain,
} from '@ledger/audit';
import {
  createSqliteEventStore,
  type EventStore,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { AmbiguousIdError } from '@ledger/projections';
import type { LedgerConfig } from '@ledger/config';
import type { AsOfArg } from '../as-of';
import { CliError, type CliIo, EXIT } from '../io';
import type { Progress } from '../progress';
import type { ScenarioRequest } from '../scenario';
import { ownPublicKey } from './embedded-keys';
import { importInProcess } from './in-process-import';
import type {
  ClaimTrail,
  ImportOptions,
  LedgerAccess,
  LedgerSnapshot,
  SignedCheckpoint,
  VerifyOutcome,
} from './ledger-access';
import { trailKey } from './ledger-access';
import { verifyOutcomeOf } from './verify-outcome';
import { allPages, replayLog, type ReplayedLog } from './replayed-log';

export const LOG_FILE = 'ledger.db';

/**
 * A data directory opened directly: the SQLite event log, read through the hash chain. Reads
 * replay the log in memory (the operator's read-model file is not trusted, nor needed); only
 * `checkpoint` and `import` write, and import goes through the API's own command path.
 */
export class EmbeddedLedger implements LedgerAccess {
  readonly description: string;
  private closed = false;

  private constructor(
    private readonly dataDir: string,
    private readonly store: EventStore,
    private readonly io: CliIo,
    private readonly config: LedgerConfig,
  ) {
    const file = join(dataDir, LOG_FILE);
    const shown = relative(io.cwd, file);
    this.description = `the SQLite log ${shown.startsWith('..') ? file : shown}`;
  }

  /** Opens an existing ledger; `create` (import) allows a data directory without one yet. */
  static open(
    dataDir: string,
    io: CliIo,
    config: LedgerConfig,
    options: { readonly create?: boolean } = {},
  ): EmbeddedLedger {
    const file = join(dataDir, LOG_FILE);
    if (!options.create && !existsSync(file)) {
      throw new CliError(
        `No ledger in ${dataDir} (no ${LOG_FILE}). Give --data-dir <dir>, or --api <url> to reach a running ledger.`,
      );
    }
    return new EmbeddedLedger(dataDir, withHashChain(createSqliteEventStore({ file })), io, config);
  }

  async snapshot(
    asOf: AsOfArg | undefined,
    options: { withTrails: boolean; progress: Progress },
  ): Promise<LedgerSnapshot> {
    return this.withReplay(asOf, options.progress, ({ queries: q, at }) => {
      const agreements = allPages((page) => q.agreements(at, page));
      const claims = allPages((page) => q.claims(at, {}, page));
      const trails = options.withTrails
        ? new Map(
            claims.map((claim) => [
              trailKey(claim),
              allPages(
                (page) =>
                  q.auditTrail(at, claim.claimId, page, claim.agreementId) ?? {
                    items: [],
                    nextAfter: null,
                  },
              ),
            ]),
          )
        : undefined;
      return {
        asOfPosition: at.position.toString(),
        agreements,
        totals: agreements.map((a) => ({
          agreementId: a.agreementId,
          groups: q.totals(at, a.agreementId, {}) ?? [],
          exchanges: q.exchanges(at, a.agreementId, {}) ?? [],
          inferences: q.inferences(at, a.agreementId, {}),
        })),
        discrepancies: allPages((page) => q.discrepancies(at, {}, page)),
        sources: allPages((page) => q.sources(at, {}, page)),
        claims,
        offers: allPages((page) => q.offers(at, {}, page)),
        ...(trails ? { trails } : {}),
      };
    });
  }

  async auditTrail(
    claimId: string,
    asOf: AsOfArg | undefined,
    progress: Progress,
    agreementId?: string,
  ): Promise<ClaimTrail> {
    return this.withReplay(asOf, progress, ({ queries: q, at }) => {
      const claim = inOneAgreement(() => q.claim(at, claimId, agreementId));
      if (claim === undefined)
        throw new CliError(`Claim ${claimId} had not been recorded as of position ${at.position}`);
      const entries = allPages(
        (page) =>
          q.auditTrail(at, claimId, page, claim.agreementId) ?? { items: [], nextAfter: null },
      );
      return { asOfPosition: at.position.toString(), claim, entries };
    });
  }

  async verify(trustedKeyPems: readonly string[], progress: Progress): Promise<VerifyOutcome> {
    let pems = [...trustedKeyPems];
    let trust = `the key${pems.length === 1 ? '' : 's'} given (${pems.map((pem) => keyIdOf(publicKeyFromPem(pem))).join(', ')})`;
    if (pems.length === 0) {
      const own = ownPublicKey(this.dataDir, this.keyEnv());
      pems = own ? [own.pem] : [];
      trust = own
        ? `the ledger's own key ${keyIdOf(publicKeyFromPem(own.pem))} from ${own.label} (pass --public-key to trust a key you obtained yourself)`
        : 'no key: none was given and none is beside the data, so no checkpoint can be trusted';
    }
    const report = await verifyLedger(auditView(this.store), pems, {
      onProgress: (p) => progress.update(p.eventsChecked, Number(p.headPosition)),
      recordingTimes: recordingTimeBoundsNow(),
    });
    progress.finish();
    return verifyOutcomeOf(report, 'this program', trust);
  }

  async proof(position: bigint): Promise<InclusionProof> {
    try {
      return await inclusionProof(this.store, position);
    } catch (error) {
      if (error instanceof ProofUnavailableError) throw new CliError(error.message);
      throw error;
    }
  }

  async consistency(oldSize: number): Promise<ConsistencyProof> {
    try {
      return await consistencyProof(this.store, oldSize);
    } catch (error) {
      if (error instanceof ProofUnavailableError) throw new CliError(error.message, EXIT.failed);
      throw error;
    }
  }

  async publicKey(): Promise<string> {
    const own = ownPublicKey(this.dataDir, this.keyEnv());
    if (own === undefined)
      throw new CliError(
        `The ledger in ${this.dataDir} has no signing key yet (it is made on the first start or the first checkpoint)`,
      );
    return own.pem;
  }

  async checkpoint(): Promise<SignedCheckpoint> {
    const signingKey = loadOrCreateSigningKey(this.dataDir, this.keyEnv());
    const checkpointer = new Checkpointer({
      store: this.store,
      signingKey,
      clock: () => new Date(),
    });
    let checkpoint;
    try {
      checkpoint = await checkpointer.checkpointNow();
    } catch (error) {
      // The API's checkpointer signed one meanwhile: the next round starts from it.
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      checkpoint = await checkpointer.checkpointNow();
    }
    if (checkpoint === undefined)
      throw new CliError('The ledger holds no event yet: there is nothing to sign');
    const { treeSize, rootHash, lastPosition, signedAt, keyId } = checkpoint;
    return { treeSize, rootHash, lastPosition: lastPosition.toString(), signedAt, keyId };
  }

  /** LEDGER_SIGNING_KEY as configured, in the form the key loaders take. */
  private keyEnv(): Readonly<Record<string, string>> {
    return configuredSigningKey(this.config.audit.signingKey);
  }

  async importScenario(
    requests: readonly ScenarioRequest[],
    options: ImportOptions,
  ): Promise<void> {
    // The API's command path opens the file itself in this process.
    await this.close();
    await importInProcess(this.dataDir, requests, this.config, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.store.close();
  }

  private async withReplay<T>(
    asOf: AsOfArg | undefined,
    progress: Progress,
    answer: (replayed: ReplayedLog) => T,
  ): Promise<T> {
    const replayed = await replayLog(this.store, asOf, progress);
    try {
      return answer(replayed);
    } finally {
      replayed.close();
    }
  }
}

/** A lookup by id; an id a log holds in two agreements is a refusal (exit 1) asking for --agreement. */
function inOneAgreement<T>(lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof AmbiguousIdError)
      throw new CliError(`${error.message} (--agreement <id>)`, EXIT.failed);
    throw error;
  }
}
