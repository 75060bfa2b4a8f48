import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  salesOrderCancelled,
  salesOrderConfirmed,
  salesOrderLineChanged,
  type EventEnvelope,
  type PayloadOf,
} from '@replenish/contracts';
import type { Decimal } from '@replenish/domain';
import { EventPublisher } from '@replenish/messaging';
import { assertWithinBound } from '@replenish/service-kit';
import type { EntityManager } from 'typeorm';
import { SalesOrderRepository, ProductRepository } from './data-access/sales-order.repository.js';
import { WarehouseRepository } from './data-access/warehouse.repository.js';
import { InvalidOrderDataError, SalesOrderNotFoundError, UnknownWarehouseError } from './errors.js';
import { checkLineAgainstProduct, checkOnStep, convertForProduct, productUom } from './product-rules.js';
import {
  cancel,
  changeLineQuantity,
  confirm,
  deliveryDate,
  findLine,
  recordDelivery,
  submitDraft,
  validateDraftInput,
  type DraftInput,
  type OrderLine,
  type OrderStatus,
  type Outcome,
  type SalesOrder,
} from './sales-order.js';

/** Which order: our id or the upstream order reference. */
export type OrderTarget = { id: string } | { orderRef: string };
/** Which line: our line id or the upstream line reference. */
export type LineTarget = { lineId: string } | { lineRef: string };

/** Where a command comes from: the event that caused it (Kafka), for causation and correlation ids. */
export interface CommandContext {
  causedBy?: EventEnvelope;
}

export interface SubmitResult {
  order: SalesOrder;
  created: boolean;
}

/**
 * The use cases behind both entry points (REST and Kafka). Each runs inside the caller's transaction `tx`:
 * the REST layer opens one (with the idempotency key), the Kafka consumer hands its batch transaction (with
 * the inbox). State change and outbox events are written in that same transaction.
 */
@Injectable()
export class SalesOrderUseCases {
  constructor(
    private readonly orders: SalesOrderRepository,
    private readonly products: ProductRepository,
    private readonly warehouses: WarehouseRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /** Create the order as a draft, or replace its draft (matched by order reference). */
  async submit(tx: EntityManager, input: DraftInput, ctx: CommandContext = {}): Promise<SubmitResult> {
    validateDraftInput(input);
    const warehouses = await this.warehouses.known(tx, input.lines.map((l) => l.warehouseId));
    const unknown = input.lines.findIndex((l) => !warehouses.has(l.warehouseId));
    if (unknown >= 0) throw new UnknownWarehouseError(`lines.${unknown}.warehouseId`, input.lines[unknown]!.warehouseId);
    const products = await this.products.findMany(tx, input.lines.map((l) => l.productId));
    input.lines.forEach((l, i) => checkLineAgainstProduct(l, products.get(l.productId), `lines.${i}`));
    const existing = await this.orders.findByRef(tx, input.orderRef);
    const outcome = submitDraft(existing, input, randomUUID);
    const order = await this.apply(tx, outcome, ctx);
    return { order, created: !existing };
  }

  async confirm(tx: EntityManager, target: OrderTarget, ctx: CommandContext = {}, now = new Date()): Promise<SalesOrder> {
    const order = await this.load(tx, target);
    return this.apply(tx, confirm(order, now), ctx);
  }

  async changeLineQuantity(tx: EntityManager, target: OrderTarget, line: LineTarget, quantity: Decimal, ctx: CommandContext = {}, now = new Date()): Promise<SalesOrder> {
    const order = await this.load(tx, target);
    const current = findLine(order, line);
    const product = (await this.products.findMany(tx, [current.productId])).get(current.productId);
    const uom = product && productUom(product, current.uom);
    if (uom) checkOnStep(quantity, uom, 'quantity');
    return this.apply(tx, changeLineQuantity(order, line, quantity, now), ctx);
  }

  async cancel(tx: EntityManager, target: OrderTarget, reason: string | null, ctx: CommandContext = {}, now = new Date()): Promise<SalesOrder> {
    const order = await this.load(tx, target);
    return this.apply(tx, cancel(order, reason, now), ctx);
  }

  /**
   * Delivery feedback from a done stock move referencing one of our lines: a move to the customer adds to
   * the delivered quantity, a move back from the customer (a return) takes off it. Returns undefined when
   * the line is not ours.
   */
  async recordDelivery(
    tx: EntityManager,
    move: { lineId: string; quantity: Decimal; uom: string; direction: 1 | -1 },
    ctx: CommandContext = {},
    now = new Date(),
  ): Promise<SalesOrder | undefined> {
    const order = await this.orders.findByLineId(tx, move.lineId);
    if (!order) return undefined;
    const line = findLine(order, { lineId: move.lineId });
    const product = (await this.products.findMany(tx, [line.productId])).get(line.productId);
    const converted = product && convertForProduct(product, move.quantity, move.uom, line.uom);
    if (!converted) {
      throw new InvalidOrderDataError('uom', `UoM ${move.uom} of the move cannot be converted into ${line.uom} of product ${line.productId}`);
    }
    const delta = move.direction === 1 ? converted : converted.negated();
    // Deliveries may exceed the line (over-delivery), so their sum needs its own guard (docs/semantics.md, "Numeric bounds").
    assertWithinBound(line.deliveredQuantity.plus(delta), 'quantity', `booking this delivery would take the delivered quantity of line ${line.lineRef} of sales order ${order.orderRef}`);
    return this.apply(tx, recordDelivery(order, line.id, delta, now), ctx);
  }

  async get(tx: EntityManager, target: OrderTarget): Promise<SalesOrder> {
    return this.load(tx, target);
  }

  async list(tx: EntityManager, status: OrderStatus | undefined, page: number, pageSize: number): Promise<{ items: SalesOrder[]; total: number }> {
    return this.orders.list(tx, status, page, pageSize);
  }

  private async load(tx: EntityManager, target: OrderTarget): Promise<SalesOrder> {
    const order = 'id' in target ? await this.orders.findById(tx, target.id) : await this.orders.findByRef(tx, target.orderRef);
    if (!order) {
      throw new SalesOrderNotFoundError('id' in target ? `no sales order with id ${target.id}` : `no sales order with reference ${target.orderRef}`, 'id' in target ? 'id' : 'orderRef');
    }
    return order;
  }

  /** Stores a changed order (optimistic concurrency) and writes its events to the outbox, same transaction. */
  private async apply(tx: EntityManager, outcome: Outcome, ctx: CommandContext): Promise<SalesOrder> {
    if (!outcome.changed) return outcome.order;
    const order = await this.orders.save(tx, outcome.order);
    const publishCtx = ctx.causedBy ? { causedBy: ctx.causedBy } : undefined;
    for (const effect of outcome.effects) {
      switch (effect.kind) {
        case 'confirmed':
          await this.publisher.publish(tx, salesOrderConfirmed, confirmedPayload(order), publishCtx);
          break;
        case 'line-changed': {
          const line = findLine(order, { lineId: effect.lineId });
          const payload: PayloadOf<typeof salesOrderLineChanged> = {
            ...lineFields(line, order.lines.indexOf(line)),
            salesOrderId: order.id,
            orderRef: order.orderRef,
            oldQuantity: effect.oldQuantity.toString(),
            newQuantity: effect.newQuantity.toString(),
          };
          await this.publisher.publish(tx, salesOrderLineChanged, payload, publishCtx);
          break;
        }
        case 'cancelled':
          await this.publisher.publish(tx, salesOrderCancelled, cancelledPayload(order, effect.wasConfirmed), publishCtx);
          break;
        case 'done':
          // No event: inventory learns deliveries from the stock moves themselves.
          break;
      }
    }
    return order;
  }
}

/** A line's fields in events; `index` is its place in the order (lines keep their places once confirmed). */
const lineFields = (l: OrderLine, index: number) => ({
  lineId: l.id,
  lineRef: l.lineRef,
  lineNo: index + 1,
  productId: l.productId,
  warehouseId: l.warehouseId,
  uom: l.uom,
  route: l.route,
  deliveryDate: deliveryDate(l),
});

export function confirmedPayload(order: SalesOrder): PayloadOf<typeof salesOrderConfirmed> {
  return {
    salesOrderId: order.id,
    orderRef: order.orderRef,
    confirmedAt: order.confirmedAt ?? new Date().toISOString(),
    lines: order.lines.map((l, i) => ({ ...lineFields(l, i), quantity: l.quantity.toString() })),
  };
}

export function cancelledPayload(order: SalesOrder, wasConfirmed: boolean): PayloadOf<typeof salesOrderCancelled> {
  return {
    salesOrderId: order.id,
    orderRef: order.orderRef,
    wasConfirmed,
    lines: order.lines.map((l, i) => ({ ...lineFields(l, i), quantity: l.quantity.toString(), deliveredQuantity: l.deliveredQuantity.toString() })),
  };
}
