import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { normalizeInstant } from '@ledger/domain';
import {
  type AgreementDetail,
  type AgreementView,
  type ExchangeTotals,
  type InferenceView,
  type TotalsGroup,
} from '@ledger/projections';
import { AS_OF_NOTE, QueryDocs } from './query-docs';
import { AsOfQuery, ClaimTimesQuery, PageQuery } from './query-params';
import { type ListAnswer, ReadModelsService } from './read-models.service';

@ApiBearerAuth()
@ApiTags('queries: agreements')
@Controller('agreements')
export class AgreementsQueryController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get()
  @Roles('analyst', 'auditor')
  @QueryDocs('AgreementList', 'Agreements', `Signed agreements, by id. ${AS_OF_NOTE}`)
  list(@Query() query: PageQuery): Promise<ListAnswer<AgreementView>> {
    return this.readModels.list(['agreements'], query, (q, { at, page }) => q.agreements(at, page));
  }

  @Get(':agreementId')
  @Roles('analyst', 'auditor')
  @QueryDocs(
    'AgreementAnswer',
    'One agreement',
    `Its parties, mediators and terms, the completion claims on its terms, and counts of live claims and open discrepancies. ${AS_OF_NOTE}`,
    {
      notFound: 'The agreement had not been signed as of that point.',
    },
  )
  async get(
    @Param('agreementId') agreementId: string,
    @Query() query: AsOfQuery,
  ): Promise<{ asOfPosition: string; agreement: AgreementDetail }> {
    const { asOfPosition, answer } = await this.readModels.one(query, (q, at) =>
      q.agreement(at, agreementId),
    );
    if (answer === undefined)
      throw new NotFoundException(
        `Agreement ${agreementId} had not been signed as of position ${asOfPosition}`,
      );
    return { asOfPosition, agreement: answer };
  }

  @Get(':agreementId/totals')
  @Roles('analyst', 'auditor')
  @QueryDocs(
    'TotalsAnswer',
    'Totals of an agreement',
    "Per term, direction and what is counted: each claimant's phase figures (with their precision) and stated totals side by side, its phase sum and its reconciliation against its own total, the range across claimants, and fulfilment: each claimant's phase sum and stated total against the term's agreed quantity (or the releasing party's own bound), each with a verdict (within, exceeds, short, unknown) and the claims behind it. exchanges: per term, measure and pair of parties, the whole-exchange figures checked against the per-direction figures (consistent, inconsistent, unknown) and the agreed ratio's verdicts (within, off, unknown). The desk's own inferences are listed apart (inferences), never counted in any of these. " +
      `Also takes claimedBefore (statement time) and occurredBefore (when it happened: only figures whose whole occurrence period ends before it); every part of the answer is computed from the same filtered claims. ${AS_OF_NOTE}`,
    { notFound: 'The agreement had not been signed as of that point.' },
  )
  async totals(
    @Param('agreementId') agreementId: string,
    @Query() query: ClaimTimesQuery,
  ): Promise<{
    asOfPosition: string;
    agreementId: string;
    totals: TotalsGroup[];
    exchanges: ExchangeTotals[];
    inferences: InferenceView[];
  }> {
    const filter = {
      ...(query.claimedBefore === undefined
        ? {}
        : { claimedBefore: normalizeInstant('claimedBefore', query.claimedBefore) }),
      ...(query.occurredBefore === undefined
        ? {}
        : { occurredBefore: normalizeInstant('occurredBefore', query.occurredBefore) }),
    };
    const { asOfPosition, answer } = await this.readModels.one(query, (q, at) => {
      const totals = q.totals(at, agreementId, filter);
      return (
        totals && {
          totals,
          exchanges: q.exchanges(at, agreementId, filter) ?? [],
          inferences: q.inferences(at, agreementId, filter),
        }
      );
    });
    if (answer === undefined)
      throw new NotFoundException(
        `Agreement ${agreementId} had not been signed as of position ${asOfPosition}`,
      );
    return { asOfPosition, agreementId, ...answer };
  }
}
