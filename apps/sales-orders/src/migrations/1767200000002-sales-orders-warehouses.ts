import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The warehouses sales-orders has learnt from inventory (warehouse.created): an order line must name one of them. */
export class SalesOrdersWarehouses1767200000002 implements MigrationInterface {
  name = 'SalesOrdersWarehouses1767200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sales_orders.warehouse (
        warehouse_id varchar(100) PRIMARY KEY,
        name varchar(200) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sales_orders.warehouse`);
  }
}
