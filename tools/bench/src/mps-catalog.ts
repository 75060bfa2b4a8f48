/**
 * bench:mps's generated schedule (issue 14): SITES product-sites at one warehouse, all in a weekly schedule of COLUMNS
 * columns, in 2 BOM levels below the end items: end items (20 %) made of 3 sub-assemblies, sub-assemblies (30 %) made
 * of 3 parts, parts (50 %) bought. End items have a forecast in every column and safety targets with min/max clamps.
 * The same data as planning's rows (written with SQL into a fresh database, planning's migrations run) and as
 * libs/domain's computeMpsGrid input (the baseline: the computation alone).
 */
import { defineUom, periodStarts, type MpsSiteInput } from '@replenish/domain';
import type pg from 'pg';

export const WAREHOUSE = 'WH-MPS';
export const VENDOR = 'V-MPS';
export const VENDOR_LEAD_DAYS = 5;
export const PRODUCTION_DELAY_DAYS = 7;

export interface MpsBenchSite {
  id: string;
  level: 0 | 1 | 2;
  components: { productId: string; quantity: string }[];
  /** One forecast per column (end items only). */
  forecast: string[];
  onHand: string;
}

/** A deterministic spread of (i, k) over [0, n): every run of a seed builds the same schedule. */
const spread = (seed: number, i: number, k: number, n: number): number => ((Math.imul(i + 1, 2654435761) ^ Math.imul(k + seed, 40503)) >>> 0) % n;

export function generateMpsCatalog(sites: number, columns: number, seed: number): MpsBenchSite[] {
  const counts = [Math.round(sites * 0.2), Math.round(sites * 0.3)];
  const byLevel = [counts[0] as number, counts[1] as number, sites - (counts[0] as number) - (counts[1] as number)]
    .map((n, l) => Array.from({ length: n }, (_, i) => `M${l}-${String(i).padStart(5, '0')}`));
  return byLevel.flatMap((ids, l) => ids.map((id, i): MpsBenchSite => {
    const next = byLevel[l + 1];
    const components = next
      ? [...new Set([0, 1, 2].map((k) => next[spread(seed, i + l * sites, k, next.length)] as string))].map((productId, k) => ({ productId, quantity: String(1 + spread(seed, i, k + 3, 3)) }))
      : [];
    return { id, level: l as 0 | 1 | 2, components, forecast: l === 0 ? Array.from({ length: columns }, (_, w) => String(spread(seed, i, w + 10, 40))) : [], onHand: String(spread(seed, i + l * sites, 7, 100)) };
  }));
}

/** Writes the schedule into planning's tables: products, vendor, BOMs, positions, the schedule's settings, sites and forecasts. */
export async function seedPlanning(c: pg.Client, sites: readonly MpsBenchSite[], columns: number, today: string): Promise<void> {
  const uom = JSON.stringify({ code: 'Units', category: 'unit', factor: '1', rounding: '1' });
  const ids = sites.map((s) => s.id);
  const bought = sites.filter((s) => s.level === 2).map((s) => s.id);
  const made = sites.filter((s) => s.level < 2);
  await c.query(`INSERT INTO planning.warehouse_settings (warehouse_id, time_zone) VALUES ($1, 'UTC') ON CONFLICT DO NOTHING`, [WAREHOUSE]);
  await c.query(`INSERT INTO planning.vendors (id, name) VALUES ($1, 'MPS bench vendor')`, [VENDOR]);
  await c.query(
    `INSERT INTO planning.products (id, sku, name, stock_uom, routes) SELECT id, id, id, $2::jsonb, CASE WHEN l = 2 THEN ARRAY['buy'] ELSE ARRAY['manufacture'] END
     FROM unnest($1::text[], $3::int[]) AS x(id, l)`,
    [ids, uom, sites.map((s) => s.level)],
  );
  await c.query(`INSERT INTO planning.supplier_infos (id, product_id, vendor_id, lead_time_days, min_qty, price) SELECT gen_random_uuid(), p, $2, $3, 0, 1 FROM unnest($1::text[]) AS p`,
    [bought, VENDOR, VENDOR_LEAD_DAYS]);
  await c.query(`INSERT INTO planning.boms (id, product_id, output_qty, production_delay_days, components) SELECT 'BOM-' || p, p, 1, $3, c::jsonb FROM unnest($1::text[], $2::text[]) AS x(p, c)`,
    [made.map((s) => s.id), made.map((s) => JSON.stringify(s.components)), PRODUCTION_DELAY_DAYS]);
  await c.query(`INSERT INTO planning.stock_positions (product_id, warehouse_id, uom, on_hand, sequence, as_of) SELECT p, $2, 'Units', q, 1, now() FROM unnest($1::text[], $3::numeric[]) AS x(p, q)`,
    [ids, WAREHOUSE, sites.map((s) => s.onHand)]);
  await c.query(`INSERT INTO planning.mps_settings (warehouse_id, period, columns) VALUES ($1, 'week', $2)`, [WAREHOUSE, columns]);
  await c.query(`INSERT INTO planning.mps_planned (product_id, warehouse_id) SELECT p, $2 FROM unnest($1::text[]) AS p`, [ids, WAREHOUSE]);
  await c.query(`INSERT INTO planning.mps_targets (product_id, warehouse_id, safety_target, minimum, maximum) SELECT p, $2, 20, 10, 500 FROM unnest($1::text[]) AS p`, [ids, WAREHOUSE]);
  const starts = periodStarts('week', today, columns);
  const ends = sites.filter((s) => s.level === 0);
  await c.query(`INSERT INTO planning.mps_forecasts (warehouse_id, product_id, period_start, quantity) SELECT $1, p, d, q FROM unnest($2::text[], $3::date[], $4::numeric[]) AS x(p, d, q)`, [
    WAREHOUSE, ends.flatMap((s) => s.forecast.map(() => s.id)), ends.flatMap((s) => s.forecast.map((_, i) => starts[i])), ends.flatMap((s) => s.forecast),
  ]);
}

const units = defineUom({ code: 'Units', category: 'unit' });

/** The same schedule as libs/domain's input: the baseline runs computeMpsGrid on it alone. */
export function gridInputOf(sites: readonly MpsBenchSite[]): MpsSiteInput[] {
  return sites.map((s) => ({
    productId: s.id, targets: { safetyTarget: '20', minimum: '10', maximum: '500' }, startingStock: s.onHand,
    leadDays: s.level === 2 ? VENDOR_LEAD_DAYS : PRODUCTION_DELAY_DAYS, forecast: s.forecast, actualDemand: [], alreadyOrdered: [], overrides: [],
    ...(s.level < 2 ? { bom: { outputQuantity: '1', components: s.components.map((c) => ({ ...c, uom: units })) } } : {}),
  }));
}
