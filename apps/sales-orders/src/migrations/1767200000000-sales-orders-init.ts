import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SalesOrdersInit1767200000000 implements MigrationInterface {
  name = 'SalesOrdersInit1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS sales_orders`);
    await q.query(`
      CREATE TABLE sales_orders.sales_order (
        id uuid PRIMARY KEY,
        order_ref varchar(100) NOT NULL,
        customer_id varchar(100),
        status varchar(20) NOT NULL CHECK (status IN ('draft', 'confirmed', 'done', 'cancelled')),
        version int NOT NULL,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason varchar(500),
        done_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX sales_order_order_ref_uq ON sales_orders.sales_order (order_ref)`);
    await q.query(`CREATE INDEX sales_order_status_created_idx ON sales_orders.sales_order (status, created_at DESC, id)`);
    await q.query(`
      CREATE TABLE sales_orders.sales_order_line (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES sales_orders.sales_order (id) ON DELETE CASCADE,
        position int NOT NULL,
        line_ref varchar(100) NOT NULL,
        product_id varchar(100) NOT NULL,
        warehouse_id varchar(100) NOT NULL,
        quantity numeric NOT NULL CHECK (quantity >= 0),
        uom varchar(20) NOT NULL,
        route varchar(10) NOT NULL CHECK (route IN ('mto', 'stock')),
        requested_date date NOT NULL,
        commitment_date date,
        delivered_quantity numeric NOT NULL DEFAULT 0 CHECK (delivered_quantity >= 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX sales_order_line_ref_uq ON sales_orders.sales_order_line (order_id, line_ref)`);
    await q.query(`
      CREATE TABLE sales_orders.product (
        product_id varchar(100) PRIMARY KEY,
        sku varchar(100) NOT NULL,
        name varchar(300) NOT NULL,
        active boolean NOT NULL,
        stock_uom jsonb NOT NULL,
        uoms jsonb NOT NULL,
        routes jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sales_orders.idempotency_key (
        key varchar(200) PRIMARY KEY,
        fingerprint varchar(64) NOT NULL,
        status_code int,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sales_orders.idempotency_key`);
    await q.query(`DROP TABLE IF EXISTS sales_orders.product`);
    await q.query(`DROP TABLE IF EXISTS sales_orders.sales_order_line`);
    await q.query(`DROP TABLE IF EXISTS sales_orders.sales_order`);
  }
}
