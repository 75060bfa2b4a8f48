import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection reads a draft line's make-to-order origins only (the rest is the line's quantity minus them):
 * this index finds them without scanning the line's every rule origin (decision planning-007).
 */
export class PlanningMtoOriginsIndex1760000000001 implements MigrationInterface {
  name = 'PlanningMtoOriginsIndex1760000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX draft_origins_line_mto ON planning.draft_origins (line_id) WHERE kind = 'sales-order-line'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS planning.draft_origins_line_mto`);
  }
}
