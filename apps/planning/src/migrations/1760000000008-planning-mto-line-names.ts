import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mto_lines.line_no and line_ref: how people name an MTO line ("SO-2, line 1", the order's reference being
 * order_ref), for the explanations and messages planning writes about the line later, e.g. when a draft that held
 * it is cancelled. Null on lines confirmed before: their messages fall back to the line's id.
 */
export class PlanningMtoLineNames1760000000008 implements MigrationInterface {
  name = 'PlanningMtoLineNames1760000000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mto_lines ADD COLUMN IF NOT EXISTS line_no int, ADD COLUMN IF NOT EXISTS line_ref varchar(100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mto_lines DROP COLUMN IF EXISTS line_no, DROP COLUMN IF EXISTS line_ref`);
  }
}
