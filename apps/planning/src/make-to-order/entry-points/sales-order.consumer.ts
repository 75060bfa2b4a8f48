import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { OnEvent } from '@replenish/messaging';
import { serializeWrites } from '../../shared/db.js';
import { MtoService } from '../mto.service.js';

/** sales-orders.events: make-to-order lines raise, top up or shrink drafts. */
@Injectable()
export class SalesOrderConsumer {
  constructor(private readonly mto: MtoService) {}

  @OnEvent(salesOrderConfirmed)
  async onConfirmed(event: EventEnvelope<PayloadOf<typeof salesOrderConfirmed>>, tx: EntityManager): Promise<void> {
    await serializeWrites(tx);
    const o = event.payload;
    for (const l of o.lines) {
      await this.mto.confirmLine(tx, { ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef }, l.quantity, event);
    }
  }

  @OnEvent(salesOrderLineChanged)
  async onLineChanged(event: EventEnvelope<PayloadOf<typeof salesOrderLineChanged>>, tx: EntityManager): Promise<void> {
    await serializeWrites(tx);
    const l = event.payload;
    await this.mto.changeLine(tx, l, l.newQuantity, event);
  }

  /** Like a decrease of every line down to what was already delivered; the lines are marked cancelled. */
  @OnEvent(salesOrderCancelled)
  async onCancelled(event: EventEnvelope<PayloadOf<typeof salesOrderCancelled>>, tx: EntityManager): Promise<void> {
    await serializeWrites(tx);
    const o = event.payload;
    if (!o.wasConfirmed) return;
    for (const l of o.lines) {
      await this.mto.cancelLine(tx, { ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef }, l.deliveredQuantity, event);
    }
  }
}
