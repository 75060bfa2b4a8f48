import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Planning data for MRP (decision planning-018, docs/semantics.md "Reorder policies"):
 * - reorder_policies: Sage X3's reorder policies, descriptions per language;
 * - product_site_planning: a product's planning data at a warehouse, and whether MRP plans it there (with a policy);
 * - boms: a type (normal, or phantom: a kit) and by-products with their cost share; a component's scrap % lives in
 *   the components' JSON beside its quantity.
 */
export class PlanningMrpData1760000000021 implements MigrationInterface {
  name = 'PlanningMrpData1760000000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.reorder_policies (
        code text PRIMARY KEY,
        description jsonb NOT NULL DEFAULT '{}',
        short_description jsonb NOT NULL DEFAULT '{}',
        suggestion_type text NOT NULL CHECK (suggestion_type IN ('noProcessing', 'withMrpPegging', 'withoutMrpPegging', 'mrpPeggingOnly')),
        reorder_quantity text NOT NULL CHECK (reorder_quantity IN ('net', 'minimumWithoutRounding', 'minimumWithRounding')),
        splitting text NOT NULL CHECK (splitting IN ('none', 'parallel', 'successive')),
        safety_stock boolean NOT NULL,
        replanning_analysis boolean NOT NULL,
        apply_shrinkage boolean NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.product_site_planning (
        product_id text NOT NULL REFERENCES planning.products(id) ON DELETE CASCADE,
        warehouse_id text NOT NULL,
        planning_method text NOT NULL CHECK (planning_method IN ('mrp', 'none')),
        reorder_policy_code text REFERENCES planning.reorder_policies(code),
        economic_lot numeric NOT NULL DEFAULT 0,
        technical_lot numeric NOT NULL DEFAULT 0,
        safety_stock numeric NOT NULL DEFAULT 0,
        shrinkage_percent numeric NOT NULL DEFAULT 0,
        firm_horizon_days integer NOT NULL DEFAULT 0,
        lot_lead_days integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (product_id, warehouse_id),
        CHECK (planning_method <> 'mrp' OR reorder_policy_code IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS product_site_planning_policy ON planning.product_site_planning (reorder_policy_code)`);
    await q.query(`ALTER TABLE planning.boms ADD COLUMN IF NOT EXISTS type text NOT NULL DEFAULT 'normal' CHECK (type IN ('normal', 'phantom'))`);
    await q.query(`ALTER TABLE planning.boms ADD COLUMN IF NOT EXISTS by_products jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.boms DROP COLUMN IF EXISTS by_products`);
    await q.query(`ALTER TABLE planning.boms DROP COLUMN IF EXISTS type`);
    await q.query(`DROP TABLE IF EXISTS planning.product_site_planning`);
    await q.query(`DROP TABLE IF EXISTS planning.reorder_policies`);
  }
}
