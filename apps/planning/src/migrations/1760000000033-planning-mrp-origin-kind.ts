import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft line's origin may be an MRP suggestion firmed (kind `mrp`, the suggestion id its ref; decision planning-021),
 * no longer told as `manual`. Lines firmed before keep `manual`: their ref still names the suggestion.
 */
export class PlanningMrpOriginKind1760000000033 implements MigrationInterface {
  name = 'PlanningMrpOriginKind1760000000033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.draft_origins DROP CONSTRAINT draft_origins_kind_check,
      ADD CONSTRAINT draft_origins_kind_check CHECK (kind IN ('rule', 'sales-order-line', 'mps', 'manual', 'mrp'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE planning.draft_origins SET kind = 'manual' WHERE kind = 'mrp'`);
    await q.query(`ALTER TABLE planning.draft_origins DROP CONSTRAINT draft_origins_kind_check,
      ADD CONSTRAINT draft_origins_kind_check CHECK (kind IN ('rule', 'sales-order-line', 'mps', 'manual'))`);
  }
}
