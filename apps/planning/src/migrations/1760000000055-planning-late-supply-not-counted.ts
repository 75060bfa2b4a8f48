import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * planning.stock_positions keeps the late receipts inventory's position left out (stock-position.changed's
 * `lateSupplyNotCounted`, INVENTORY_LATE_SUPPLY=ignore; decision inventory-004): a rule's explanation names them.
 * Null when there are none. Adding a nullable column without a default rewrites nothing.
 */
export class PlanningLateSupplyNotCounted1760000000055 implements MigrationInterface {
  name = 'PlanningLateSupplyNotCounted1760000000055';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.stock_positions ADD COLUMN late_not_counted jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.stock_positions DROP COLUMN late_not_counted`);
  }
}
