import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index each for MRP's two largest tables (decision planning-021, addendum "one index a table"): a regenerative
 * run writes about 480,000 pegging and requirement rows, and each row's entries in two b-trees were a third of
 * PostgreSQL's work and WAL. Every statement reads these rows by product-site first (a site's plan is written,
 * replaced and read whole; a peg's supply and the requirement it covers are on the peg's site), so the key starts
 * with the site:
 * - mrp_pegging: primary key (product_id, warehouse_id, supply_id, no) instead of (supply_id, no) plus an index on
 *   the site;
 * - mrp_requirements: unique (product_id, warehouse_id, id) instead of the primary key id plus an index on
 *   (site, due_date). An id names its site, so it stays unique across sites.
 */
export class PlanningMrpSiteKeys1760000000120 implements MigrationInterface {
  name = 'PlanningMrpSiteKeys1760000000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mrp_pegging DROP CONSTRAINT IF EXISTS mrp_pegging_pkey`);
    await q.query(`DROP INDEX IF EXISTS planning.mrp_pegging_site`);
    await q.query(`ALTER TABLE planning.mrp_pegging ADD CONSTRAINT mrp_pegging_pkey PRIMARY KEY (product_id, warehouse_id, supply_id, no)`);
    await q.query(`ALTER TABLE planning.mrp_requirements DROP CONSTRAINT IF EXISTS mrp_requirements_pkey`);
    await q.query(`DROP INDEX IF EXISTS planning.mrp_requirements_site`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS mrp_requirements_site_id ON planning.mrp_requirements (product_id, warehouse_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS planning.mrp_requirements_site_id`);
    await q.query(`ALTER TABLE planning.mrp_requirements ADD CONSTRAINT mrp_requirements_pkey PRIMARY KEY (id)`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_requirements_site ON planning.mrp_requirements (product_id, warehouse_id, due_date)`);
    await q.query(`ALTER TABLE planning.mrp_pegging DROP CONSTRAINT IF EXISTS mrp_pegging_pkey`);
    await q.query(`ALTER TABLE planning.mrp_pegging ADD CONSTRAINT mrp_pegging_pkey PRIMARY KEY (supply_id, no)`);
    await q.query(`CREATE INDEX IF NOT EXISTS mrp_pegging_site ON planning.mrp_pegging (product_id, warehouse_id)`);
  }
}
