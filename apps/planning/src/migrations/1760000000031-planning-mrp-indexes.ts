import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MRP's indexes as its statements use them (decision planning-021): a net change's reach steps from a by-product up
 * to the BOMs that yield it (GIN on boms.by_products, as boms.components has one); three indexes of 1760000000030 no
 * statement reads, which a run's writes paid for, are dropped. And a digest of each product-site's whole plan
 * (requirements and pegging too), so that a site planned again to the same plan is not written again.
 */
export class PlanningMrpIndexes1760000000031 implements MigrationInterface {
  name = 'PlanningMrpIndexes1760000000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS boms_by_products ON planning.boms USING gin (by_products jsonb_path_ops)`);
    await q.query(`DROP INDEX IF EXISTS planning.mrp_suggestions_kind`);
    await q.query(`DROP INDEX IF EXISTS planning.mrp_requirements_parent`);
    await q.query(`DROP INDEX IF EXISTS planning.mrp_pegging_ref`);
    await q.query(`ALTER TABLE planning.mrp_sites ADD COLUMN IF NOT EXISTS plan_fingerprint text NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mrp_sites DROP COLUMN IF EXISTS plan_fingerprint`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_pegging_ref ON planning.mrp_pegging (ref)`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_requirements_parent ON planning.mrp_requirements (parent_id)`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_suggestions_kind ON planning.mrp_suggestions (kind, product_id)`);
    await q.query(`DROP INDEX IF EXISTS planning.boms_by_products`);
  }
}
