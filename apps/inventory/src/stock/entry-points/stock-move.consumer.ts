import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { stockMoveDone, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext } from '@replenish/messaging';
import { causeOf } from '../../shared/cause.js';
import { permanentOnBadInput } from '../../shared/permanent-on-bad-input.js';
import { BatchScope } from '../batch-scope.js';
import { StockService } from '../stock.service.js';

/**
 * Done moves (warehouse.stock-moves): validated and recorded one by one, booked once per batch (BatchScope).
 * A redelivered move changes nothing: the messaging inbox dedupes event ids, the ledger dedupes move ids.
 */
@Controller()
export class StockMoveConsumer {
  constructor(
    private readonly stock: StockService,
    private readonly scope: BatchScope,
  ) {}

  @EventPattern<string>(stockMoveDone.type)
  async onStockMoveDone(@Payload() event: EventEnvelope<PayloadOf<typeof stockMoveDone>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const move = await permanentOnBadInput(`stock move ${event.payload.moveId}`, () => this.stock.resolveMove(tx, event.payload, event.id));
    await this.scope.addMove(tx, move, causeOf(event));
  }
}
