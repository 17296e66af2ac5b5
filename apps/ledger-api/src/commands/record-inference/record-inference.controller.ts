import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { AgreementPath } from '../shared/path-params';
import { RecordInferenceCommand } from './record-inference.command';
import { RecordInferenceRequest } from './record-inference.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/inferences')
export class RecordInferenceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Record a desk inference',
    'Records a figure the desk inferred itself, stated by no source: attributed to the recording key, with its reason and the claims it was inferred from. It is shown apart from the sources’ figures and never counted in sums, verdicts, disputes or corroborations.',
  )
  recordInference(
    @Param() path: AgreementPath,
    @Body() body: RecordInferenceRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new RecordInferenceCommand(path, body, context));
  }
}
