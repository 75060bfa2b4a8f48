import { notFound } from '@replenish/service-kit';
import type { EntityManager } from 'typeorm';
import type { ProductRecord, ProductRepository } from './data-access/product.repository.js';

/** The product, or 404 naming productId: a read about a product no product.upserted has told inventory of. */
export async function knownProduct(products: ProductRepository, tx: EntityManager, productId: string): Promise<ProductRecord> {
  const p = await products.get(tx, productId);
  if (!p) throw notFound('productId', `unknown product ${productId}`);
  return p;
}
