/**
 * bench:mrp's generated catalog (issue 13): ITEMS product-sites at one warehouse in LEVELS BOM levels, level 0 the end
 * items with weekly outgoing demand over the year, every other level made of 3 components of the next level, the
 * last level bought. The same data as planning's rows (written with SQL into a fresh database, planning's migrations
 * run) and as libs/domain's MrpInput (the baseline: the engine alone).
 */
import type { MrpInput, MrpItem } from '@replenish/domain';
import type pg from 'pg';

export const WAREHOUSE = 'WH-MRP';
export const VENDOR = 'V-MRP';
export const VENDOR_LEAD_DAYS = 5;
export const PRODUCTION_DELAY_DAYS = 2;
/** Made items lot for lot with an economic lot (fewer, larger orders); bought items net, so a receipt always changes them. */
export const ECONOMIC_LOT = '50';

export interface MrpBenchItem {
  id: string;
  level: number;
  bought: boolean;
  components: { productId: string; quantity: string }[];
  /** Outgoing demand (end items): date and quantity. */
  outgoing: { date: string; quantity: string }[];
}

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Items per level grow towards the leaves (10 %, 15 %, 20 %, 25 %, 30 % of 5 levels). */
export function generateMrpCatalog(items: number, levels: number, seed: number, today: string): MrpBenchItem[] {
  const rnd = random(seed);
  const weights = Array.from({ length: levels }, (_, l) => l + 2);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.round((items * w) / total)));
  counts[levels - 1] = Math.max(1, items - counts.slice(0, -1).reduce((a, b) => a + b, 0));
  const byLevel = counts.map((n, l) => Array.from({ length: n }, (_, i) => `L${l}-${String(i).padStart(5, '0')}`));
  return byLevel.flatMap((ids, l) => ids.map((id): MrpBenchItem => {
    const next = byLevel[l + 1];
    const components = next
      ? [...new Set(Array.from({ length: 3 }, () => next[Math.floor(rnd() * next.length)] as string))].map((productId) => ({ productId, quantity: String(1 + Math.floor(rnd() * 3)) }))
      : [];
    const outgoing = l === 0
      ? Array.from({ length: 52 }, (_, w) => ({ date: addDays(today, 3 + w * 7), quantity: String(1 + Math.floor(rnd() * 5)) }))
      : [];
    return { id, level: l, bought: !next, components, outgoing };
  }));
}

/** Writes the catalog into planning's tables (its migrations ran): products, vendor, BOMs, policies, MRP planning data, positions. */
export async function seedPlanning(c: pg.Client, items: readonly MrpBenchItem[]): Promise<void> {
  const uom = JSON.stringify({ code: 'Units', category: 'unit', factor: '1', rounding: '1' });
  await c.query(`INSERT INTO planning.warehouse_settings (warehouse_id, time_zone) VALUES ($1, 'UTC') ON CONFLICT DO NOTHING`, [WAREHOUSE]);
  await c.query(`INSERT INTO planning.vendors (id, name) VALUES ($1, 'MRP bench vendor')`, [VENDOR]);
  await c.query(`INSERT INTO planning.reorder_policies (code, suggestion_type, reorder_quantity, splitting, safety_stock, replanning_analysis, apply_shrinkage)
    VALUES ('ECO', 'withMrpPegging', 'minimumWithoutRounding', 'none', false, false, false), ('NET', 'withMrpPegging', 'net', 'none', false, false, false)`);
  const ids = items.map((i) => i.id);
  await c.query(
    `INSERT INTO planning.products (id, sku, name, stock_uom, routes) SELECT id, id, id, $2::jsonb, CASE WHEN b THEN ARRAY['buy'] ELSE ARRAY['manufacture'] END
     FROM unnest($1::text[], $3::boolean[]) AS x(id, b)`,
    [ids, uom, items.map((i) => i.bought)],
  );
  const bought = items.filter((i) => i.bought).map((i) => i.id);
  await c.query(
    `INSERT INTO planning.supplier_infos (id, product_id, vendor_id, lead_time_days, min_qty, price) SELECT gen_random_uuid(), p, $2, $3, 0, 1 FROM unnest($1::text[]) AS p`,
    [bought, VENDOR, VENDOR_LEAD_DAYS],
  );
  const made = items.filter((i) => !i.bought);
  await c.query(
    `INSERT INTO planning.boms (id, product_id, output_qty, production_delay_days, components) SELECT 'BOM-' || p, p, 1, $3, c::jsonb FROM unnest($1::text[], $2::text[]) AS x(p, c)`,
    [made.map((i) => i.id), made.map((i) => JSON.stringify(i.components)), PRODUCTION_DELAY_DAYS],
  );
  await c.query(
    `INSERT INTO planning.product_site_planning (product_id, warehouse_id, planning_method, reorder_policy_code, economic_lot)
     SELECT p, $2, 'mrp', CASE WHEN b THEN 'NET' ELSE 'ECO' END, CASE WHEN b THEN 0 ELSE $4::numeric END FROM unnest($1::text[], $3::boolean[]) AS x(p, b)`,
    [ids, WAREHOUSE, items.map((i) => i.bought), ECONOMIC_LOT],
  );
  await c.query(
    `INSERT INTO planning.stock_positions (product_id, warehouse_id, uom, on_hand, incoming, outgoing, sequence, as_of)
     SELECT p, $2, 'Units', 0, '[]', o::jsonb, 1, now() FROM unnest($1::text[], $3::text[]) AS x(p, o)`,
    [ids, WAREHOUSE, items.map((i) => JSON.stringify(i.outgoing))],
  );
}

/** The same catalog as libs/domain's input: the baseline runs planMrp on it alone. */
export function mrpInputOf(items: readonly MrpBenchItem[], runAt: Date, horizonDays: number): MrpInput {
  const policy = (bought: boolean) => ({ code: bought ? 'NET' : 'ECO', reorderQuantity: bought ? 'net' as const : 'minimumWithoutRounding' as const });
  return {
    runAt, timeZone: 'UTC', bucket: 'day', horizonDays,
    items: items.map((i): MrpItem => ({
      productId: i.id, warehouseId: WAREHOUSE, policy: policy(i.bought), planning: { economicLot: i.bought ? '0' : ECONOMIC_LOT }, onHand: '0', uomStep: '1',
      ...(i.bought
        ? { replenishment: 'buy' as const, leadDays: VENDOR_LEAD_DAYS }
        : { replenishment: 'manufacture' as const, leadDays: PRODUCTION_DELAY_DAYS, bom: { bomId: `BOM-${i.id}`, outputQuantity: '1', phantom: false, components: i.components } }),
    })),
    demands: items.flatMap((i) => i.outgoing.map((o) => ({ productId: i.id, warehouseId: WAREHOUSE, id: `outgoing:${i.id}@${WAREHOUSE}:${o.date}`, source: 'other' as const, date: o.date, quantity: o.quantity }))),
    receipts: [],
  };
}
