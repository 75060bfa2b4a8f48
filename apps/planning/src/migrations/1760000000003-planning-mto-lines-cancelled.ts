import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mto_lines.cancelled_at: when planning handled the cancellation of the line's sales order (decision
 * planning-008). A cancelled order keeps what was delivered as its line quantity, so the quantity alone does not
 * say that the customer no longer wants the rest: a draft cancelled by the supplier side later must not re-order
 * any of a cancelled line. Lines of orders cancelled before this migration are not marked (nothing recorded which
 * they were); with nothing delivered their quantity is 0, which re-orders nothing anyway.
 */
export class PlanningMtoLinesCancelled1760000000003 implements MigrationInterface {
  name = 'PlanningMtoLinesCancelled1760000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mto_lines ADD COLUMN IF NOT EXISTS cancelled_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mto_lines DROP COLUMN IF EXISTS cancelled_at`);
  }
}
