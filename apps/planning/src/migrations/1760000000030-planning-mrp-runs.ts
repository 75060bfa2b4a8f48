import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MRP runs and their results (decision planning-021):
 * - mrp_runs: regenerative runs, answered at once and read back while they run (done of total), at most one
 *   running, as the sweep's runs (planning-013);
 * - mrp_sites: the current state of each product-site MRP planned: its low-level code, a version that goes up by one
 *   each time its suggestions change (the event's version), and what last planned it (a run, or an event);
 * - mrp_suggestions, mrp_requirements, mrp_pegging, mrp_messages: the current suggestions, trace requirements,
 *   pegging (of suggestions, stock and existing orders) and replanning messages, replaced per product-site whenever
 *   it is planned again (by a run or an event); ids are the engine's document numbers, stable for the same plan;
 * - mrp_sales_lines: the sales order lines planning learnt from sales-orders.events, so that pegging can name the
 *   order line a demand belongs to (inventory's positions only carry dated sums).
 */
export class PlanningMrpRuns1760000000030 implements MigrationInterface {
  name = 'PlanningMrpRuns1760000000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.mrp_runs (
        id uuid PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('running', 'done', 'failed', 'interrupted')),
        cause text NOT NULL,
        phase text NOT NULL DEFAULT 'reading' CHECK (phase IN ('reading', 'planning', 'writing', 'finished')),
        total int NOT NULL DEFAULT 0,
        done int NOT NULL DEFAULT 0,
        suggestions int NOT NULL DEFAULT 0,
        requirements int NOT NULL DEFAULT 0,
        messages int NOT NULL DEFAULT 0,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS mrp_runs_one_running ON planning.mrp_runs ((true)) WHERE state = 'running'`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_runs_started ON planning.mrp_runs (started_at DESC)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.mrp_sites (
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        level int NOT NULL DEFAULT 0,
        version int NOT NULL DEFAULT 0,
        suggestions_fingerprint text NOT NULL DEFAULT '',
        messages_fingerprint text NOT NULL DEFAULT '',
        explanation text NOT NULL DEFAULT '',
        run_id uuid,
        event_id text,
        planned_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (product_id, warehouse_id)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.mrp_suggestions (
        id text PRIMARY KEY,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('POS', 'WOS', 'TRS', 'BWS')),
        quantity numeric NOT NULL,
        due_date date NOT NULL,
        start_date date NOT NULL,
        late boolean NOT NULL DEFAULT false,
        requirement_date date NOT NULL,
        lot int NOT NULL DEFAULT 0,
        lots int NOT NULL DEFAULT 1,
        source jsonb NOT NULL DEFAULT '{}',
        explanation text NOT NULL,
        run_id uuid,
        event_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_suggestions_site ON planning.mrp_suggestions (product_id, warehouse_id, due_date)`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_suggestions_kind ON planning.mrp_suggestions (kind, product_id)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.mrp_requirements (
        id text PRIMARY KEY,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        quantity numeric NOT NULL,
        due_date date NOT NULL,
        code text NOT NULL,
        parent_id text NOT NULL,
        parent_product_id text NOT NULL,
        parent_warehouse_id text NOT NULL,
        via_phantom text,
        run_id uuid,
        event_id text
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_requirements_site ON planning.mrp_requirements (product_id, warehouse_id, due_date)`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_requirements_parent ON planning.mrp_requirements (parent_id)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.mrp_pegging (
        supply_id text NOT NULL,
        no int NOT NULL,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('demand', 'requirement', 'safetyStock', 'shrinkage', 'surplus')),
        ref text,
        date date NOT NULL,
        quantity numeric NOT NULL,
        PRIMARY KEY (supply_id, no)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_pegging_site ON planning.mrp_pegging (product_id, warehouse_id)`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_pegging_ref ON planning.mrp_pegging (ref)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.mrp_messages (
        id text PRIMARY KEY,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        receipt_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('advance', 'delay', 'increase', 'reduce', 'cancel')),
        from_date date NOT NULL,
        to_date date NOT NULL,
        from_quantity numeric NOT NULL,
        to_quantity numeric NOT NULL,
        explanation text NOT NULL,
        run_id uuid,
        event_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_messages_site ON planning.mrp_messages (product_id, warehouse_id)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.mrp_sales_lines (
        sales_order_line_id text PRIMARY KEY,
        sales_order_id text NOT NULL,
        order_ref text NOT NULL,
        line_no int,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        quantity numeric NOT NULL,
        delivery_date date NOT NULL,
        open boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_sales_lines_site ON planning.mrp_sales_lines (product_id, warehouse_id, delivery_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['mrp_sales_lines', 'mrp_messages', 'mrp_pegging', 'mrp_requirements', 'mrp_suggestions', 'mrp_sites', 'mrp_runs']) {
      await q.query(`DROP TABLE IF EXISTS planning.${t}`);
    }
  }
}
