import { Injectable } from '@nestjs/common';
import {
  productUpserted,
  stockMoveDone,
  upstreamOrderCancelRequested,
  upstreamOrderConfirmRequested,
  upstreamOrderLineQuantityChanged,
  upstreamOrderSubmitted,
  type EventEnvelope,
  type PayloadOf,
} from '@replenish/contracts';
import { dec } from '@replenish/domain';
import { OnEvent, PermanentError } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { SalesOrderUseCases } from '../../application/sales-orders.use-cases.js';
import { ProductRepository } from '../../data-access/sales-order.repository.js';
import { ConcurrentModificationError, SalesOrderError } from '../../domain/errors.js';

type Envelope<D> = EventEnvelope<PayloadOf<D>>;

/**
 * Kafka entry point (upstream.orders): the same use cases as REST, inside the consumer's batch transaction,
 * where the inbox makes a redelivered event a no-op. A domain refusal (bad data, unknown order or product,
 * invalid transition) can never succeed on retry: PermanentError, i.e. dead letter with the reason. A lost
 * optimistic-concurrency race is an ordinary error: retried.
 */
@Injectable()
export class UpstreamOrdersHandler {
  constructor(private readonly useCases: SalesOrderUseCases) {}

  @OnEvent(upstreamOrderSubmitted)
  async onSubmitted(event: Envelope<typeof upstreamOrderSubmitted>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    await refuseAsPermanent(() =>
      this.useCases.submit(
        tx,
        {
          orderRef: p.orderRef,
          customerId: p.customerId ?? null,
          lines: p.lines.map((l) => ({ ...l, quantity: dec(l.quantity), commitmentDate: l.commitmentDate ?? null })),
        },
        { causedBy: event },
      ),
    );
  }

  @OnEvent(upstreamOrderConfirmRequested)
  async onConfirmRequested(event: Envelope<typeof upstreamOrderConfirmRequested>, tx: EntityManager): Promise<void> {
    await refuseAsPermanent(() => this.useCases.confirm(tx, { orderRef: event.payload.orderRef }, { causedBy: event }));
  }

  @OnEvent(upstreamOrderLineQuantityChanged)
  async onLineQuantityChanged(event: Envelope<typeof upstreamOrderLineQuantityChanged>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    await refuseAsPermanent(() => this.useCases.changeLineQuantity(tx, { orderRef: p.orderRef }, { lineRef: p.lineRef }, dec(p.quantity), { causedBy: event }));
  }

  @OnEvent(upstreamOrderCancelRequested)
  async onCancelRequested(event: Envelope<typeof upstreamOrderCancelRequested>, tx: EntityManager): Promise<void> {
    await refuseAsPermanent(() => this.useCases.cancel(tx, { orderRef: event.payload.orderRef }, event.payload.reason ?? null, { causedBy: event }));
  }
}

/** Product master data (catalog.products), kept locally to check order lines. Last write wins. */
@Injectable()
export class ProductsHandler {
  constructor(private readonly products: ProductRepository) {}

  @OnEvent(productUpserted)
  async onProductUpserted(event: Envelope<typeof productUpserted>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    await this.products.upsert(tx, {
      productId: p.productId,
      sku: p.sku,
      name: p.name,
      active: p.active,
      stockUom: p.stockUom,
      uoms: p.uoms,
      routes: p.routes,
    });
  }
}

export const CUSTOMER_LOCATION = 'virtual/customer';

/**
 * Delivery feedback (warehouse.stock-moves): a done move referencing one of our lines and going to the
 * customer adds to the line's delivered quantity; one coming back from the customer (a return) takes off
 * it. Moves of other kinds, or referencing lines that are not ours, are not our business.
 */
@Injectable()
export class DeliveriesHandler {
  constructor(private readonly useCases: SalesOrderUseCases) {}

  // Only moves of a sales line: the warehouse's other moves (most of them) cost no transaction here.
  @OnEvent(stockMoveDone, { when: (e) => (e as Envelope<typeof stockMoveDone>).payload.reference?.type === 'sales-order-line' })
  async onStockMoveDone(event: Envelope<typeof stockMoveDone>, tx: EntityManager): Promise<void> {
    const p = event.payload;
    const direction = p.toLocation === CUSTOMER_LOCATION ? 1 : p.fromLocation === CUSTOMER_LOCATION ? -1 : 0;
    if (direction === 0) return;
    await refuseAsPermanent(() =>
      this.useCases.recordDelivery(tx, { lineId: p.reference!.id, quantity: dec(p.quantity), uom: p.uom, direction }, { causedBy: event }),
    );
  }
}

async function refuseAsPermanent(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (e instanceof SalesOrderError && !(e instanceof ConcurrentModificationError)) {
      throw new PermanentError(`sales-orders refused the event: ${e.message}`, { cause: e });
    }
    throw e;
  }
}
