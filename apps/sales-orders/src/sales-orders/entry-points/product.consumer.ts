import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { productUpserted, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext } from '@replenish/messaging';
import { ProductRepository } from '../data-access/sales-order.repository.js';

/** Product master data (catalog.products), kept locally to check order lines. Last write wins. */
@Controller()
export class ProductConsumer {
  constructor(private readonly products: ProductRepository) {}

  @EventPattern<string>(productUpserted.type)
  async onProductUpserted(@Payload() event: EventEnvelope<PayloadOf<typeof productUpserted>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
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
