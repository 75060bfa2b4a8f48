import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * planning.mps_rows keeps each row's figures as JSON text, not jsonb (decision planning-022): nothing queries inside
 * them, and converting a warehouse's rows (5,000 x 52 columns, 18 MB) to jsonb on every full re-computation cost
 * seconds (bench:mps).
 */
export class PlanningMpsRowsAsText1760000000041 implements MigrationInterface {
  name = 'PlanningMpsRowsAsText1760000000041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mps_rows ALTER COLUMN figures TYPE text USING figures::text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.mps_rows ALTER COLUMN figures TYPE jsonb USING figures::jsonb`);
  }
}
