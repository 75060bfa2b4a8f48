import { Injectable } from '@nestjs/common';
import { stockMoveDone, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { OnEvent } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { causeOf } from '../../shared/cause.js';
import { permanentOnBadInput } from '../../shared/permanent-on-bad-input.js';
import { BatchScope } from '../batch-scope.js';
import { StockService } from '../stock.service.js';

/**
 * Done moves (warehouse.stock-moves): validated and recorded one by one, booked once per batch (BatchScope).
 * A redelivered move changes nothing: the messaging inbox dedupes event ids, the ledger dedupes move ids.
 */
@Injectable()
export class StockMoveConsumer {
  constructor(
    private readonly stock: StockService,
    private readonly scope: BatchScope,
  ) {}

  @OnEvent(stockMoveDone)
  async onStockMoveDone(event: EventEnvelope<PayloadOf<typeof stockMoveDone>>, tx: EntityManager): Promise<void> {
    const move = await permanentOnBadInput(`stock move ${event.payload.moveId}`, () => this.stock.resolveMove(tx, event.payload, event.id));
    await this.scope.addMove(tx, move, causeOf(event));
  }
}
