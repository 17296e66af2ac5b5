import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuditTrailError,
  type CheckpointJson,
  checkpointJson,
  type ConsistencyProof,
  consistencyProof,
  type InclusionProof,
  inclusionProof,
  LedgerIntegrityError,
  ProofUnavailableError,
  type SigningKey,
} from '@ledger/audit';
import type { EventStore } from '@ledger/event-store';
import type { FastifyReply } from 'fastify';
import { Public, Roles } from '../auth';
import { EVENT_STORE } from '../store/store.tokens';
import { type VerificationAnswer, verificationAnswer } from './audit-answers';
import { AUDIT_SIGNING_KEY } from './audit.tokens';
import { CheckpointsService } from './checkpoints.service';
import { VerificationService } from './verification.service';

const POSITION = /^(0|[1-9]\d{0,18})$/;
const TREE_SIZE = /^[1-9]\d{0,14}$/;

/** A proof that cannot be given: nothing covers it yet (404), or the log no longer matches (409). */
function proofRefusal(error: unknown): unknown {
  if (error instanceof ProofUnavailableError)
    return new NotFoundException({ message: error.message, code: error.code });
  if (error instanceof AuditTrailError)
    return new ConflictException({ message: error.message, code: error.code });
  if (error instanceof RangeError)
    return new BadRequestException({ message: error.message, code: 'invalid_tree_size' });
  return error;
}

function treeSize(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!TREE_SIZE.test(value))
    throw new BadRequestException({
      message: `${name}=${JSON.stringify(value)} is not a tree size (a whole number ≥ 1)`,
      code: 'invalid_tree_size',
    });
  return Number(value);
}

/**
 * Tamper evidence over HTTP: the public key checkpoints are signed with, verification of the whole
 * log, inclusion proofs an auditor checks offline with that key alone, and checkpoints on demand.
 */
@ApiBearerAuth()
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly signingKey: SigningKey,
    private readonly checkpoints: CheckpointsService,
    private readonly verification: VerificationService,
  ) {}

  /** Public: a public key holds no ledger data, and an auditor should be able to fetch and pin it anywhere. */
  @Get('public-key')
  @Public()
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({
    summary:
      'The Ed25519 public key (SPKI PEM) checkpoints are signed with; its key id is in X-Key-Id',
  })
  publicKey(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.header('x-key-id', this.signingKey.keyId);
    return this.signingKey.publicKeyPem;
  }

  @Get('verify')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Every event hash, stream chain, recording time, the Merkle tree and every checkpoint signature, checked off the request thread (one run at a time, going on from the latest verified checkpoint, cached per head position); ok:false names the first bad position and the check that failed',
  })
  async verify(): Promise<VerificationAnswer> {
    return verificationAnswer(await this.verification.verify());
  }

  @Get('proof/:position')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'An inclusion proof of the event at a global position against the latest checkpoint, checkable offline with the public key (`ledger verify-proof`)',
  })
  async proof(@Param('position') position: string): Promise<InclusionProof> {
    if (!POSITION.test(position))
      throw new BadRequestException({
        message: `${position} is not a global position`,
        code: 'invalid_position',
      });
    try {
      return await inclusionProof(this.store, BigInt(position));
    } catch (error) {
      throw proofRefusal(error);
    }
  }

  @Get('consistency')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "An RFC 6962 consistency proof that the tree of `to` events (default: the latest checkpoint's) extends the tree of `from` events, with the latest signed checkpoint: checkable offline against a checkpoint saved earlier (`ledger verify-consistency`)",
  })
  async consistency(
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<ConsistencyProof> {
    const oldSize = treeSize('from', from ?? '');
    const newSize = treeSize('to', to);
    if (oldSize === undefined) throw new BadRequestException('from is required');
    if (newSize !== undefined && newSize < oldSize)
      throw new BadRequestException({
        message: `to=${newSize} is below from=${oldSize}`,
        code: 'invalid_tree_size',
      });
    try {
      return await consistencyProof(this.store, oldSize, newSize);
    } catch (error) {
      throw proofRefusal(error);
    }
  }

  @Post('checkpoints')
  @HttpCode(201)
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Signs a checkpoint covering the whole log now (answers the latest one when nothing was written since)',
  })
  async checkpoint(): Promise<CheckpointJson> {
    let checkpoint;
    try {
      checkpoint = await this.checkpoints.checkpointNow();
    } catch (error) {
      if (error instanceof AuditTrailError)
        throw new ConflictException({ message: error.message, code: error.code });
      if (error instanceof LedgerIntegrityError)
        throw new ServiceUnavailableException({ message: error.message, code: error.code });
      throw error;
    }
    if (checkpoint === undefined)
      throw new ConflictException({
        message: 'The ledger holds no event yet: there is nothing to sign',
        code: 'empty_ledger',
      });
    return checkpointJson(checkpoint);
  }
}
