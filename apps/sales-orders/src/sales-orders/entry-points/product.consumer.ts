import { Injectable } from '@nestjs/common';
import { productUpserted, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { OnEvent } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { ProductRepository } from '../data-access/sales-order.repository.js';

/** Product master data (catalog.products), kept locally to check order lines. Last write wins. */
@Injectable()
export class ProductConsumer {
  constructor(private readonly products: ProductRepository) {}

  @OnEvent(productUpserted)
  async onProductUpserted(event: EventEnvelope<PayloadOf<typeof productUpserted>>, tx: EntityManager): Promise<void> {
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
