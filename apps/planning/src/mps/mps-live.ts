import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MpsRepository, type SalesDemandRow } from './data-access/mps.repository.js';
import { MpsGrid } from './mps-grid.service.js';

type SalesOrderEvent = EventEnvelope<PayloadOf<typeof salesOrderConfirmed> | PayloadOf<typeof salesOrderLineChanged> | PayloadOf<typeof salesOrderCancelled>>;

/**
 * The schedule kept live from the existing consumers, in their exactly-once transaction: each calls one method here
 * with what it handled, and the rows it reaches (the product-sites in the schedule and their components) are
 * re-computed at once (decision planning-022). Pairs the schedule does not plan cost one statement.
 */
@Injectable()
export class MpsLive {
  constructor(
    private readonly repo: MpsRepository,
    private readonly grid: MpsGrid,
  ) {}

  /** Stock positions (on hand, receipts) or drafts (already ordered) of these pairs changed. */
  async pairsChanged(tx: EntityManager, pairs: readonly { productId: string; warehouseId: string }[]): Promise<void> {
    const byWarehouse = new Map<string, string[]>();
    for (const p of await this.repo.plannedPairs(tx, pairs)) byWarehouse.set(p.warehouseId, [...(byWarehouse.get(p.warehouseId) ?? []), p.productId]);
    for (const [warehouseId, productIds] of [...byWarehouse].sort(([a], [b]) => (a < b ? -1 : 1))) await this.grid.refresh(tx, warehouseId, productIds.sort());
  }

  /** A sales order confirmed, a line changed or an order cancelled: its lines' open quantities are the actual demand. */
  async salesOrderChanged(tx: EntityManager, event: SalesOrderEvent): Promise<void> {
    const lines = demandOf(event);
    await this.repo.putSalesDemand(tx, lines);
    await this.pairsChanged(tx, lines);
  }
}

function demandOf(event: SalesOrderEvent): SalesDemandRow[] {
  const line = (salesOrderId: string, l: { lineId: string; productId: string; warehouseId: string; deliveryDate: string }, quantity: string): SalesDemandRow => ({
    salesLineId: l.lineId, salesOrderId, productId: l.productId, warehouseId: l.warehouseId, dueDate: l.deliveryDate, quantity,
  });
  if (event.type === salesOrderConfirmed.type) {
    const o = event.payload as PayloadOf<typeof salesOrderConfirmed>;
    return o.lines.map((l) => line(o.salesOrderId, l, l.quantity));
  }
  if (event.type === salesOrderLineChanged.type) {
    const l = event.payload as PayloadOf<typeof salesOrderLineChanged>;
    return [line(l.salesOrderId, l, l.newQuantity)];
  }
  const o = event.payload as PayloadOf<typeof salesOrderCancelled>;
  return o.lines.map((l) => line(o.salesOrderId, l, '0'));
}
