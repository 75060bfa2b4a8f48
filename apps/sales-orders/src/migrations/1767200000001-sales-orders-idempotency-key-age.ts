import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The idempotency keys' retention (IdempotencyKeyRetention) finds the old keys by age, not by a scan of them all. */
export class SalesOrdersIdempotencyKeyAge1767200000001 implements MigrationInterface {
  name = 'SalesOrdersIdempotencyKeyAge1767200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idempotency_key_created_at ON sales_orders.idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS sales_orders.idempotency_key_created_at`);
  }
}
