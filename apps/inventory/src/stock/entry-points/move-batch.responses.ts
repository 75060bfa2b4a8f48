import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorDto } from '@replenish/service-kit';
import type { BatchResult, MoveResult } from '../move-batch.service.js';

// What POST /stock/moves/batch answers: a result per move, in the batch's order.
export class MoveResultView implements MoveResult {
  @ApiProperty({ type: 'integer', example: 0, description: 'The position of the move in `moves`.' }) index!: number;
  @ApiProperty({ type: String, nullable: true, example: 'WMS-4711', description: 'Its moveId; null when it has none.' }) moveId!: string | null;
  @ApiProperty({
    enum: ['applied', 'duplicate', 'refused'],
    description: 'applied: booked now; duplicate: this move was booked before (same moveId, same values), nothing changed; refused: see errors.',
  })
  status!: 'applied' | 'duplicate' | 'refused';

  @ApiPropertyOptional({
    type: [FieldErrorDto], example: [{ field: 'productId', reason: 'unknown product P-404 (no product.upserted received yet)' }],
    description: 'refused: each field at fault and why (moveId: booked before for another move).',
  })
  errors?: FieldErrorDto[];
}

export class MoveBatchView implements BatchResult {
  @ApiProperty({ type: 'integer', example: 9998 }) applied!: number;
  @ApiProperty({ type: 'integer', example: 1 }) duplicate!: number;
  @ApiProperty({ type: 'integer', example: 1 }) refused!: number;
  @ApiProperty({ type: [MoveResultView] }) results!: MoveResultView[];
}
