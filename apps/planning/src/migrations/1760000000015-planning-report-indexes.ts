import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replenishment report's filters and keyset pages answered by indexes (decision planning-015): the manual rules
 * in both sort orders (product then warehouse, warehouse then product; the unique key also holds the automatic ones),
 * the manual rules naming a vendor, and the products a vendor supplies.
 */
export class PlanningReportIndexes1760000000015 implements MigrationInterface {
  name = 'PlanningReportIndexes1760000000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS reordering_rules_manual_product ON planning.reordering_rules (product_id, warehouse_id) WHERE trigger = 'manual'`);
    await q.query(`CREATE INDEX IF NOT EXISTS reordering_rules_manual_warehouse ON planning.reordering_rules (warehouse_id, product_id) WHERE trigger = 'manual'`);
    await q.query(`CREATE INDEX IF NOT EXISTS reordering_rules_manual_vendor ON planning.reordering_rules (vendor_id) WHERE trigger = 'manual' AND vendor_id IS NOT NULL`);
    await q.query(`CREATE INDEX IF NOT EXISTS supplier_infos_vendor ON planning.supplier_infos (vendor_id, product_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['reordering_rules_manual_product', 'reordering_rules_manual_warehouse', 'reordering_rules_manual_vendor', 'supplier_infos_vendor']) {
      await q.query(`DROP INDEX IF EXISTS planning.${index}`);
    }
  }
}
