import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { CheckpointsService } from './checkpoints.service';
import { signingKeyProvider } from './signing-key.provider';
import { VerificationService } from './verification.service';

/** Tamper evidence: the signing key, the checkpointer, and the /audit routes. */
@Module({
  controllers: [AuditController],
  providers: [signingKeyProvider, CheckpointsService, VerificationService],
  exports: [CheckpointsService, VerificationService],
})
export class AuditModule {}
