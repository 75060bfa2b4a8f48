import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft's change costs what changed, not the draft's size (decision planning-025):
 * - draft_lines.origins_summary goes: a top-up loads no origin and draft-order.updated carries only the origins a
 *   version changed, so nothing reads the summary any more, and rewriting it whole at every top-up of a line was
 *   the line's history at every change. Whole drafts (raised, confirmed, cancelled, REST) sum the origins themselves.
 * - draft_versions.whole: false when a version row holds only the lines the version added, changed or removed (a
 *   removed line at quantity 0); rows written before hold the whole draft (true). Reading folds them in order.
 */
export class PlanningDraftChanges1760000000100 implements MigrationInterface {
  name = 'PlanningDraftChanges1760000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.draft_lines DROP COLUMN origins_summary`);
    await q.query(`ALTER TABLE planning.draft_versions ADD COLUMN whole boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.draft_versions DROP COLUMN whole`);
    // The summary as migration 1760000000001 computed it, for the code before this migration.
    await q.query(`ALTER TABLE planning.draft_lines ADD COLUMN origins_summary jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      UPDATE planning.draft_lines l SET origins_summary = s.summary
      FROM (
        SELECT line_id, jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                 'kind', kind, 'ref', ref, 'quantity', quantity::text, 'count', n,
                 'eventId', CASE WHEN n = 1 THEN event_id END, 'evaluationId', CASE WHEN n = 1 THEN evaluation_id END,
                 'salesOrderId', sales_order_id)) ORDER BY first) AS summary
        FROM (SELECT line_id, kind, ref, sum(quantity) AS quantity, count(*) AS n, min(seq) AS first,
                     min(event_id) AS event_id, min(evaluation_id::text) AS evaluation_id, max(sales_order_id) AS sales_order_id
              FROM planning.draft_origins GROUP BY line_id, kind, ref) AS g
        GROUP BY line_id
      ) AS s
      WHERE s.line_id = l.id`);
  }
}
