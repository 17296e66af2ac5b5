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
  type InclusionProof,
  inclusionProof,
  type SigningKey,
  verifyLedger,
} from '@ledger/audit';
import type { EventStore } from '@ledger/event-store';
import type { FastifyReply } from 'fastify';
import { Public, Roles } from '../auth';
import { EVENT_STORE } from '../store/store.tokens';
import { type VerificationAnswer, verificationAnswer } from './audit-answers';
import { AUDIT_SIGNING_KEY } from './audit.tokens';
import { CheckpointsService } from './checkpoints.service';

const POSITION = /^(0|[1-9]\d{0,18})$/;

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
      'Recomputes every event hash, every stream chain, the Merkle tree and every checkpoint signature; ok:false names the first bad position and the check that failed',
  })
  @ApiOkResponse({
    description: 'The verification report.',
    schema: answerSchema('VerificationAnswer'),
  })
  async verify(): Promise<VerificationAnswer> {
    return verificationAnswer(await verifyLedger(this.store, this.signingKey.publicKey));
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
