import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ActorResolver } from '../shared/actor-resolver';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { AgreementPath } from '../shared/path-params';
import { withoutUndefined } from '../shared/to-domain';
import { toFigure } from '../report-transfer/report-transfer.mapping';
import type { RecordInferenceRequest } from './record-inference.request';

export class RecordInferenceCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: AgreementPath,
    readonly request: RecordInferenceRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The inference is the actor's own: `inferredBy` is the authenticated key's name, never the body's. */
@CommandHandler(RecordInferenceCommand)
export class RecordInferenceHandler implements ICommandHandler<RecordInferenceCommand> {
  constructor(
    private readonly ledger: DecideAndAppend,
    private readonly actors: ActorResolver,
  ) {}

  execute({
    path: { agreementId },
    request: r,
    context,
  }: RecordInferenceCommand): Promise<CommandOutcome> {
    const inferredBy = this.actors.actorOf(context);
    return this.ledger.execute(context, ({ newId, now }) => {
      const inferenceId = r.inferenceId ?? newId('inferenceId');
      const data = withoutUndefined({
        agreementId,
        inferenceId,
        ...toFigure(r),
        reason: r.reason,
        derivedFrom: [...r.derivedFrom],
        inferredBy,
      });
      return {
        ids: { agreementId, inferenceId },
        command: { type: 'RecordInference', metadata: { now }, data },
      };
    });
  }
}
