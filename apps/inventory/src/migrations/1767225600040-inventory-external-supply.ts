import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supply Replenish did not raise (decision inventory-004): planned moves and orders of other systems name their source
 * system and reference; their reference id (system and reference together) is longer than a draft id; a receipt past
 * its date may stop counting (state 'late', INVENTORY_LATE_SUPPLY=ignore), and the late-supply check finds them by date.
 */
export class InventoryExternalSupply1767225600040 implements MigrationInterface {
  name = 'InventoryExternalSupply1767225600040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inventory.planned_moves
      ADD COLUMN source_system varchar(100),
      ADD COLUMN external_ref varchar(100),
      ALTER COLUMN reference_id TYPE varchar(210),
      DROP CONSTRAINT planned_moves_state_check,
      ADD CONSTRAINT planned_moves_state_check CHECK (state IN ('open', 'late', 'cancelled'))`);
    await q.query(`ALTER TABLE inventory.stock_moves ALTER COLUMN reference_id TYPE varchar(210)`);
    await q.query(`CREATE INDEX planned_moves_receipts_by_date ON inventory.planned_moves (planned_date) WHERE state = 'open' AND direction = 'in'`);
    await q.query(`CREATE INDEX planned_moves_late ON inventory.planned_moves (product_id, warehouse_id) WHERE state = 'late'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX inventory.planned_moves_late`);
    await q.query(`DROP INDEX inventory.planned_moves_receipts_by_date`);
    await q.query(`UPDATE inventory.planned_moves SET state = 'open' WHERE state = 'late'`);
    await q.query(`ALTER TABLE inventory.planned_moves DROP COLUMN source_system, DROP COLUMN external_ref,
      DROP CONSTRAINT planned_moves_state_check, ADD CONSTRAINT planned_moves_state_check CHECK (state IN ('open', 'cancelled'))`);
  }
}
