import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { productUpserted, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { MessagingContext } from '@replenish/messaging';
import { ProductRepository } from '../data-access/product.repository.js';

/** Product master data (catalog.products), kept locally to convert and check moves. Last write wins. */
@Controller()
export class ProductConsumer {
  private readonly log = new Logger('inventory.handlers');

  constructor(private readonly products: ProductRepository) {}

  @EventPattern<string>(productUpserted.type)
  async onProductUpserted(@Payload() event: EventEnvelope<PayloadOf<typeof productUpserted>>, @Ctx() ctx: MessagingContext): Promise<void> {
    const tx = ctx.getManager();
    const p = event.payload;
    const foreign = p.uoms.filter((u) => u.category !== p.stockUom.category).map((u) => u.code);
    if (foreign.length > 0) this.log.warn(`product ${p.productId}: UoMs ${foreign.join(', ')} are outside the stock UoM's category ${p.stockUom.category} and will be refused`);
    const uoms = p.uoms.some((u) => u.code === p.stockUom.code) ? p.uoms : [p.stockUom, ...p.uoms];
    await this.products.upsert(tx, { productId: p.productId, sku: p.sku, name: p.name, stockUom: p.stockUom, uoms, active: p.active });
  }
}
