import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads that used to scan every origin of a line (decision planning-007): a line topped up on every stock move
 * holds thousands.
 * - draft_lines.origins_summary: one entry per (kind, ref) with the summed quantity and the count, kept up to
 *   date on every save; loading a draft to top it up reads this instead of the origins.
 * - draft_lines.next_origin_seq: where the next appended origin goes.
 * - an index on the make-to-order origins of a line: the projection reads only those.
 */
export class PlanningOriginSummaries1760000000001 implements MigrationInterface {
  name = 'PlanningOriginSummaries1760000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE planning.draft_lines ADD COLUMN origins_summary jsonb NOT NULL DEFAULT '[]', ADD COLUMN next_origin_seq integer NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE planning.draft_lines l SET origins_summary = s.summary, next_origin_seq = s.next
      FROM (
        SELECT line_id, jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                 'kind', kind, 'ref', ref, 'quantity', quantity::text, 'count', n,
                 'eventId', CASE WHEN n = 1 THEN event_id END, 'evaluationId', CASE WHEN n = 1 THEN evaluation_id END,
                 'salesOrderId', sales_order_id)) ORDER BY first) AS summary,
               max(next) AS next
        FROM (SELECT line_id, kind, ref, sum(quantity) AS quantity, count(*) AS n, min(seq) AS first, max(seq) + 1 AS next,
                     min(event_id) AS event_id, min(evaluation_id::text) AS evaluation_id, max(sales_order_id) AS sales_order_id
              FROM planning.draft_origins GROUP BY line_id, kind, ref) AS g
        GROUP BY line_id
      ) AS s
      WHERE s.line_id = l.id`);
    await q.query(`CREATE INDEX draft_origins_line_mto ON planning.draft_origins (line_id) WHERE kind = 'sales-order-line'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS planning.draft_origins_line_mto`);
    await q.query(`ALTER TABLE planning.draft_lines DROP COLUMN IF EXISTS origins_summary, DROP COLUMN IF EXISTS next_origin_seq`);
  }
}
