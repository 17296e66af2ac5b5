import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { answerSchema } from '../schemas/openapi-document';
import { TEXT } from '../schemas/route-docs';
import {
  type CheckpointJson,
  checkpointJson,
  type ConsistencyProof,
  consistencyProof,
  type InclusionProof,
  inclusionProof,
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

/** A tree size the log cannot prove (RangeError from the proof); the rest is toProblem's. */
function sizeRefusal(error: unknown): unknown {
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
  @ApiResponse({
    status: 200,
    description: 'The key, PEM-encoded.',
    content: { 'application/x-pem-file': { schema: TEXT } },
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
  @ApiOkResponse({
    description: 'The verification report.',
    schema: answerSchema('VerificationAnswer'),
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
  @ApiOkResponse({ description: 'The inclusion proof.', schema: answerSchema('InclusionProof') })
  @ApiBadRequestResponse({ description: 'Not a global position (`invalid_position`).' })
  @ApiNotFoundResponse({
    description: 'No event at that position, or no checkpoint covers it yet (the code says which).',
  })
  @ApiConflictResponse({ description: 'The stored hash chain is broken (an audit trail error).' })
  async proof(@Param('position') position: string): Promise<InclusionProof> {
    if (!POSITION.test(position))
      throw new BadRequestException({
        message: `${position} is not a global position`,
        code: 'invalid_position',
      });
    // ProofUnavailableError (404) and AuditTrailError (409) become problems in toProblem.
    return inclusionProof(this.store, BigInt(position));
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
      // ProofUnavailableError (404) and AuditTrailError (409) become problems in toProblem.
      throw sizeRefusal(error);
    }
  }

  @Post('checkpoints')
  @HttpCode(201)
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Signs a checkpoint covering the whole log now (answers the latest one when nothing was written since)',
  })
  @ApiCreatedResponse({
    description: 'The signed checkpoint.',
    schema: answerSchema('CheckpointAnswer'),
  })
  @ApiConflictResponse({ description: 'The stored hash chain is broken (an audit trail error).' })
  async checkpoint(): Promise<CheckpointJson> {
    const checkpoint = await this.checkpoints.checkpointNow();
    if (checkpoint === undefined)
      throw new ConflictException({
        message: 'The ledger holds no event yet: there is nothing to sign',
        code: 'empty_ledger',
      });
    return checkpointJson(checkpoint);
  }
}
