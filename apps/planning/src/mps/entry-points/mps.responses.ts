import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MPS_PERIODS, type MpsPeriod } from '@replenish/domain';
import { DECIMAL_DOC } from '../../catalog/index.js';

const FIGURES = { type: 'array', items: { type: 'string', pattern: DECIMAL_DOC.pattern }, example: ['10', '25'] } as const;
const figures = (description: string) => ApiProperty({ ...FIGURES, description });

/** One product-site's row: each figure a list with one decimal string per column. */
export class MpsRowView {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '20' }) safetyTarget!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '10' }) minimum!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '500', nullable: true }) maximum!: string | null;
  @ApiProperty({ type: 'integer', example: 10, description: 'Lead days of its supply: a column is ordered this many days before it starts.' }) leadDays!: number;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'date' }, example: ['2026-11-27'], description: 'When each column must be ordered.' }) orderDates!: string[];
  @figures('On hand at the start of the first column; then the forecasted stock of the column before.') startingStock!: string[];
  @figures('Entered forecast demand.') forecast!: string[];
  @figures('Confirmed sales order lines due in the column.') actualDemand!: string[];
  @figures('The larger of forecast and actual demand: what the column consumes.') demand!: string[];
  @figures("From parents' replenishment through their BOMs, in the column their production starts.") indirectDemand!: string[];
  @figures('clamp(safety target - (starting - demand - indirect), minimum, maximum) when above zero, else 0.') suggested!: string[];
  @ApiProperty({ type: 'array', items: { type: 'string', nullable: true }, example: [null, '0'], description: "The planner's override of the column, null where none." }) override!: (string | null)[];
  @figures('The override, else the suggestion.') replenishment!: string[];
  @figures('Open drafts and confirmed orders arriving in the column.') alreadyOrdered!: string[];
  @figures('Replenishment less what is already ordered, at least 0: what POST /mps/replenish orders.') toReplenish!: string[];
  @figures('starting - demand - indirect + the larger of replenishment and already ordered.') forecastedStock!: string[];
  @ApiPropertyOptional({ type: [String], description: "With explain=true: each column's replenishment in words." }) explanations?: string[];
}

export class MpsGridView {
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ enum: MPS_PERIODS, example: 'week' }) period!: MpsPeriod;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'date' }, example: ['2026-12-07', '2026-12-14'], description: "The columns' first days." }) periods!: string[];
  @ApiProperty({ type: [MpsRowView] }) rows!: MpsRowView[];
}

export class MpsReplenishedView {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ format: 'date', example: '2026-12-14' }) periodStart!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '25' }) quantity!: string;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'The draft it went on; null when it could not be ordered (see reason).' }) draftOrderId!: string | null;
  @ApiPropertyOptional({ example: 'product P-100 has no supplier: add one with POST /products/P-100/suppliers' }) reason?: string;
}

export class MpsReplenishView {
  @ApiProperty({ type: [MpsReplenishedView] }) items!: MpsReplenishedView[];
}

export class MpsImportView {
  @ApiProperty({ type: 'integer', example: 12, description: 'Forecast cells set (or removed).' }) cells!: number;
  @ApiProperty({ type: 'integer', example: 2, description: 'Products whose rows were re-computed.' }) products!: number;
}

export class MpsForecastRowView {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', nullable: true }, example: ['30', null], description: 'One per period; null (or an empty CSV cell): none entered (an import leaves the period as it is).' })
  forecast!: (string | null)[];
}

/** The forecast grid as JSON: what GET /mps/export answers with format=json, and POST /mps/import takes as JSON. */
export class MpsForecastGridView {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'date' }, example: ['2026-12-07', '2026-12-14'], description: "The periods' first days." }) periods!: string[];
  @ApiProperty({ type: [MpsForecastRowView] }) rows!: MpsForecastRowView[];
}
