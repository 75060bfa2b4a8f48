import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The by-product step of MRP's reach (decision planning-021) through a partial GIN index of the BOMs that have
 * by-products: the whole-table index of 1760000000031 lost to a sequential scan of every BOM per reached site (about
 * 1 ms a site at 700 BOMs), the partial one is small enough to win (a few microseconds).
 */
export class PlanningMrpByProductsIndex1760000000032 implements MigrationInterface {
  name = 'PlanningMrpByProductsIndex1760000000032';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS planning.boms_by_products`);
    await q.query(`CREATE INDEX IF NOT EXISTS boms_with_by_products ON planning.boms USING gin (by_products jsonb_path_ops) WHERE by_products <> '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS planning.boms_with_by_products`);
    await q.query(`CREATE INDEX IF NOT EXISTS boms_by_products ON planning.boms USING gin (by_products jsonb_path_ops)`);
  }
}
