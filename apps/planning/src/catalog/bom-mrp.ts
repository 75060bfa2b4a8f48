import { badRequest } from '@replenish/service-kit';
import { Decimal } from '../shared/domain.js';
import type { BomRow } from './data-access/catalog.repository.js';
import type { BomDto } from './entry-points/catalog.dto.js';

/**
 * What MRP reads of a BOM besides its components (decision planning-018): its type, each component's scrap % and
 * its by-products with their cost share, checked and with their defaults (normal, no scrap, share 0).
 */
export function bomMrpFields(dto: BomDto): Pick<BomRow, 'type' | 'components' | 'byProducts'> {
  const type = dto.type ?? 'normal';
  const byProducts = dto.byProducts ?? [];
  for (const [i, c] of dto.components.entries()) {
    if (c.scrapPercent !== undefined && new Decimal(c.scrapPercent).gte(100)) throw badRequest(`components.${i}.scrapPercent`, 'must be below 100 (%)');
  }
  if (type === 'phantom' && byProducts.length > 0) throw badRequest('byProducts', 'a phantom BOM (a kit) is never made, so nothing comes out of it besides its product');
  const taken = new Set([dto.productId, ...dto.components.map((c) => c.productId)]);
  let shares = new Decimal(0);
  for (const [i, b] of byProducts.entries()) {
    if (taken.has(b.productId)) throw badRequest(`byProducts.${i}.productId`, "must be neither the BOM's product, one of its components, nor another by-product");
    taken.add(b.productId);
    shares = shares.plus(b.costShare ?? '0');
  }
  if (shares.gt(100)) throw badRequest('byProducts', `the by-products' cost shares add up to ${shares.toString()} %, more than 100`);
  return {
    type,
    components: dto.components.map((c) => ({ productId: c.productId, quantity: c.quantity, ...(c.scrapPercent !== undefined ? { scrapPercent: c.scrapPercent } : {}) })),
    byProducts: byProducts.map((b) => ({ productId: b.productId, quantity: b.quantity, costShare: b.costShare ?? '0' })),
  };
}
