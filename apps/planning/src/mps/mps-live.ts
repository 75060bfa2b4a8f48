import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlanChanges, type ChangedSalesLine, type ChangedSite } from '../shared/plan-changes.js';
import { MpsRepository } from './data-access/mps.repository.js';
import { MpsGrid } from './mps-grid.service.js';

/**
 * The schedule kept live from the existing consumers, in their exactly-once transaction: they tell PlanChanges what
 * they handled (this is one of its listeners, planning.module.ts) and the rows it reaches (the product-sites in the
 * schedule and their components) are re-computed at once (decision planning-022). Pairs the schedule does not plan
 * cost one statement.
 */
@Injectable()
export class MpsLive extends PlanChanges {
  constructor(
    private readonly repo: MpsRepository,
    private readonly grid: MpsGrid,
  ) {
    super();
  }

  /** Stock positions (on hand, receipts) or drafts (already ordered) of these pairs changed. */
  async sitesChanged(tx: EntityManager, pairs: readonly ChangedSite[]): Promise<void> {
    const byWarehouse = new Map<string, string[]>();
    for (const p of await this.repo.plannedPairs(tx, pairs)) byWarehouse.set(p.warehouseId, [...(byWarehouse.get(p.warehouseId) ?? []), p.productId]);
    for (const [warehouseId, productIds] of [...byWarehouse].sort(([a], [b]) => (a < b ? -1 : 1))) await this.grid.refresh(tx, warehouseId, productIds.sort());
  }

  /** Sales lines confirmed, changed or cancelled: their open quantities are the actual demand. */
  async salesLinesChanged(tx: EntityManager, lines: readonly ChangedSalesLine[]): Promise<void> {
    await this.repo.putSalesDemand(
      tx,
      lines.map((l) => ({ salesLineId: l.lineId, salesOrderId: l.salesOrderId, productId: l.productId, warehouseId: l.warehouseId, dueDate: l.deliveryDate, quantity: l.quantity })),
    );
    await this.sitesChanged(tx, lines);
  }
}
