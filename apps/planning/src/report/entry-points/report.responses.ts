import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorBodyDto } from '@replenish/service-kit';
import { DECIMAL_DOC } from '../../catalog/index.js';
import { ExplanationView } from '../../shared/explanation.responses.js';
import { SCAN_LIMIT, type ReportItem } from '../report.service.js';

export class ReportItemView implements ReportItem {
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '10' }) min!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '50' }) max!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '1' }) multiple!: string;
  @ApiProperty({ type: 'integer' }) visibilityDays!: number;
  @ApiProperty({ example: 'buy', description: 'The supply route the rule resolves to.' }) route!: string;
  @ApiProperty({ example: 'purchase|V-1|WH1', description: "The top-up key of the draft it would order into." }) topUpKey!: string;
  @ApiProperty({ format: 'date', description: "Today in the warehouse's calendar." }) today!: string;
  @ApiProperty({ type: 'integer' }) leadDays!: number;
  @ApiProperty({ format: 'date' }) leadDaysDate!: string;
  @ApiProperty({ ...DECIMAL_DOC, description: 'Forecast at the lead days date.' }) forecast!: string;
  @ApiProperty({ format: 'date' }) visibilityDate!: string;
  @ApiProperty({ ...DECIMAL_DOC }) forecastWithVisibility!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '46' }) suggestedQuantity!: string;
  @ApiProperty({ example: 'suggest', description: 'suggest, or (with includeAll) what the rule would do otherwise.' }) action!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) snoozedUntil!: string | null;
  @ApiProperty({ type: ExplanationView }) explanation!: ExplanationView;
}

export class ReportProblemView {
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ example: 'product P-100 has no supplier' }) reason!: string;
}

export class ReportView {
  @ApiProperty({ type: [ReportItemView] }) items!: ReportItemView[];
  @ApiProperty({ type: [ReportProblemView], description: 'Manual rules of this page that could not be evaluated, and why.' }) problems!: ReportProblemView[];
  @ApiProperty({
    type: 'integer', example: 1250,
    description: 'Manual rules matching the filters (warehouse, product, vendor, route), snoozed ones and those suggesting nothing included: '
      + 'the pages list those of them that suggest an order now (with includeAll, all but the snoozed ones).',
  })
  total!: number;

  @ApiProperty({ type: 'integer', example: 50 }) limit!: number;
  @ApiProperty({
    type: String, nullable: true, example: 'WyJwcm9kdWN0SWQiLCJhc2MiLCJQLTEwMCIsIldIMSJd',
    description: `Pass as cursor for the next page; null when no rule is left. A page reads at most ${SCAN_LIMIT} rules: with few rules to order it may hold fewer than limit items and still have a next one.`,
  })
  nextCursor!: string | null;
}

export class OrderOnceResultView {
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ format: 'uuid', description: 'The draft raised or topped up.' }) draftOrderId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '46' }) quantity!: string;
  @ApiProperty({ description: "true when the planner's quantity replaced the suggested one." }) edited!: boolean;
}

export class BulkOrderResultView {
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ enum: ['ordered', 'refused'] }) status!: 'ordered' | 'refused';
  @ApiPropertyOptional({ format: 'uuid', description: 'ordered: the draft raised or topped up.' }) draftOrderId?: string;
  @ApiPropertyOptional({ ...DECIMAL_DOC, description: 'ordered: the quantity ordered.' }) quantity?: string;
  @ApiPropertyOptional({ description: "ordered: true when the planner's quantity replaced the suggested one." }) edited?: boolean;
  @ApiPropertyOptional({ type: 'integer', example: 404, description: 'refused: the status a single order-once would have answered.' }) statusCode?: number;
  @ApiPropertyOptional({ type: ErrorBodyDto, description: 'refused: the answer a single order-once would have given.' }) error?: ErrorBodyDto;
}

export class BulkOrderOnceView {
  @ApiProperty({ type: [BulkOrderResultView], description: 'One result per item, in order: each item is ordered on its own.' }) results!: BulkOrderResultView[];
}
