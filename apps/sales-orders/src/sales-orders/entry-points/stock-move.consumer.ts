import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { plannedMoveAnnounced, plannedMoveCancelled, stockMoveDone, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { dec } from '@replenish/domain';
import { MessagingContext, type EventPatternExtras } from '@replenish/messaging';
import { SalesOrderUseCases } from '../sales-orders.use-cases.js';
import { refuseAsPermanent } from './refuse-as-permanent.js';

type Envelope<D> = EventEnvelope<PayloadOf<D>>;

const CUSTOMER_LOCATION = 'virtual/customer';

/**
 * Delivery feedback (warehouse.stock-moves): a done move referencing one of our lines and going to the
 * customer adds to the line's delivered quantity; one coming back from the customer (a return) takes off
 * it. Moves of other kinds, or referencing lines that are not ours, are not our business.
 */
@Controller()
export class StockMoveConsumer {
  constructor(private readonly useCases: SalesOrderUseCases) {}

  // Only moves of a sales line: the warehouse's other moves (most of them) cost no transaction here; planned moves are inventory's.
  @EventPattern<string>(stockMoveDone.type, {
    when: (e) => (e as Envelope<typeof stockMoveDone>).payload.reference?.type === 'sales-order-line',
    ignores: [plannedMoveAnnounced.type, plannedMoveCancelled.type],
  } satisfies EventPatternExtras)
  async onStockMoveDone(@Payload() event: Envelope<typeof stockMoveDone>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const p = event.payload;
    const direction = p.toLocation === CUSTOMER_LOCATION ? 1 : p.fromLocation === CUSTOMER_LOCATION ? -1 : 0;
    if (direction === 0) return;
    await refuseAsPermanent(() =>
      this.useCases.recordDelivery(tx, { lineId: p.reference!.id, quantity: dec(p.quantity), uom: p.uom, direction }, { causedBy: event }),
    );
  }
}
