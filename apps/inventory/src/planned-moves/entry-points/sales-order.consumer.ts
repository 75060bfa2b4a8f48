import { Injectable } from '@nestjs/common';
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { OnEvent } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { causeOf } from '../../shared/cause.js';
import { permanentOnBadInput } from '../../shared/permanent-on-bad-input.js';
import { plannedFromSalesLines } from '../planned-moves.js';
import { PlannedMovesService } from '../planned-moves.service.js';

type Env<D> = EventEnvelope<PayloadOf<D>>;

/** Sales order lines (sales-orders.events) as planned outgoing moves on their delivery dates. */
@Injectable()
export class SalesOrderConsumer {
  constructor(private readonly planned: PlannedMovesService) {}

  @OnEvent(salesOrderConfirmed)
  async onSalesOrderConfirmed(event: Env<typeof salesOrderConfirmed>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    const lookup = await this.planned.productsOf(tx, p.lines.map((l) => l.productId));
    const specs = await permanentOnBadInput(`sales order ${p.salesOrderId}`, async () => plannedFromSalesLines(p.salesOrderId, p.lines, lookup));
    await this.planned.plan(tx, specs, causeOf(event));
  }

  @OnEvent(salesOrderLineChanged)
  async onSalesOrderLineChanged(event: Env<typeof salesOrderLineChanged>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    const lookup = await this.planned.productsOf(tx, [p.productId]);
    const specs = await permanentOnBadInput(`sales order ${p.salesOrderId} line ${p.lineId}`,
      async () => plannedFromSalesLines(p.salesOrderId, [{ ...p, quantity: p.newQuantity }], lookup));
    await this.planned.plan(tx, specs, causeOf(event));
  }

  @OnEvent(salesOrderCancelled)
  async onSalesOrderCancelled(event: Env<typeof salesOrderCancelled>, tx: EntityManager): Promise<void> {
    await this.planned.cancel(tx, 'sales-order-line', event.payload.lines.map((l) => l.lineId), causeOf(event));
  }
}
