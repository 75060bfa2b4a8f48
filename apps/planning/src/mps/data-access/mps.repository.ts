import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MpsPeriod } from '@replenish/domain';
import { isoDateOf, preparedRow, preparedRows } from '../../shared/db.js';

/** A warehouse's schedule: column length and count. */
export interface MpsSettingsRow {
  warehouseId: string;
  period: MpsPeriod;
  columns: number;
}

export const DEFAULT_MPS_SETTINGS = (warehouseId: string): MpsSettingsRow => ({ warehouseId, period: 'week', columns: 12 });

/** A product-site in the schedule, with its targets (0, 0 and no maximum until set). */
export interface MpsTargetsRow {
  productId: string;
  warehouseId: string;
  safetyTarget: string;
  minimum: string;
  maximum: string | null;
}

/** A date and a quantity, as the inputs of a row come from the database. */
export type DatedAmount = [date: string, quantity: string];

/** What one product-site's row is computed from, besides its targets and the catalog. */
export interface MpsInputsRow {
  productId: string;
  onHand: string;
  /** Planned receipts (confirmed orders), from the product's stock position. */
  incoming: { date: string; quantity: string }[];
  /** Quantities of open drafts, by planned date. */
  drafts: DatedAmount[] | null;
  forecasts: DatedAmount[] | null;
  overrides: DatedAmount[] | null;
  sales: DatedAmount[] | null;
}

/** A computed row as stored: every figure per column, as decimal strings. */
export interface MpsFigures {
  leadDays: number;
  orderDates: string[];
  startingStock: string[];
  forecast: string[];
  actualDemand: string[];
  demand: string[];
  indirectDemand: string[];
  suggested: string[];
  override: (string | null)[];
  replenishment: string[];
  alreadyOrdered: string[];
  toReplenish: string[];
  forecastedStock: string[];
}

export interface MpsStoredRow {
  productId: string;
  firstPeriod: string;
  figures: MpsFigures;
}

/** A sales order line's open quantity, the actual demand. */
export interface SalesDemandRow {
  salesLineId: string;
  salesOrderId: string;
  productId: string;
  warehouseId: string;
  dueDate: string;
  quantity: string;
}

const TARGET_COLS = `m.product_id AS "productId", m.warehouse_id AS "warehouseId", COALESCE(t.safety_target, 0)::text AS "safetyTarget",
  COALESCE(t.minimum, 0)::text AS minimum, t.maximum::text AS maximum`;

const dated = (table: string, dateCol: string, from: string) => `(SELECT json_agg(json_build_array(${dateCol}, quantity::text) ORDER BY ${dateCol})
  FROM planning.${table} x WHERE x.warehouse_id = $1 AND x.product_id = k.product_id AND ${dateCol} >= ${from} AND ${dateCol} < $4)`;

/** Rows a statement writes: 2 parameters each, well below PostgreSQL's 65,535. */
const ROWS_PER_WRITE = 1_000;

/** The schedule's tables (migration 1760000000040), in the caller's transaction. */
@Injectable()
export class MpsRepository {
  async settings(tx: EntityManager, warehouseId: string): Promise<MpsSettingsRow> {
    return (await preparedRow<MpsSettingsRow>(tx, `SELECT warehouse_id AS "warehouseId", period, columns FROM planning.mps_settings WHERE warehouse_id = $1`, [warehouseId]))
      ?? DEFAULT_MPS_SETTINGS(warehouseId);
  }

  async putSettings(tx: EntityManager, s: MpsSettingsRow): Promise<void> {
    await preparedRows(tx, `INSERT INTO planning.mps_settings (warehouse_id, period, columns) VALUES ($1, $2, $3)
      ON CONFLICT (warehouse_id) DO UPDATE SET period = EXCLUDED.period, columns = EXCLUDED.columns, version = mps_settings.version + 1, updated_at = now()`,
    [s.warehouseId, s.period, s.columns]);
  }

  /** How many forecasts and overrides planners entered at the warehouse. */
  async enteredCount(tx: EntityManager, warehouseId: string): Promise<number> {
    const row = await preparedRow<{ n: number }>(tx, `SELECT ((SELECT count(*) FROM planning.mps_forecasts WHERE warehouse_id = $1)
      + (SELECT count(*) FROM planning.mps_overrides WHERE warehouse_id = $1))::int AS n`, [warehouseId]);
    return row?.n ?? 0;
  }

  async discardEntered(tx: EntityManager, warehouseId: string): Promise<void> {
    await preparedRows(tx, `WITH f AS (DELETE FROM planning.mps_forecasts WHERE warehouse_id = $1) DELETE FROM planning.mps_overrides WHERE warehouse_id = $1`, [warehouseId]);
  }

  /** The product-sites in the schedule at the warehouse (all, or these), by product id. */
  targets(tx: EntityManager, warehouseId: string, productIds?: readonly string[]): Promise<MpsTargetsRow[]> {
    return productIds
      ? preparedRows<MpsTargetsRow>(tx, `SELECT ${TARGET_COLS} FROM planning.mps_planned m LEFT JOIN planning.mps_targets t USING (product_id, warehouse_id)
          WHERE m.warehouse_id = $1 AND m.product_id = ANY($2::text[]) ORDER BY m.product_id`, [warehouseId, productIds])
      : preparedRows<MpsTargetsRow>(tx, `SELECT ${TARGET_COLS} FROM planning.mps_planned m LEFT JOIN planning.mps_targets t USING (product_id, warehouse_id)
          WHERE m.warehouse_id = $1 ORDER BY m.product_id`, [warehouseId]);
  }

  async putTargets(tx: EntityManager, t: MpsTargetsRow): Promise<void> {
    await preparedRows(tx, `INSERT INTO planning.mps_targets (product_id, warehouse_id, safety_target, minimum, maximum) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (product_id, warehouse_id) DO UPDATE SET safety_target = EXCLUDED.safety_target, minimum = EXCLUDED.minimum,
        maximum = EXCLUDED.maximum, version = mps_targets.version + 1`, [t.productId, t.warehouseId, t.safetyTarget, t.minimum, t.maximum]);
  }

  /** Leaves the schedule: its row goes, what was entered stays (it comes back if the product does). */
  async removeRow(tx: EntityManager, productId: string, warehouseId: string): Promise<void> {
    await preparedRows(tx, `DELETE FROM planning.mps_rows WHERE warehouse_id = $1 AND product_id = $2`, [warehouseId, productId]);
  }

  /**
   * The inputs of these product-sites' rows over [first, end): on hand, receipts, open drafts (what is dated before
   * `first` counts in the first column), entered forecasts and overrides, and sales lines due from `today` on.
   */
  inputs(tx: EntityManager, warehouseId: string, productIds: readonly string[], first: string, end: string, today: string): Promise<MpsInputsRow[]> {
    return preparedRows<MpsInputsRow>(tx, `
      SELECT k.product_id AS "productId", COALESCE(sp.on_hand, 0)::text AS "onHand", COALESCE(sp.incoming, '[]') AS incoming,
        (SELECT json_agg(json_build_array(l.planned_date, l.quantity::text)) FROM planning.draft_lines l JOIN planning.draft_orders d ON d.id = l.draft_id
          WHERE d.state = 'draft' AND l.product_id = k.product_id AND l.warehouse_id = $1 AND l.planned_date < $4) AS drafts,
        ${dated('mps_forecasts', 'period_start', '$3')} AS forecasts,
        ${dated('mps_overrides', 'period_start', '$3')} AS overrides,
        ${dated('mps_sales_demand', 'due_date', '$5')} AS sales
      FROM unnest($2::text[]) AS k (product_id)
      LEFT JOIN planning.stock_positions sp ON sp.product_id = k.product_id AND sp.warehouse_id = $1`,
    [warehouseId, productIds, first, end, today]);
  }

  /** Sets these columns' quantities of one product-site (forecasts or overrides); a null quantity removes the column's. */
  async putEntered(tx: EntityManager, table: 'mps_forecasts' | 'mps_overrides', productId: string, warehouseId: string, entries: { periodStart: string; quantity: string | null }[]): Promise<void> {
    const set = entries.filter((e) => e.quantity !== null);
    const gone = entries.filter((e) => e.quantity === null).map((e) => e.periodStart);
    if (gone.length) await preparedRows(tx, `DELETE FROM planning.${table} WHERE warehouse_id = $1 AND product_id = $2 AND period_start = ANY($3::date[])`, [warehouseId, productId, gone]);
    if (set.length) {
      await preparedRows(tx, `INSERT INTO planning.${table} (warehouse_id, product_id, period_start, quantity)
        SELECT $1, $2, d, q FROM unnest($3::date[], $4::numeric[]) AS e (d, q)
        ON CONFLICT (warehouse_id, product_id, period_start) DO UPDATE SET quantity = EXCLUDED.quantity`,
      [warehouseId, productId, set.map((e) => e.periodStart), set.map((e) => e.quantity)]);
    }
  }

  async clearEntered(tx: EntityManager, table: 'mps_forecasts' | 'mps_overrides', productId: string, warehouseId: string): Promise<void> {
    await preparedRows(tx, `DELETE FROM planning.${table} WHERE warehouse_id = $1 AND product_id = $2`, [warehouseId, productId]);
  }

  /** Every forecast of the warehouse from `first` on (an export). */
  forecastsFrom(tx: EntityManager, warehouseId: string, first: string): Promise<{ productId: string; periodStart: string; quantity: string }[]> {
    return preparedRows(tx, `SELECT product_id AS "productId", to_char(period_start, 'YYYY-MM-DD') AS "periodStart", quantity::text AS quantity
      FROM planning.mps_forecasts WHERE warehouse_id = $1 AND period_start >= $2 ORDER BY product_id, period_start`, [warehouseId, first]);
  }

  /**
   * Stores computed rows, each written only when its content changed (an unchanged row keeps its tuple: no new version,
   * no TOAST write). Multi-row VALUES of plain text parameters, ROWS_PER_WRITE a statement: a text[] parameter of
   * 5,000 rows took seconds to escape and parse, these a tenth of it (bench:mps). Unprepared: their text varies with
   * the number of rows.
   */
  async upsertRows(tx: EntityManager, warehouseId: string, firstPeriod: string, rows: readonly { productId: string; json: string }[]): Promise<void> {
    for (let s = 0; s < rows.length; s += ROWS_PER_WRITE) {
      const params: string[] = [warehouseId, firstPeriod];
      const values = rows.slice(s, s + ROWS_PER_WRITE).map((r) => `($${params.push(r.productId)}, $${params.push(r.json)})`);
      await tx.query(`INSERT INTO planning.mps_rows AS m (warehouse_id, product_id, first_period, figures)
        SELECT $1, p, $2::date, f FROM (VALUES ${values.join(', ')}) AS r (p, f) ORDER BY p
        ON CONFLICT (warehouse_id, product_id) DO UPDATE SET first_period = EXCLUDED.first_period, figures = EXCLUDED.figures, computed_at = now()
        WHERE m.first_period IS DISTINCT FROM EXCLUDED.first_period OR m.figures IS DISTINCT FROM EXCLUDED.figures`, params);
    }
  }

  /** The MD5 of each stored row of the warehouse whose first column is `firstPeriod` (rows of another horizon all change). */
  async digests(tx: EntityManager, warehouseId: string, firstPeriod: string): Promise<Map<string, string>> {
    const rows = await preparedRows<{ productId: string; digest: string }>(tx, `SELECT product_id AS "productId", md5(figures) AS digest
      FROM planning.mps_rows WHERE warehouse_id = $1 AND first_period = $2`, [warehouseId, firstPeriod]);
    return new Map(rows.map((r) => [r.productId, r.digest]));
  }

  /** The stored rows of the warehouse (all, or these products). */
  async rows(tx: EntityManager, warehouseId: string, productIds?: readonly string[]): Promise<MpsStoredRow[]> {
    const rows = await preparedRows<{ productId: string; firstPeriod: unknown; figures: string }>(tx, `SELECT product_id AS "productId", first_period AS "firstPeriod", figures
      FROM planning.mps_rows WHERE warehouse_id = $1 AND ($2::text[] IS NULL OR product_id = ANY($2::text[])) ORDER BY product_id`, [warehouseId, productIds ?? null]);
    return rows.map((r) => ({ productId: r.productId, firstPeriod: isoDateOf(r.firstPeriod), figures: JSON.parse(r.figures) as MpsFigures }));
  }

  /** Products of the schedule at the warehouse whose BOMs list one of `components` (their parents, to re-compute a component alone). */
  async parentsOf(tx: EntityManager, warehouseId: string, components: readonly string[]): Promise<string[]> {
    const rows = await preparedRows<{ productId: string }>(tx, `SELECT DISTINCT b.product_id AS "productId" FROM planning.boms b
      JOIN planning.mps_planned m ON m.product_id = b.product_id AND m.warehouse_id = $1
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(b.components) c WHERE c->>'productId' = ANY($2::text[]))`, [warehouseId, components]);
    return rows.map((r) => r.productId);
  }

  /** Which of these pairs the schedule plans. */
  async plannedPairs(tx: EntityManager, pairs: readonly { productId: string; warehouseId: string }[]): Promise<{ productId: string; warehouseId: string }[]> {
    if (pairs.length === 0) return [];
    return preparedRows(tx, `SELECT DISTINCT m.product_id AS "productId", m.warehouse_id AS "warehouseId" FROM planning.mps_planned m
      JOIN unnest($1::text[], $2::text[]) AS k (p, w) ON m.product_id = k.p AND m.warehouse_id = k.w`,
    [pairs.map((p) => p.productId), pairs.map((p) => p.warehouseId)]);
  }

  /** Sets the open quantity of sales lines (0 removes them). */
  async putSalesDemand(tx: EntityManager, lines: readonly SalesDemandRow[]): Promise<void> {
    const open = lines.filter((l) => l.quantity !== '0' && !/^0(\.0+)?$/.test(l.quantity));
    const closed = lines.filter((l) => !open.includes(l)).map((l) => l.salesLineId);
    if (closed.length) await preparedRows(tx, `DELETE FROM planning.mps_sales_demand WHERE sales_line_id = ANY($1::text[])`, [closed]);
    if (open.length) {
      await preparedRows(tx, `INSERT INTO planning.mps_sales_demand (sales_line_id, sales_order_id, product_id, warehouse_id, due_date, quantity)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::numeric[])
        ON CONFLICT (sales_line_id) DO UPDATE SET due_date = EXCLUDED.due_date, quantity = EXCLUDED.quantity`,
      [open.map((l) => l.salesLineId), open.map((l) => l.salesOrderId), open.map((l) => l.productId), open.map((l) => l.warehouseId), open.map((l) => l.dueDate), open.map((l) => l.quantity)]);
    }
  }
}
