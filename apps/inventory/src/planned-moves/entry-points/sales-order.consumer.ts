import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext } from '@replenish/messaging';
import { causeOf } from '../../shared/cause.js';
import { permanentOnBadInput } from '../../shared/permanent-on-bad-input.js';
import { plannedFromSalesLines } from '../planned-moves.js';
import { PlannedMovesService } from '../planned-moves.service.js';

type Env<D> = EventEnvelope<PayloadOf<D>>;

/** Sales order lines (sales-orders.events) as planned outgoing moves on their delivery dates. */
@Controller()
export class SalesOrderConsumer {
  constructor(private readonly planned: PlannedMovesService) {}

  @EventPattern<string>(salesOrderConfirmed.type)
  async onSalesOrderConfirmed(@Payload() event: Env<typeof salesOrderConfirmed>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const p = event.payload;
    const lookup = await this.planned.productsOf(tx, p.lines.map((l) => l.productId));
    const specs = await permanentOnBadInput(`sales order ${p.salesOrderId}`, async () => plannedFromSalesLines(p.salesOrderId, p.lines, lookup));
    await this.planned.plan(tx, specs, causeOf(event));
  }

  @EventPattern<string>(salesOrderLineChanged.type)
  async onSalesOrderLineChanged(@Payload() event: Env<typeof salesOrderLineChanged>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const p = event.payload;
    const lookup = await this.planned.productsOf(tx, [p.productId]);
    const specs = await permanentOnBadInput(`sales order ${p.salesOrderId} line ${p.lineId}`,
      async () => plannedFromSalesLines(p.salesOrderId, [{ ...p, quantity: p.newQuantity }], lookup));
    await this.planned.plan(tx, specs, causeOf(event));
  }

  @EventPattern<string>(salesOrderCancelled.type)
  async onSalesOrderCancelled(@Payload() event: Env<typeof salesOrderCancelled>, @Ctx() ctx: MessagingContext): Promise<void> {
    await this.planned.cancel(ctx.getManager(), 'sales-order-line', event.payload.lines.map((l) => l.lineId), causeOf(event));
  }
}
