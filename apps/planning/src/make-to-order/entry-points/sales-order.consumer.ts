import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MessagingContext } from '@replenish/messaging';
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { serializeWrites } from '../../shared/db.js';
import { MtoService } from '../mto.service.js';

/** sales-orders.events: make-to-order lines raise, top up or shrink drafts. */
@Controller()
export class SalesOrderConsumer {
  constructor(private readonly mto: MtoService) {}

  @EventPattern<string>(salesOrderConfirmed.type)
  async onConfirmed(@Payload() event: EventEnvelope<PayloadOf<typeof salesOrderConfirmed>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await serializeWrites(tx);
    const o = event.payload;
    for (const l of o.lines) {
      await this.mto.confirmLine(tx, { ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef }, l.quantity, event);
    }
  }

  @EventPattern<string>(salesOrderLineChanged.type)
  async onLineChanged(@Payload() event: EventEnvelope<PayloadOf<typeof salesOrderLineChanged>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await serializeWrites(tx);
    const l = event.payload;
    await this.mto.changeLine(tx, l, l.newQuantity, event);
  }

  /** Like a decrease of every line down to what was already delivered; the lines are marked cancelled. */
  @EventPattern<string>(salesOrderCancelled.type)
  async onCancelled(@Payload() event: EventEnvelope<PayloadOf<typeof salesOrderCancelled>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await serializeWrites(tx);
    const o = event.payload;
    if (!o.wasConfirmed) return;
    for (const l of o.lines) {
      await this.mto.cancelLine(tx, { ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef }, l.deliveredQuantity, event);
    }
  }
}
