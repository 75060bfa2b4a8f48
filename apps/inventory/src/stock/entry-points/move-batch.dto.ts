import { ApiProperty } from '@nestjs/swagger';
import { BodySchema } from '@replenish/service-kit';
import { z } from 'zod';
import { MAX_BATCH_MOVES } from '../move-batch.service.js';
import { StockMoveDto } from './stock.dto.js';

export const BATCH_EXAMPLE = [
  { moveId: 'WMS-4711', kind: 'receipt', productId: 'widget', quantity: '12', uom: 'Units', fromLocation: 'virtual/vendor', toLocation: 'WH1/Stock', doneAt: '2026-03-02T09:15:00Z' },
  { moveId: 'WMS-4712', kind: 'delivery', productId: 'widget', quantity: '2', uom: 'Units', fromLocation: 'WH1/Stock', toLocation: 'virtual/customer', doneAt: '2026-03-02T10:40:00Z' },
];

/**
 * The body of POST /stock/moves/batch. Only its shape is checked here (an array of 1 to MAX_BATCH_MOVES items):
 * each move is checked on its own by the stock-move.done schema, so that one bad move refuses itself, not the batch.
 */
@BodySchema(z.object({
  moves: z.array(z.unknown()).min(1).max(MAX_BATCH_MOVES, { error: (issue) => `at most ${MAX_BATCH_MOVES} moves per batch, got ${(issue.input as unknown[]).length}: send them in several batches` }),
}))
export class MoveBatchDto {
  @ApiProperty({
    type: [StockMoveDto], minItems: 1, maxItems: MAX_BATCH_MOVES, example: BATCH_EXAMPLE,
    description: `1 to ${MAX_BATCH_MOVES} done moves, each the body of a stock-move.done event (the body of POST /stock/moves).`,
  })
  moves!: StockMoveDto[];
}
