import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The warehouses sales-orders has learnt from inventory (warehouse.created): an order line must name one of them.
 * The warehouses existing orders name are kept as known: after an upgrade, orders for them are accepted as before.
 */
export class SalesOrdersWarehouses1767200000002 implements MigrationInterface {
  name = 'SalesOrdersWarehouses1767200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sales_orders.warehouse (
        warehouse_id varchar(100) PRIMARY KEY,
        name varchar(200) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO sales_orders.warehouse (warehouse_id, name) SELECT DISTINCT warehouse_id, warehouse_id FROM sales_orders.sales_order_line`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sales_orders.warehouse`);
  }
}
