import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { MAX_BATCH_PLANNED_MOVES, PlannedMoveBatchService } from '../planned-move-batch.service.js';
import { PLANNED_BATCH_EXAMPLE, PlannedMoveBatchDto, PlannedMoveBatchView } from './planned-move-batch.dto.js';

/** Where a warehouse system without Kafka announces, changes and cancels its planned moves (decision inventory-004). */
@ApiTags('stock')
@Controller('stock/planned-moves/batch')
export class PlannedMoveBatchController {
  constructor(private readonly batches: PlannedMoveBatchService) {}

  @Post()
  @Roles('integrator')
  @HttpCode(200)
  @ApiOperation({
    summary: `Up to ${MAX_BATCH_PLANNED_MOVES} planned moves announced, changed or cancelled at once, a result per item`,
    description: 'Each item is `action` (announce or cancel) and the payload of a planned-move.announced or planned-move.cancelled event, '
      + 'checked and planned on its own: a bad item is refused with its fields and reasons (an unknown product; the cancellation of a move never announced), '
      + 'the others are planned in one transaction and their positions republished. Announcing a move again (same sourceSystem, externalRef, productId) '
      + 'sets its new date and quantity; a done move settles it by `reference: {type: planned-move, id: externalRef, sourceSystem}`.',
  })
  @ApiBody({ type: PlannedMoveBatchDto, examples: { threeItems: { summary: 'A receipt, an internal consumption, a cancellation', value: { plannedMoves: PLANNED_BATCH_EXAMPLE } } } })
  @ApiOkResponse({
    type: PlannedMoveBatchView,
    description: 'What became of each item, in the order sent.',
    example: { applied: 2, refused: 1, results: [
      { index: 0, externalRef: 'ASN-5521', status: 'applied' },
      { index: 1, externalRef: 'PICK-88', status: 'applied' },
      { index: 2, externalRef: 'ASN-5400', status: 'refused', errors: [{ field: 'externalRef', reason: 'cancels planned move ASN-5400 of wms-north for product widget, which was never announced' }] },
    ] },
  })
  @ApiErrorResponses(400)
  enter(@Body() body: PlannedMoveBatchDto) {
    return this.batches.enter(body.plannedMoves);
  }
}
