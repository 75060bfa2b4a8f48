import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Planning's tables. Quantities are `numeric` (never float). The one-open-draft-per-top-up-key rule lives
 * here, in the database: a partial unique index on draft_orders(top_up_key) WHERE state = 'draft'.
 */
export class PlanningInit1760000000000 implements MigrationInterface {
  name = 'PlanningInit1760000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS planning`);
    await q.query(`
      CREATE TABLE planning.warehouse_settings (
        warehouse_id text PRIMARY KEY,
        time_zone text NOT NULL DEFAULT 'UTC',
        purchase_security_lead_days integer NOT NULL DEFAULT 0,
        manufacturing_security_lead_days integer NOT NULL DEFAULT 0,
        days_to_purchase integer NOT NULL DEFAULT 0,
        days_to_prepare integer NOT NULL DEFAULT 0,
        transfer_lead_days integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE planning.products (
        id text PRIMARY KEY,
        sku text NOT NULL UNIQUE,
        name text NOT NULL,
        stock_uom jsonb NOT NULL,
        purchase_uom jsonb,
        routes text[] NOT NULL DEFAULT '{}',
        take_from_stock_first boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE planning.vendors (
        id text PRIMARY KEY,
        name text NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE planning.supplier_infos (
        id uuid PRIMARY KEY,
        product_id text NOT NULL REFERENCES planning.products(id) ON DELETE CASCADE,
        vendor_id text NOT NULL REFERENCES planning.vendors(id) ON DELETE CASCADE,
        lead_time_days integer NOT NULL DEFAULT 0,
        min_qty numeric NOT NULL DEFAULT 0,
        price numeric NOT NULL DEFAULT 0,
        sequence integer NOT NULL DEFAULT 10,
        UNIQUE (product_id, vendor_id)
      )`);
    await q.query(`
      CREATE TABLE planning.boms (
        id text PRIMARY KEY,
        product_id text NOT NULL REFERENCES planning.products(id) ON DELETE CASCADE,
        output_qty numeric NOT NULL,
        production_delay_days integer NOT NULL DEFAULT 0,
        components jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE INDEX boms_product ON planning.boms (product_id)`);
    await q.query(`
      CREATE TABLE planning.reordering_rules (
        id uuid PRIMARY KEY,
        product_id text NOT NULL REFERENCES planning.products(id),
        warehouse_id text NOT NULL,
        min_qty numeric NOT NULL,
        max_qty numeric NOT NULL,
        multiple numeric NOT NULL DEFAULT 1,
        trigger text NOT NULL CHECK (trigger IN ('automatic', 'manual')),
        route text,
        vendor_id text,
        bom_id text,
        visibility_days integer NOT NULL DEFAULT 0,
        snoozed_until date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reordering_rules_one_per_key UNIQUE (product_id, warehouse_id),
        CONSTRAINT reordering_rules_min_max CHECK (min_qty <= max_qty),
        CONSTRAINT reordering_rules_multiple CHECK (multiple >= 0)
      )`);
    await q.query(`
      CREATE TABLE planning.mps_planned (
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (product_id, warehouse_id)
      )`);
    await q.query(`
      CREATE TABLE planning.stock_positions (
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        uom text NOT NULL,
        on_hand numeric NOT NULL,
        incoming jsonb NOT NULL DEFAULT '[]',
        outgoing jsonb NOT NULL DEFAULT '[]',
        sequence bigint NOT NULL,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (product_id, warehouse_id)
      )`);
    await q.query(`
      CREATE TABLE planning.draft_orders (
        id uuid PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('purchase', 'manufacturing', 'transfer')),
        top_up_key text NOT NULL,
        vendor_id text,
        bom_id text,
        source_warehouse_id text,
        warehouse_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('draft', 'confirmed', 'cancelled')),
        version integer NOT NULL,
        order_date date,
        external_ref text,
        confirmed_at timestamptz,
        confirmed_event_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX draft_orders_one_open_per_key ON planning.draft_orders (top_up_key) WHERE state = 'draft'`);
    await q.query(`CREATE INDEX draft_orders_state ON planning.draft_orders (state, warehouse_id)`);
    await q.query(`
      CREATE TABLE planning.draft_lines (
        id uuid PRIMARY KEY,
        draft_id uuid NOT NULL REFERENCES planning.draft_orders(id) ON DELETE CASCADE,
        line_no integer NOT NULL,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        quantity numeric NOT NULL CHECK (quantity >= 0),
        uom text NOT NULL,
        planned_date date NOT NULL,
        awaiting_position boolean NOT NULL DEFAULT false,
        UNIQUE (draft_id, product_id)
      )`);
    await q.query(`CREATE INDEX draft_lines_product ON planning.draft_lines (product_id, warehouse_id)`);
    await q.query(`
      CREATE TABLE planning.rule_evaluations (
        id uuid PRIMARY KEY,
        rule_id uuid,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        cause text NOT NULL,
        event_id text,
        triggered boolean NOT NULL,
        quantity numeric NOT NULL,
        explanation jsonb NOT NULL,
        evaluated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE planning.draft_origins (
        id uuid PRIMARY KEY,
        line_id uuid NOT NULL REFERENCES planning.draft_lines(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('rule', 'sales-order-line', 'mps', 'manual')),
        ref text NOT NULL,
        quantity numeric NOT NULL CHECK (quantity >= 0),
        event_id text,
        evaluation_id uuid REFERENCES planning.rule_evaluations(id),
        sales_order_id text,
        need_date date,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX draft_origins_line ON planning.draft_origins (line_id, seq)`);
    await q.query(`CREATE INDEX draft_origins_ref ON planning.draft_origins (kind, ref)`);
    await q.query(`
      CREATE TABLE planning.mto_lines (
        sales_order_line_id text PRIMARY KEY,
        sales_order_id text NOT NULL,
        order_ref text NOT NULL,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        quantity numeric NOT NULL,
        delivery_date date NOT NULL,
        from_stock boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE planning.exceptions (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        message text NOT NULL,
        product_id text NOT NULL,
        warehouse_id text NOT NULL,
        quantity numeric NOT NULL,
        sales_order_id text,
        sales_order_line_id text,
        draft_order_id uuid,
        raised_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['exceptions', 'mto_lines', 'draft_origins', 'rule_evaluations', 'draft_lines', 'draft_orders', 'stock_positions', 'mps_planned', 'reordering_rules', 'boms', 'supplier_infos', 'vendors', 'products', 'warehouse_settings']) {
      await q.query(`DROP TABLE IF EXISTS planning.${t}`);
    }
  }
}
