import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Warehouses come from inventory (warehouse.created, decision inventory-002): a row of warehouse_settings is
 * planning's copy of a warehouse it has learnt, with its name, and planning's own lead days. Rows written before
 * (settings put for a warehouse id) stay known warehouses, without a name, and so do the warehouses of existing rules
 * (on the default settings they were evaluated with): nothing planned before is refused afterwards.
 */
export class PlanningWarehousesFromInventory1760000000005 implements MigrationInterface {
  name = 'PlanningWarehousesFromInventory1760000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.warehouse_settings ADD COLUMN name text`);
    await q.query(`INSERT INTO planning.warehouse_settings (warehouse_id) SELECT DISTINCT warehouse_id FROM planning.reordering_rules ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.warehouse_settings DROP COLUMN name`);
  }
}
