import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { AgreementPath } from '../shared/path-params';
import { withoutUndefined } from '../shared/to-domain';
import { toScope } from '../report-transfer/report-transfer.mapping';
import type { LinkScopesRequest } from './link-scopes.request';

export class LinkScopesCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: AgreementPath,
    readonly request: LinkScopesRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LinkScopesCommand)
export class LinkScopesHandler implements ICommandHandler<LinkScopesCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId },
    request: r,
    context,
  }: LinkScopesCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const scopeLinkId = r.scopeLinkId ?? newId('scopeLinkId');
      const data = withoutUndefined({
        agreementId,
        scopeLinkId,
        termId: r.termId,
        direction: { from: r.direction.from, to: r.direction.to },
        measure: r.measure,
        scopes: r.scopes.map(toScope),
        reason: r.reason,
        disputeId: r.disputeId,
      });
      return {
        ids: { agreementId, scopeLinkId },
        command: { type: 'LinkScopes', metadata: { now }, data },
      };
    });
  }
}
