/**
 * bench:sweep's generated catalog, the same for a given size and seed: products bought from one of `vendors`
 * vendors (lead time 1 to 5 days), one reordering rule per product in each of two warehouses, and per
 * product-site one of three kinds:
 * - 'order' (~10%): automatic, min 5 / max 60, a receipt of 20 to 49 and a sales order line dated
 *   today + SALES_IN_DAYS that takes the forecast below min: it orders once the lead days reach that date;
 * - 'manual' (~10%): the same stock and sales, a manual rule (the replenishment report's rows);
 * - 'jit' (the rest): automatic, min = max = 0, no stock: evaluated, never orders.
 * With the warehouses' daysToPurchase at 0 (lead days 1 to 5) nothing orders; at LONG_DAYS_TO_PURCHASE every
 * 'order' site does. The baseline evaluates the same rules with libs/domain from in-memory inputs.
 */
import { addDays, defineUom, evaluateRule, leadDays, localDate, reorderingRule, stockPosition, type IsoDate } from '@replenish/domain';

export const SALES_IN_DAYS = 15;
export const LONG_DAYS_TO_PURCHASE = 20;
export const TIME_ZONE = 'UTC';

export type SiteKind = 'order' | 'manual' | 'jit';

export interface Site {
  productIndex: number;
  warehouseId: string;
  kind: SiteKind;
  min: string;
  max: string;
  /** On hand after the receipt ('0': no receipt). */
  onHand: string;
  /** The sales order line's quantity ('0': none). */
  sold: string;
}

export interface Product { id: string; vendorId: string; leadTimeDays: number }
export interface Rule { productId: string; warehouseId: string; min: string; max: string; multiple: string; trigger: 'automatic' | 'manual' }

export interface Catalog {
  /** Names products, vendors and moves of this run. */
  prefix: string;
  warehouses: [string, string];
  vendors: number;
  products: Product[];
  sites: Site[];
  today: IsoDate;
  salesDate: IsoDate;
}

/** Deterministic pseudo-random numbers (mulberry32), as bench:domain. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCatalog(rules: number, seed: number, prefix: string, warehouses: [string, string], vendors: number): Catalog {
  const random = rng(seed);
  const productCount = Math.ceil(rules / 2);
  const products = Array.from({ length: productCount }, (_, p) => ({
    id: `${prefix}-P${p}`, vendorId: `${prefix}-V${p % vendors}`, leadTimeDays: 1 + Math.floor(random() * 5),
  }));
  const sites: Site[] = [];
  for (let s = 0; s < rules; s++) {
    const r = random();
    const kind: SiteKind = r < 0.1 ? 'order' : r < 0.2 ? 'manual' : 'jit';
    const base = { productIndex: Math.floor(s / 2), warehouseId: warehouses[s % 2]! };
    if (kind === 'jit') {
      sites.push({ ...base, kind, min: '0', max: '0', onHand: '0', sold: '0' });
      continue;
    }
    const onHand = 20 + Math.floor(random() * 30);
    // forecast after the sale: 5 - 1 - (0..4), at or below min 5.
    const sold = onHand - 5 + 1 + Math.floor(random() * 5);
    sites.push({ ...base, kind, min: '5', max: '60', onHand: String(onHand), sold: String(sold) });
  }
  const today = localDate(new Date(), TIME_ZONE);
  return { prefix, warehouses, vendors, products, sites, today, salesDate: addDays(today, SALES_IN_DAYS) };
}

export const rulesOf = (c: Catalog): Rule[] => c.sites.map((s) => ({
  productId: c.products[s.productIndex]!.id, warehouseId: s.warehouseId, min: s.min, max: s.max, multiple: '1', trigger: s.kind === 'manual' ? 'manual' : 'automatic',
}));

const units = defineUom({ code: 'Units', category: 'unit', rounding: '1' });

/**
 * The limit: libs/domain evaluating the catalog's rules (automatic ones only with `automaticOnly`, as the sweep)
 * from in-memory inputs, the wire strings parsed as planning parses them. Best of `runs` after one warm-up.
 */
export function baseline(catalog: Catalog, daysToPurchase: number, automaticOnly: boolean, runs = 3): { ms: number; rules: number; ordering: number } {
  const sites = automaticOnly ? catalog.sites.filter((s) => s.kind !== 'manual') : catalog.sites;
  const evaluateAll = (): number => {
    let ordering = 0;
    for (const site of sites) {
      const product = catalog.products[site.productIndex]!;
      const evaluation = evaluateRule({
        rule: reorderingRule({ minimum: site.min, maximum: site.max, multiple: '1', trigger: site.kind === 'manual' ? 'manual' : 'automatic', visibilityDays: 0 }),
        position: stockPosition({ onHand: site.onHand, outgoing: site.sold === '0' ? [] : [{ date: catalog.salesDate, quantity: site.sold }], inProgress: '0' }),
        today: catalog.today,
        leadDays: leadDays({ route: 'buy', vendorLeadDays: product.leadTimeDays, purchaseSecurityLeadDays: 0, daysToPurchase }),
        timeZone: TIME_ZONE,
        uom: units,
      });
      if (evaluation.action === 'order') ordering++;
    }
    return ordering;
  };
  evaluateAll();
  let best = Infinity;
  let ordering = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    ordering = evaluateAll();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, rules: sites.length, ordering };
}
