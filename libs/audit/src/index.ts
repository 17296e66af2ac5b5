export * from './errors';
export { canonicalJson, MAX_CANONICAL_DEPTH } from './canonical-json';
export {
  AUDIT_ALGORITHM,
  AUDIT_METADATA_KEY,
  type AuditFields,
  canonicalEventText,
  eventHash,
  GENESIS_HASH,
  type HashableEvent,
  readAuditFields,
  withoutAudit,
} from './event-hash';
export { auditView, type HashChainOptions, isHashChained, withHashChain } from './hash-chain';
export {
  consistencyRanges,
  type ConsistencyClaim,
  emptyTreeRoot,
  type InclusionClaim,
  inclusionRanges,
  type LeafRange,
  leafHash,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
export {
  consistencyProofOf,
  inclusionPathOf,
  MerkleBuilder,
  merkleRoot,
  RangeRootCollector,
} from './merkle-builder';
export {
  type Checkpoint,
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM,
  type CheckpointJson,
  checkpointJson,
  type CheckpointStatement,
  checkpointSignatureIsValid,
  checkpointStatementBytes,
  parseCheckpointData,
  signCheckpoint,
} from './checkpoint';
export { Checkpointer, type CheckpointerOptions } from './checkpointer';
export {
  keyIdOf,
  loadOrCreateSigningKey,
  configuredSigningKey,
  publicKeyFromPem,
  SIGNING_KEY_ENV,
  SIGNING_KEY_FILE,
  type SigningKey,
  signingKeyFromPem,
} from './signing-key';
export {
  type CheckpointSeen,
  DEFAULT_CLOCK_SKEW_MS,
  recordingTimeBoundsNow,
  type RecordingTimeBounds,
  type VerificationCheck,
  type VerificationFailure,
  type VerificationFailureJson,
  verificationFailureJson,
} from './ledger-verifier';
export {
  type TrustedKeys,
  type VerificationProgress,
  type VerificationReport,
  verifyLedger,
  type VerifyOptions,
} from './verify-ledger';
export {
  IncrementalVerification,
  type IncrementalVerificationOptions,
  verifiedUpTo,
} from './incremental-verification';
export {
  type InclusionProof,
  inclusionProof,
  type InclusionProofOptions,
  latestCheckpoint,
} from './inclusion-proof';
export { type ProofVerification, verifyInclusionProof } from './verify-proof';
export { type ConsistencyProof, consistencyProof } from './consistency-proof';
export { type ConsistencyVerification, verifyConsistencyProof } from './verify-consistency-proof';
export { Witness, type WitnessSettings } from './witness';
