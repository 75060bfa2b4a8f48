import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * planning.draft_versions: one compact row per published version of a draft (GET /draft-orders/{id}/versions),
 * written in the transaction that publishes it. Lines are the whole draft's (product, quantity, UoM) so a version
 * reads alone; origins are only those the version added (what caused it). No foreign key: a version outlives
 * nothing, and tests truncate drafts freely. Drafts published before this migration have no rows.
 */
export class PlanningDraftVersions1760000000060 implements MigrationInterface {
  name = 'PlanningDraftVersions1760000000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE planning.draft_versions (
      draft_id uuid NOT NULL,
      version int NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      change text NOT NULL,
      state text NOT NULL,
      lines jsonb NOT NULL,
      origins jsonb NOT NULL,
      cause_event_id uuid,
      cause_event_type text,
      PRIMARY KEY (draft_id, version))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE planning.draft_versions`);
  }
}
