import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { MAX_BATCH_MOVES, MoveBatchService } from '../move-batch.service.js';
import { BATCH_EXAMPLE, MoveBatchDto } from './move-batch.dto.js';
import { MoveBatchView } from './move-batch.responses.js';

/** Where a warehouse system without Kafka posts its done moves by the thousand (decision inventory-003). */
@ApiTags('stock')
@Controller('stock/moves/batch')
export class MoveBatchController {
  constructor(private readonly batches: MoveBatchService) {}

  @Post()
  @Roles('integrator')
  @HttpCode(200)
  @ApiOperation({
    summary: `Up to ${MAX_BATCH_MOVES} done stock moves at once, a result per move: booked together, one stock-position.changed per product@warehouse`,
    description: 'Each move is the body of POST /stock/moves and is checked on its own: a bad move is refused with its fields and reasons, '
      + 'the others are booked in one transaction. Idempotent by moveId as POST /stock/moves and warehouse.stock-moves: a move booked before '
      + '(or earlier in the batch) with the same values is a duplicate that changes nothing, so a batch may be sent again whole; '
      + 'the same moveId with other values is refused naming moveId. More moves than the limit: 400 naming `moves`.',
  })
  @ApiBody({
    type: MoveBatchDto,
    examples: {
      twoMoves: { summary: 'A receipt and a delivery', value: { moves: BATCH_EXAMPLE } },
    },
  })
  @ApiOkResponse({
    type: MoveBatchView,
    description: 'What became of each move, in the order sent.',
    example: {
      applied: 1, duplicate: 1, refused: 1,
      results: [
        { index: 0, moveId: 'WMS-4711', status: 'duplicate' },
        { index: 1, moveId: 'WMS-4712', status: 'applied' },
        { index: 2, moveId: 'WMS-4713', status: 'refused', errors: [{ field: 'quantity', reason: 'Invalid decimal string' }] },
      ],
    },
  })
  @ApiErrorResponses(400)
  enter(@Body() body: MoveBatchDto) {
    return this.batches.enter(body.moves);
  }
}
