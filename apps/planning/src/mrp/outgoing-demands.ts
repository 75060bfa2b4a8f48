import type { ProductSiteKey } from '../reordering-rules/index.js';
import { dec, type Decimal, type MrpDemand } from '../shared/domain.js';
import type { SalesLineRow } from './data-access/mrp-inputs.repository.js';

const siteKey = (k: ProductSiteKey): string => `${k.productId}@${k.warehouseId}`;

/**
 * Inventory's dated outgoing of a site as demands: each date's quantity goes first to the sales lines due that day
 * (their order, up to each line's open quantity), so that pegging names them; what is left is other outgoing.
 */
export function outgoingDemands(site: ProductSiteKey, outgoing: readonly { date: string; quantity: string }[], lines: readonly SalesLineRow[]): MrpDemand[] {
  const byDate = groupBy(lines, (l) => l.deliveryDate);
  const out: MrpDemand[] = [];
  for (const o of outgoing) {
    let left: Decimal = dec(o.quantity);
    for (const l of byDate.get(o.date) ?? []) {
      if (!left.gt(0)) break;
      const open = dec(l.quantity);
      const q = open.lt(left) ? open : left;
      if (!q.gt(0)) continue;
      out.push({ productId: site.productId, warehouseId: site.warehouseId, id: `sales-order-line:${l.lineId}`, source: 'salesOrderLine', date: o.date, quantity: q.toString(), document: `${l.orderRef}${l.lineNo !== null ? `, line ${l.lineNo}` : ''}` });
      left = left.minus(q);
    }
    if (left.gt(0)) out.push({ productId: site.productId, warehouseId: site.warehouseId, id: `outgoing:${siteKey(site)}:${o.date}`, source: 'other', date: o.date, quantity: left.toString(), document: `other outgoing on ${o.date}` });
  }
  return out;
}

/** `xs` by `by`, each group in the order given. */
export function groupBy<T>(xs: readonly T[], by: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = by(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
