import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dec, topUpKeyString, uomOf } from '@replenish/domain';
import { DraftOrderService } from '../src/draft-orders/index.js';
import { RuleEvaluator } from '../src/reordering-rules/index.js';

// Random catalogs for the sweep's tests, seeded twice (copies on warehouses of their own), so that one copy is
// swept rule by rule (the reference) and the other set-based, and their drafts compared.

const UNITS = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
export const VENDORS = ['sweep-v1', 'sweep-v2'];

type Existing = 'none' | 'open' | 'mto' | 'confirmed';

export interface KeySpec {
  rule: { min: number; spread: number; multiple: number; automatic: boolean } | null;
  onHand: number;
  incoming: { day: number; quantity: number }[];
  outgoing: { day: number; quantity: number }[];
  existing: Existing;
  existingQty: number;
}

export interface ProductSpec {
  route: 'buy' | 'manufacture' | 'resupply';
  suppliers: { vendor: number; leadDays: number; minQty: number }[];
  /** Indexes of other products (components), for 'manufacture'. */
  components: { product: number; quantity: number }[];
  outputQty: number;
  /** One per warehouse (W1, W2): a resupplied product comes to W1 from W2 and to W2 from W1. */
  keys: [KeySpec, KeySpec];
}

const dated = fc.array(fc.record({ day: fc.integer({ min: 0, max: 12 }), quantity: fc.integer({ min: 1, max: 15 }) }), { maxLength: 2 });
const keySpec: fc.Arbitrary<KeySpec> = fc.record({
  rule: fc.option(fc.record({ min: fc.integer({ min: 0, max: 20 }), spread: fc.integer({ min: 0, max: 30 }), multiple: fc.constantFrom(1, 1, 4), automatic: fc.boolean().map((b) => b || Math.random() < 0.7) }), { freq: 5 }),
  onHand: fc.integer({ min: -5, max: 40 }),
  incoming: dated,
  outgoing: dated,
  existing: fc.constantFrom<Existing>('none', 'none', 'open', 'mto', 'confirmed'),
  existingQty: fc.integer({ min: 1, max: 20 }),
});

export const catalogArbitrary: fc.Arbitrary<ProductSpec[]> = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.array(
    fc.record({
      route: fc.constantFrom<ProductSpec['route']>('buy', 'buy', 'manufacture', 'resupply'),
      suppliers: fc.uniqueArray(fc.record({ vendor: fc.integer({ min: 0, max: 1 }), leadDays: fc.integer({ min: 0, max: 6 }), minQty: fc.integer({ min: 0, max: 25 }) }), { minLength: 1, maxLength: 2, selector: (s) => s.vendor }),
      components: fc.uniqueArray(fc.record({ product: fc.integer({ min: 0, max: n - 1 }), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2, selector: (c) => c.product }),
      outputQty: fc.integer({ min: 1, max: 3 }),
      keys: fc.tuple(keySpec, keySpec),
    }),
    { minLength: n, maxLength: n },
  ),
);

/** A seeded copy: its warehouses, and how to name its rules and sales lines whatever the copy. */
export interface Copy {
  prefix: string;
  warehouses: [string, string];
}

export const copyOf = (run: string, name: string): Copy => ({ prefix: `${run}${name}`, warehouses: [`${run}${name}-W1`, `${run}${name}-W2`] });

const addDays = (today: string, n: number): string => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Products, suppliers and BOMs (shared by the copies: ids of `run`), once. */
export async function seedCatalog(db: DataSource, run: string, products: readonly ProductSpec[]): Promise<void> {
  const pid = (i: number) => `${run}-p${i}`;
  await db.query(`INSERT INTO planning.vendors (id, name) SELECT v, v FROM unnest($1::text[]) v ON CONFLICT DO NOTHING`, [VENDORS]);
  for (const [i, p] of products.entries()) {
    await db.query(`INSERT INTO planning.products (id, sku, name, stock_uom, routes) VALUES ($1, $1, $1, $2, $3)`, [pid(i), JSON.stringify(UNITS), [p.route === 'resupply' ? 'buy' : p.route]]);
    for (const s of p.suppliers) {
      await db.query(`INSERT INTO planning.supplier_infos (id, product_id, vendor_id, lead_time_days, min_qty, price, sequence) VALUES ($1, $2, $3, $4, $5, 1, $6)`,
        [randomUUID(), pid(i), VENDORS[s.vendor], s.leadDays, s.minQty, 10 + s.vendor]);
    }
    const components = p.components.filter((c) => c.product !== i).map((c) => ({ productId: pid(c.product), quantity: String(c.quantity) }));
    if (p.route === 'manufacture') {
      await db.query(`INSERT INTO planning.boms (id, product_id, output_qty, production_delay_days, components) VALUES ($1, $2, $3, 1, $4)`, [`${pid(i)}-bom`, pid(i), p.outputQty, JSON.stringify(components)]);
    }
  }
}

/**
 * One copy of the catalog's planning state on its own warehouses: rules, stock positions, and drafts as the live
 * paths leave them (open with a manual need, open with an MTO line's need, confirmed and awaiting inventory's position).
 */
export async function seedCopy(app: INestApplication, run: string, copy: Copy, products: readonly ProductSpec[], today: string): Promise<void> {
  const db = app.get(DataSource);
  const drafts = app.get(DraftOrderService);
  const pid = (i: number) => `${run}-p${i}`;
  for (const w of copy.warehouses) {
    await db.query(`INSERT INTO planning.warehouse_settings (warehouse_id, purchase_security_lead_days, manufacturing_security_lead_days, days_to_purchase, transfer_lead_days)
      VALUES ($1, 1, 1, 1, 2)`, [w]);
  }
  for (const [i, p] of products.entries()) {
    for (const [wi, k] of p.keys.entries()) {
      const wh = copy.warehouses[wi] as string;
      const other = copy.warehouses[1 - wi] as string;
      if (k.rule) {
        await db.query(`INSERT INTO planning.reordering_rules (id, product_id, warehouse_id, min_qty, max_qty, multiple, trigger, route) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [randomUUID(), pid(i), wh, k.rule.min, k.rule.min + k.rule.spread, k.rule.multiple, k.rule.automatic ? 'automatic' : 'manual', p.route === 'resupply' ? `resupply:${other}` : null]);
      }
      await db.query(`INSERT INTO planning.stock_positions (product_id, warehouse_id, uom, on_hand, incoming, outgoing, sequence, as_of) VALUES ($1, $2, 'Units', $3, $4, $5, 1, now())`, [
        pid(i), wh, k.onHand,
        JSON.stringify(k.incoming.map((d) => ({ date: addDays(today, d.day), quantity: String(d.quantity) }))),
        JSON.stringify(k.outgoing.map((d) => ({ date: addDays(today, d.day), quantity: String(d.quantity) }))),
      ]);
      if (k.existing === 'none') continue;
      const vendor = VENDORS[k.existing === 'confirmed' ? 1 : 0] as string;
      const key = { type: 'purchase' as const, sourceId: vendor, destinationWarehouseId: wh };
      const line = `${copy.prefix}-sl-${i}-${wi}`;
      const plannedDate = addDays(today, 3);
      if (k.existing === 'mto') {
        await db.query(`INSERT INTO planning.mto_lines (sales_order_line_id, sales_order_id, order_ref, product_id, warehouse_id, quantity, delivery_date) VALUES ($1, $2, $2, $3, $4, $5, $6)`,
          [line, `${copy.prefix}-so`, pid(i), wh, k.existingQty, addDays(today, 5)]);
      }
      const origin = k.existing === 'mto' ? { kind: 'salesOrderLine' as const, id: line, salesOrderId: `${copy.prefix}-so` } : { kind: 'manual' as const, id: `${copy.prefix}-manual-${i}-${wi}` };
      await db.transaction((tx) => drafts.addNeed(tx, { key, productId: pid(i), quantity: dec(k.existingQty), uom: uomOf(UNITS), plannedDate, origin }, { keyString: topUpKeyString(key), warehouseId: wh, vendorId: vendor }));
    }
  }
  // Confirmed a moment ago: in progress until inventory's position carries them (AWAITING_POSITION_GRACE).
  await db.query(`WITH d AS (UPDATE planning.draft_orders SET state = 'confirmed', confirmed_at = now(), confirmed_event_id = gen_random_uuid()
      WHERE vendor_id = $1 AND warehouse_id = ANY($2::text[]) AND state = 'draft' RETURNING id)
    UPDATE planning.draft_lines SET awaiting_position = true WHERE draft_id IN (SELECT id FROM d)`, [VENDORS[1], copy.warehouses]);
}

/** The automatic rules' keys of a copy in the sweep's order (SweepRunRepository.create). */
export async function automaticKeysOf(db: DataSource, copy: Copy): Promise<{ productId: string; warehouseId: string }[]> {
  return db.query(`SELECT product_id AS "productId", warehouse_id AS "warehouseId" FROM planning.reordering_rules
    WHERE trigger = 'automatic' AND warehouse_id = ANY($1::text[]) ORDER BY product_id, warehouse_id`, [copy.warehouses]);
}

/** The reference: each automatic rule of the copy evaluated on its own, in its own transaction, in sweep order (the live path). */
export async function sweepRuleByRule(app: INestApplication, copy: Copy): Promise<void> {
  const db = app.get(DataSource);
  const evaluator = app.get(RuleEvaluator);
  for (const k of await automaticKeysOf(db, copy)) await db.transaction((tx) => evaluator.evaluateAndOrder(tx, { ...k, cause: 'daily-sweep' }));
}

/**
 * The copy's drafts as content, whatever the copy and whoever wrote them: per draft (type, source, warehouse, state,
 * order date) its lines by product with quantity, planned date and origins summed per (kind, ref); rules named by
 * their key, warehouses and sales lines without the copy's prefix. Ids, versions and line numbers are left out.
 */
export async function draftsOf(db: DataSource, copy: Copy, withOrigins = true): Promise<string[]> {
  const rows = await db.query<{ row: string }[]>(
    `SELECT concat_ws(' ', d.type, coalesce(d.vendor_id, d.bom_id, d.source_warehouse_id), d.warehouse_id, d.state, d.order_date::text, l.product_id,
        l.quantity::text, l.planned_date::text,
        CASE WHEN $2 THEN (SELECT string_agg(concat(o.kind, ':', coalesce(r.product_id || '@' || r.warehouse_id, o.ref), '=', o.quantity::text), ',' ORDER BY 1)
          FROM (SELECT o.kind, o.ref, sum(o.quantity) AS quantity FROM planning.draft_origins o WHERE o.line_id = l.id GROUP BY o.kind, o.ref) o
          LEFT JOIN planning.reordering_rules r ON o.kind = 'rule' AND r.id::text = o.ref) END) AS row
     FROM planning.draft_orders d JOIN planning.draft_lines l ON l.draft_id = d.id
     WHERE d.warehouse_id = ANY($1::text[]) AND d.state <> 'cancelled'`,
    [copy.warehouses, withOrigins],
  );
  return rows.map((r) => r.row.split(copy.prefix).join('<copy>')).sort();
}
