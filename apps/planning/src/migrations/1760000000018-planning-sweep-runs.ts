import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sweep runs and their chunks (decision planning-013): a sweep answers its id at once and is read back while it
 * runs; replicas share its chunks (claimed FOR UPDATE SKIP LOCKED, each in its own transaction). At most one run
 * is running. A run no replica works on any more (every replica that worked on it stopped) is shown as interrupted.
 */
export class PlanningSweepRuns1760000000018 implements MigrationInterface {
  name = 'PlanningSweepRuns1760000000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.sweep_runs (
        id uuid PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('running', 'done', 'interrupted')),
        cause text NOT NULL,
        total int NOT NULL,
        done int NOT NULL DEFAULT 0,
        ordered int NOT NULL DEFAULT 0,
        failed int NOT NULL DEFAULT 0,
        changed_draft_ids uuid[] NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS sweep_runs_one_running ON planning.sweep_runs ((true)) WHERE state = 'running'`);
    await q.query(`CREATE INDEX IF NOT EXISTS sweep_runs_started ON planning.sweep_runs (started_at DESC)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS planning.sweep_chunks (
        sweep_id uuid NOT NULL REFERENCES planning.sweep_runs (id) ON DELETE CASCADE,
        no int NOT NULL,
        serial boolean NOT NULL,
        product_ids text[] NOT NULL,
        warehouse_ids text[] NOT NULL,
        done boolean NOT NULL DEFAULT false,
        PRIMARY KEY (sweep_id, no)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS planning.sweep_chunks`);
    await q.query(`DROP TABLE IF EXISTS planning.sweep_runs`);
  }
}
