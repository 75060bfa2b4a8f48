import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A purchase draft line keeps the unit price of its vendor's supplier info as of the line's last change, and the
 * UoM that price is per (decision planning-024). Lines written before, and manufacturing and transfer lines, have
 * none (null). Adding nullable columns without a default rewrites nothing.
 */
export class PlanningDraftLinePrice1760000000090 implements MigrationInterface {
  name = 'PlanningDraftLinePrice1760000000090';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.draft_lines ADD COLUMN unit_price numeric, ADD COLUMN price_uom text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.draft_lines DROP COLUMN unit_price, DROP COLUMN price_uom`);
  }
}
