import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The master production schedule (docs/semantics.md "Master production schedule", decision planning-022):
 * - mps_settings: a warehouse's period (day, week, month) and number of columns;
 * - mps_targets: a product-site's safety stock target and minimum / maximum to replenish (whether it is in the schedule
 *   stays planning.mps_planned, the exclusivity check's table);
 * - mps_forecasts, mps_overrides: what planners (or a forecasting system) entered, per column start;
 * - mps_sales_demand: confirmed sales order lines still open, the actual demand;
 * - mps_rows: each product-site's computed row, re-computed live, read by GET /mps.
 */
export class PlanningMps1760000000040 implements MigrationInterface {
  name = 'PlanningMps1760000000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE planning.mps_settings (
        warehouse_id text PRIMARY KEY,
        period text NOT NULL CHECK (period IN ('day', 'week', 'month')),
        columns integer NOT NULL CHECK (columns BETWEEN 1 AND 366),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE planning.mps_targets (
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        safety_target numeric NOT NULL CHECK (safety_target >= 0),
        minimum numeric NOT NULL CHECK (minimum >= 0),
        maximum numeric CHECK (maximum >= minimum),
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (product_id, warehouse_id)
      )`);
    for (const t of ['mps_forecasts', 'mps_overrides']) {
      await q.query(`
        CREATE TABLE planning.${t} (
          product_id text NOT NULL,
          warehouse_id text NOT NULL,
          period_start date NOT NULL,
          quantity numeric NOT NULL CHECK (quantity >= 0),
          PRIMARY KEY (warehouse_id, product_id, period_start)
        )`);
    }
    await q.query(`
      CREATE TABLE planning.mps_sales_demand (
        sales_line_id text PRIMARY KEY,
        sales_order_id text NOT NULL,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        due_date date NOT NULL,
        quantity numeric NOT NULL CHECK (quantity >= 0)
      )`);
    await q.query(`CREATE INDEX mps_sales_demand_pair ON planning.mps_sales_demand (warehouse_id, product_id, due_date)`);
    await q.query(`
      CREATE TABLE planning.mps_rows (
        warehouse_id text NOT NULL,
        product_id text NOT NULL,
        first_period date NOT NULL,
        figures jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (warehouse_id, product_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['mps_rows', 'mps_sales_demand', 'mps_overrides', 'mps_forecasts', 'mps_targets', 'mps_settings']) {
      await q.query(`DROP TABLE IF EXISTS planning.${t}`);
    }
  }
}
