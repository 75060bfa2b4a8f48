import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductUoms } from '../product-uom.js';
import type { UomWire } from '@replenish/contracts';
import { sql } from '../../shared/sql.js';

export interface ProductRecord extends ProductUoms {
  sku: string;
  name: string;
  active: boolean;
}

const TTL_MS = 30_000;

/**
 * Local copy of product master data (product.upserted). Known products are cached for 30 s: the move path
 * looks products up for every move, and a product's UoMs change rarely. A product not found is never
 * cached, so that a product event makes it known at once.
 */
@Injectable()
export class ProductRepository {
  private readonly cache = new Map<string, { product: ProductRecord; until: number }>();

  async load(m: EntityManager, ids: Iterable<string>): Promise<Map<string, ProductRecord>> {
    const out = new Map<string, ProductRecord>();
    const missing: string[] = [];
    const now = Date.now();
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit && hit.until > now) out.set(id, hit.product);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await sql<{ product_id: string; sku: string; name: string; stock_uom: UomWire; uoms: UomWire[]; active: boolean }>(
        m, `SELECT product_id, sku, name, stock_uom, uoms, active FROM inventory.products WHERE product_id = ANY($1::varchar[])`, [missing]);
      for (const r of rows) {
        const product: ProductRecord = { productId: r.product_id, sku: r.sku, name: r.name, stockUom: r.stock_uom, uoms: r.uoms, active: r.active };
        out.set(r.product_id, product);
        this.cache.set(r.product_id, { product, until: now + TTL_MS });
      }
    }
    return out;
  }

  async get(m: EntityManager, id: string): Promise<ProductRecord | undefined> {
    return (await this.load(m, [id])).get(id);
  }

  async upsert(m: EntityManager, p: ProductRecord): Promise<void> {
    this.cache.delete(p.productId);
    await sql(m, `INSERT INTO inventory.products (product_id, sku, name, stock_uom, uoms, active, updated_at)
      VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, now())
      ON CONFLICT (product_id) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name, stock_uom = EXCLUDED.stock_uom,
        uoms = EXCLUDED.uoms, active = EXCLUDED.active, updated_at = now()`,
      [p.productId, p.sku, p.name, JSON.stringify(p.stockUom), JSON.stringify(p.uoms), p.active]);
  }
}
