import { Injectable, Logger } from '@nestjs/common';
import {
  draftOrderCancelled, draftOrderConfirmed, productUpserted, salesOrderCancelled, salesOrderConfirmed, salesOrderLineChanged, stockMoveDone,
  type EventEnvelope, type PayloadOf,
} from '@replenish/contracts';
import { OnEvent, PermanentError } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { BatchScope } from '../../application/batch-scope.js';
import { StockService } from '../../application/stock.service.js';
import { InventoryInputError } from '../../domain/errors.js';
import { plannedFromDraft, plannedFromSalesLines, productsOfDraft, type PlannedMoveSpec } from '../../domain/planned-moves.js';
import { ProductRepository } from '../../data-access/product.repository.js';
import { StockRepository } from '../../data-access/stock.repository.js';

type Env<D> = EventEnvelope<PayloadOf<D>>;

/** Bad data found by the domain becomes a dead letter with its reason; a reference may exist later, hence the hint to replay. */
async function permanentOnBadInput<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InventoryInputError) throw new PermanentError(`${what}: ${e.message} (field ${e.field})${e.notFound ? '; replay this dead letter once it exists' : ''}`, { cause: e });
    throw e;
  }
}

const cause = (e: EventEnvelope) => ({ id: e.id, correlationId: e.correlationId });

/**
 * Inventory's consumers. Each handler validates and records its change; position events are coalesced
 * per batch (BatchScope). Redeliveries are no-ops: the messaging inbox dedupes event ids, the ledger
 * dedupes move ids, planned moves are upserts.
 */
@Injectable()
export class InventoryHandlers {
  private readonly log = new Logger('inventory.handlers');

  constructor(
    private readonly stock: StockService,
    private readonly scope: BatchScope,
    private readonly products: ProductRepository,
    private readonly repo: StockRepository,
  ) {}

  @OnEvent(stockMoveDone)
  async onStockMoveDone(event: Env<typeof stockMoveDone>, tx: EntityManager): Promise<void> {
    const move = await permanentOnBadInput(`stock move ${event.payload.moveId}`, () => this.stock.resolveMove(tx, event.payload, event.id));
    await this.scope.addMove(tx, move, cause(event));
  }

  @OnEvent(productUpserted)
  async onProductUpserted(event: Env<typeof productUpserted>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    const foreign = p.uoms.filter((u) => u.category !== p.stockUom.category).map((u) => u.code);
    if (foreign.length > 0) this.log.warn(`product ${p.productId}: UoMs ${foreign.join(', ')} are outside the stock UoM's category ${p.stockUom.category} and will be refused`);
    const uoms = p.uoms.some((u) => u.code === p.stockUom.code) ? p.uoms : [p.stockUom, ...p.uoms];
    await this.products.upsert(tx, { productId: p.productId, sku: p.sku, name: p.name, stockUom: p.stockUom, uoms, active: p.active });
  }

  @OnEvent(salesOrderConfirmed)
  async onSalesOrderConfirmed(event: Env<typeof salesOrderConfirmed>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    await this.plan(tx, event, `sales order ${p.salesOrderId}`, async () => {
      const products = await this.products.load(tx, p.lines.map((l) => l.productId));
      return plannedFromSalesLines(p.salesOrderId, p.lines, (id) => products.get(id));
    });
  }

  @OnEvent(salesOrderLineChanged)
  async onSalesOrderLineChanged(event: Env<typeof salesOrderLineChanged>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    await this.plan(tx, event, `sales order ${p.salesOrderId} line ${p.lineId}`, async () => {
      const products = await this.products.load(tx, [p.productId]);
      return plannedFromSalesLines(p.salesOrderId, [{ ...p, quantity: p.newQuantity }], (id) => products.get(id));
    });
  }

  @OnEvent(salesOrderCancelled)
  async onSalesOrderCancelled(event: Env<typeof salesOrderCancelled>, tx: EntityManager): Promise<void> {
    const touched = await this.repo.cancelPlanned(tx, 'sales-order-line', event.payload.lines.map((l) => l.lineId));
    await this.scope.touch(tx, touched, cause(event));
  }

  @OnEvent(draftOrderConfirmed)
  async onDraftOrderConfirmed(event: Env<typeof draftOrderConfirmed>, tx: EntityManager): Promise<void> {
    const d = event.payload;
    await this.plan(tx, event, `draft order ${d.draftOrderId}`, async () => {
      const products = await this.products.load(tx, productsOfDraft(d));
      return plannedFromDraft(d, (id) => products.get(id));
    });
  }

  /** Only drafts are cancelled (a confirmed draft is frozen), and drafts have no planned moves: normally a no-op. */
  @OnEvent(draftOrderCancelled)
  async onDraftOrderCancelled(event: Env<typeof draftOrderCancelled>, tx: EntityManager): Promise<void> {
    const touched = await this.repo.cancelPlanned(tx, 'draft-order', [event.payload.draftOrderId]);
    if (touched.length > 0) this.log.warn(`draft order ${event.payload.draftOrderId} cancelled after confirmation: its remaining planned moves are removed`);
    await this.scope.touch(tx, touched, cause(event));
  }

  private async plan(tx: EntityManager, event: EventEnvelope, what: string, build: () => Promise<PlannedMoveSpec[]>): Promise<void> {
    const specs = await permanentOnBadInput(what, build);
    await this.repo.upsertPlanned(tx, specs);
    await this.scope.touch(tx, specs, cause(event));
  }
}
