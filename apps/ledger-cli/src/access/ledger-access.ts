import type { ConsistencyProof, InclusionProof, VerificationFailureJson } from '@ledger/audit';
import type {
  AgreementView,
  AuditEntryView,
  ClaimView,
  DiscrepancyView,
  ExchangeTotals,
  InferenceView,
  OfferView,
  SourceView,
  TotalsGroup,
} from '@ledger/projections';
import type { AsOfArg } from '../as-of';
import type { Progress } from '../progress';
import type { ScenarioRequest } from '../scenario';

/** What the ledger held at one point: everything replay and export show. */
export interface LedgerSnapshot {
  readonly asOfPosition: string;
  readonly agreements: readonly AgreementView[];
  readonly totals: readonly {
    readonly agreementId: string;
    readonly groups: readonly TotalsGroup[];
    readonly exchanges: readonly ExchangeTotals[];
    /** The desk's own inferences on the agreement, shown apart from the sources' figures. */
    readonly inferences: readonly InferenceView[];
  }[];
  readonly discrepancies: readonly DiscrepancyView[];
  readonly sources: readonly SourceView[];
  readonly claims: readonly ClaimView[];
  readonly offers: readonly OfferView[];
  /** Per claim (by trailKey), every event that touched it (only when asked for: export's actors). */
  readonly trails?: ReadonlyMap<string, readonly AuditEntryView[]>;
}

/** A claim's key in `trails`: by agreement too, so a log holding one claim id twice keeps both trails. */
export const trailKey = (claim: Pick<ClaimView, 'agreementId' | 'claimId'>): string =>
  `${claim.agreementId}/${claim.claimId}`;

export interface ClaimTrail {
  readonly asOfPosition: string;
  readonly claim: ClaimView;
  readonly entries: readonly AuditEntryView[];
}

/** A verification report as JSON (positions as decimal strings), whoever computed it. */
export interface VerifyOutcome {
  readonly ok: boolean;
  readonly headPosition: string;
  readonly eventsChecked: number;
  readonly checkpointsChecked: number;
  readonly latestCheckpoint: {
    readonly treeSize: number;
    readonly lastPosition: string;
    readonly signedAt: string;
    readonly keyId: string;
    readonly position: string;
  } | null;
  readonly eventsAfterLatestCheckpoint: number;
  readonly firstFailure: VerificationFailureJson | null;
  /** Who recomputed the hashes: this program (embedded), or the server (over HTTP: trust it accordingly). */
  readonly verifiedBy: 'this program' | 'the server';
  /** The public keys trusted, as key ids, and where they came from. */
  readonly trustedKeys: string;
}

export interface SignedCheckpoint {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastPosition: string;
  readonly signedAt: string;
  readonly keyId: string;
}

export interface ImportLine {
  readonly index: number;
  readonly path: string;
  readonly status: number;
  readonly replayed: boolean;
  readonly eventTypes: readonly string[];
  readonly position: string | undefined;
  /** The problem+json body of a refused command. */
  readonly refusal?: string;
}

export interface ImportOptions {
  /** X-Correlation-Id of every command: the events trace back to this import. */
  readonly correlationId: string;
  /** Embedded only: the actor of the events (over HTTP the API key's name is). */
  readonly actor?: string;
  /** Sees each command's answer, in order. */
  readonly onLine: (line: ImportLine) => void;
  readonly progress: Progress;
}

/**
 * The ledger as the CLI reaches it: a SQLite data directory opened directly (read-only for the
 * read commands), or a running API. Every command is written once against this.
 */
export interface LedgerAccess {
  /** E.g. "the SQLite log data/ledger.db", "the API at http://127.0.0.1:3000". */
  readonly description: string;
  snapshot(
    asOf: AsOfArg | undefined,
    options: { readonly withTrails: boolean; readonly progress: Progress },
  ): Promise<LedgerSnapshot>;
  /** `agreementId` names the agreement when a log (not written through the API) holds the id twice. */
  auditTrail(
    claimId: string,
    asOf: AsOfArg | undefined,
    progress: Progress,
    agreementId?: string,
  ): Promise<ClaimTrail>;
  verify(trustedKeyPems: readonly string[], progress: Progress): Promise<VerifyOutcome>;
  proof(position: bigint): Promise<InclusionProof>;
  /** RFC 6962 proof that the latest checkpoint's tree extends the tree of `oldSize` events; a CliError exiting 1 when the log is shorter. */
  consistency(oldSize: number): Promise<ConsistencyProof>;
  publicKey(): Promise<string>;
  checkpoint(): Promise<SignedCheckpoint>;
  /** Enters the requests in order, stopping at the first refusal. */
  importScenario(requests: readonly ScenarioRequest[], options: ImportOptions): Promise<void>;
  close(): Promise<void>;
}
