import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { keepAlive, MessagingContext, type EventPatternExtras } from '@replenish/messaging';
import { salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import type { EntityManager } from 'typeorm';
import { CatalogRepository, SupplyResolver } from '../../catalog/index.js';
import { DraftOrderService } from '../../draft-orders/index.js';
import { RuleRepository } from '../../reordering-rules/index.js';
import { PropagationWaves, type ProductSiteKey } from '../../reordering-rules/index.js';
import { serializeWrites, whileExclusive, whileShared } from '../../shared/db.js';
import { PlanChanges } from '../../shared/plan-changes.js';
import { MtoRepository } from '../data-access/mto.repository.js';
import { MtoService } from '../mto.service.js';

/**
 * sales-orders.events: make-to-order lines raise, top up or shrink drafts. The rules their new demand reaches, down
 * every level, are evaluated once the batch's orders are placed, in waves (PropagationWaves, planning-016 addendum).
 */
@Controller()
export class SalesOrderConsumer {
  constructor(
    private readonly mto: MtoService,
    private readonly waves: PropagationWaves,
    private readonly plans: PlanChanges,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly drafts: DraftOrderService,
    private readonly rules: RuleRepository,
    private readonly mtoLines: MtoRepository,
  ) {}

  /**
   * A broker batch of confirmations at a time: their drafts are written and published once per batch, and their
   * components and sources evaluated once per batch (the waves). A batch shares the write lock and locks up front
   * the keys of what it may write or change the evaluation of (planning-016, third addendum), as a stock-position
   * batch does: it runs beside the batches of other keys (stock positions, sweep chunks, other replicas).
   */
  @EventPattern<string>(salesOrderConfirmed.type, { batch: true } satisfies EventPatternExtras)
  async onConfirmed(@Payload() events: EventEnvelope<PayloadOf<typeof salesOrderConfirmed>>[], @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    await whileShared(tx, () => this.waves.run(tx, async () => {
      const held = await this.lockAndHold(tx, events.flatMap((e) => e.payload.lines));
      try {
        for (const event of events) {
          const o = event.payload;
          for (const l of o.lines) {
            await this.mto.confirmLine(tx, { ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef }, l.quantity, event);
          }
          await keepAlive(tx);
        }
      } catch (e) {
        // The events are tried again one by one in the same transaction (savepoints): none may write into this batch.
        this.mtoLines.takeLines(tx);
        throw e;
      }
      // The lines before the waves: a forecast reads make-to-order origins with their lines' delivery dates.
      if (held) await this.drafts.flush(tx, [this.rules.takeEvaluations(tx), this.mtoLines.takeLines(tx)]);
    }));
    // Each line once (a confirmation seen twice in one batch): the plans upsert a row per line.
    const lines = new Map(events.flatMap((e) => e.payload.lines.map((l) => [l.lineId, { ...l, salesOrderId: e.payload.salesOrderId, orderRef: e.payload.orderRef }] as const)));
    await this.plans.salesLinesChanged(tx, [...lines.values()], events[events.length - 1]!); // the plans beside the rules: MRP's net change, the MPS's rows (planning-021, -022)
  }

  /**
   * Reads the catalog of the lines at once and locks, up front, the keys the batch may take (PropagationWaves.lockAhead):
   * the draft keys its lines may order into, the rule keys of their sites that have a rule or take from stock first,
   * and those of every site their drafts put demand on, down every level. Then, unless a product takes from stock
   * first (its free stock reads the drafts' make-to-order origins, which a held batch writes only at its end), opens a
   * unit of work on the drafts and evaluations the lines may order into: their open drafts loaded at once, written
   * and published at `flush` (as a stock-position batch does; decision planning-007), and its new make-to-order
   * lines inserted there in one statement. False when it opened none.
   */
  private async lockAndHold(tx: EntityManager, lines: readonly { lineId: string; productId: string; warehouseId: string }[]): Promise<boolean> {
    await this.catalog.preload(tx, lines.map((l) => l.productId), lines.map((l) => l.warehouseId));
    const draftKeys: string[] = [];
    const stock: ProductSiteKey[] = [];
    const reached: ProductSiteKey[] = [];
    for (const l of lines) {
      const product = await this.catalog.product(tx, l.productId);
      if (product?.takeFromStockFirst) stock.push(l);
      const supply = product ? await this.supplies.resolve(tx, product, l.warehouseId) : undefined;
      if (!supply?.ok) continue;
      draftKeys.push(...(await this.supplies.candidateKeys(tx, l.productId, supply.supply)));
      reached.push(...(await this.supplies.dependents(tx, l.productId, supply.supply)));
    }
    await this.waves.lockAhead(tx, { own: lines, stock, reached, draftKeys });
    if (stock.length > 0) return false;
    this.rules.beginBatch(tx);
    await this.drafts.beginBatch(tx, [...new Set(draftKeys)], { deferLines: true, products: [...new Set(lines.map((l) => l.productId))] });
    await this.mtoLines.beginBatch(tx, lines.map((l) => l.lineId));
    return true;
  }

  @EventPattern<string>(salesOrderLineChanged.type)
  async onLineChanged(@Payload() event: EventEnvelope<PayloadOf<typeof salesOrderLineChanged>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const l = event.payload;
    await whileExclusive(tx, () => this.waves.run(tx, () => this.mto.changeLine(tx, l, l.newQuantity, event)));
    await this.plans.salesLinesChanged(tx, [{ ...l, quantity: l.newQuantity }], event); // the plans beside the rules: MRP's net change, the MPS's rows (planning-021, -022)
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
    await this.plans.salesLinesChanged(tx, o.lines.map((l) => ({ ...l, salesOrderId: o.salesOrderId, orderRef: o.orderRef, quantity: '0' })), event); // the plans beside the rules: MRP's net change, the MPS's rows (planning-021, -022)
  }
}
