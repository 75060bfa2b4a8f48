import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BodySchema, FieldErrorDto } from '@replenish/service-kit';
import { z } from 'zod';
import { MAX_BATCH_PLANNED_MOVES, type PlannedMoveBatchResult, type PlannedMoveResult } from '../planned-move-batch.service.js';

export const PLANNED_BATCH_EXAMPLE = [
  { action: 'announce', sourceSystem: 'wms-north', externalRef: 'ASN-5521', kind: 'receipt', productId: 'widget', warehouseId: 'WH1', quantity: '40', uom: 'Units', date: '2026-03-10' },
  { action: 'announce', sourceSystem: 'wms-north', externalRef: 'PICK-88', kind: 'internal', productId: 'widget', warehouseId: 'WH1', quantity: '5', uom: 'Units', date: '2026-03-04' },
  { action: 'cancel', sourceSystem: 'wms-north', externalRef: 'ASN-5400', productId: 'widget' },
];

/** One item: `action` and the payload of a planned-move.announced (announce) or planned-move.cancelled (cancel) event. */
export class PlannedMoveItemDto {
  @ApiProperty({ enum: ['announce', 'cancel'] }) action!: 'announce' | 'cancel';
  @ApiProperty({ example: 'wms-north' }) sourceSystem!: string;
  @ApiProperty({ example: 'ASN-5521', description: 'With sourceSystem and productId, names the planned move: announcing it again changes its date or quantity.' })
  externalRef!: string;
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiPropertyOptional({ enum: ['receipt', 'delivery', 'internal'], description: 'announce: receipt (incoming), delivery (outgoing), internal (outgoing, and incoming at toWarehouseId when given).' })
  kind?: 'receipt' | 'delivery' | 'internal';
  @ApiPropertyOptional({ example: 'WH1', description: 'announce.' }) warehouseId?: string;
  @ApiPropertyOptional({ example: 'WH2', description: 'announce, internal moves only: the warehouse the goods go to.' }) toWarehouseId?: string;
  @ApiPropertyOptional({ example: '40', description: 'announce: decimal string greater than zero, in `uom`.' }) quantity?: string;
  @ApiPropertyOptional({ example: 'Units', description: 'announce: a UoM of the product\'s category.' }) uom?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-03-10', description: 'announce: the planned date.' }) date?: string;
  @ApiPropertyOptional({ example: 'The carrier returned the shipment.', description: 'cancel.' }) reason?: string;
}

/** The body of POST /stock/planned-moves/batch: only its shape here; each item is checked on its own. */
@BodySchema(z.object({
  plannedMoves: z.array(z.unknown()).min(1).max(MAX_BATCH_PLANNED_MOVES, {
    error: (issue) => `at most ${MAX_BATCH_PLANNED_MOVES} planned moves per batch, got ${(issue.input as unknown[]).length}: send them in several batches`,
  }),
}))
export class PlannedMoveBatchDto {
  @ApiProperty({ type: [PlannedMoveItemDto], minItems: 1, maxItems: MAX_BATCH_PLANNED_MOVES, example: PLANNED_BATCH_EXAMPLE })
  plannedMoves!: PlannedMoveItemDto[];
}

export class PlannedMoveResultView implements PlannedMoveResult {
  @ApiProperty({ type: 'integer', example: 0, description: 'The position of the item in `plannedMoves`.' }) index!: number;
  @ApiProperty({ type: String, nullable: true, example: 'ASN-5521' }) externalRef!: string | null;
  @ApiProperty({ enum: ['applied', 'refused'] }) status!: 'applied' | 'refused';
  @ApiPropertyOptional({ type: [FieldErrorDto], example: [{ field: 'productId', reason: 'unknown product P-404 (no product.upserted received yet)' }] })
  errors?: FieldErrorDto[];
}

export class PlannedMoveBatchView implements PlannedMoveBatchResult {
  @ApiProperty({ type: 'integer', example: 2 }) applied!: number;
  @ApiProperty({ type: 'integer', example: 1 }) refused!: number;
  @ApiProperty({ type: [PlannedMoveResultView] }) results!: PlannedMoveResultView[];
}
