import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductSiteKey } from '../../reordering-rules/index.js';
import { preparedRows } from '../../shared/db.js';
import { copyRows } from './copy-rows.js';
import { COPY_COLUMNS, type PlannedBy, type PlanRows } from './plan-rows.js';

/** A product-site whose plan was written, with its version and whether its suggestions or messages changed. */
export interface WrittenSite extends ProductSiteKey {
  version: number;
  suggestionsChanged: boolean;
  messagesChanged: boolean;
}

/**
 * The current MRP plans, per product-site (decision planning-021): each write replaces a site's suggestions, pegging,
 * messages, and the trace requirements on it from parents planned in the same pass (those of parents not planned
 * again stay), unless the plan is the one stored (its digest). A site's version goes up by one when its suggestions
 * or messages changed.
 */
@Injectable()
export class MrpPlansRepository {
  /**
   * Writes `plans` in one statement and a COPY per table; `parents` are the sites planned in this pass (their requirements on the
   * written sites are replaced). Answers the sites written (all, unless a newer plan of a site is kept).
   */
  async write(tx: EntityManager, plans: readonly PlanRows[], parents: readonly ProductSiteKey[], by: PlannedBy): Promise<WrittenSite[]> {
    if (plans.length === 0) return [];
    // A requirement through a kit whose parent is not planned again is written again by the kit: its row goes first.
    const parentKeys = new Set(parents.map((k) => `${k.productId}@${k.warehouseId}`));
    const rewritten = plans.flatMap((p) => p.kitRequirements.filter((r) => !parentKeys.has(r.parent)).map((r) => r.id));
    // One statement (a round trip counts in a net change): the sites' rows, then the old rows of those whose plan changed.
    const written = await preparedRows<WrittenSite & { planChanged: boolean }>(
      tx,
      `WITH n AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $10::text[]) AS n(p, w, lvl, sf, mf, ex, pf)),
       old AS (SELECT s.product_id, s.warehouse_id, s.suggestions_fingerprint, s.messages_fingerprint, s.plan_fingerprint
               FROM planning.mrp_sites s JOIN n ON s.product_id = n.p AND s.warehouse_id = n.w),
       up AS (
         INSERT INTO planning.mrp_sites AS s (product_id, warehouse_id, level, version, suggestions_fingerprint, messages_fingerprint, plan_fingerprint, explanation, run_id, event_id, planned_at)
         SELECT p, w, lvl, CASE WHEN sf = '' AND mf = '' THEN 0 ELSE 1 END, sf, mf, pf, ex, $7, $8, clock_timestamp() FROM n
         ON CONFLICT (product_id, warehouse_id) DO UPDATE SET
           version = s.version + CASE WHEN s.suggestions_fingerprint <> EXCLUDED.suggestions_fingerprint OR s.messages_fingerprint <> EXCLUDED.messages_fingerprint THEN 1 ELSE 0 END,
           level = CASE WHEN $7::uuid IS NULL THEN s.level ELSE EXCLUDED.level END,
           suggestions_fingerprint = EXCLUDED.suggestions_fingerprint, messages_fingerprint = EXCLUDED.messages_fingerprint, plan_fingerprint = EXCLUDED.plan_fingerprint,
           explanation = EXCLUDED.explanation, run_id = EXCLUDED.run_id, event_id = EXCLUDED.event_id, planned_at = EXCLUDED.planned_at
         WHERE $9::timestamptz IS NULL OR s.planned_at <= $9::timestamptz
         RETURNING s.product_id, s.warehouse_id, s.version),
       res AS (
         SELECT up.product_id, up.warehouse_id, up.version,
           COALESCE(old.suggestions_fingerprint, '') <> n.sf AS suggestions_changed, COALESCE(old.messages_fingerprint, '') <> n.mf AS messages_changed,
           old.plan_fingerprint IS DISTINCT FROM n.pf AS plan_changed
         FROM up JOIN n ON n.p = up.product_id AND n.w = up.warehouse_id
         LEFT JOIN old ON old.product_id = up.product_id AND old.warehouse_id = up.warehouse_id),
       k AS (SELECT product_id AS p, warehouse_id AS w FROM res WHERE plan_changed),
       parents AS (SELECT * FROM unnest($11::text[], $12::text[]) AS q(p, w)),
       s AS (DELETE FROM planning.mrp_suggestions x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w),
       g AS (DELETE FROM planning.mrp_pegging x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w),
       m AS (DELETE FROM planning.mrp_messages x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w),
       r AS (DELETE FROM planning.mrp_requirements x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w
         AND ((x.parent_product_id, x.parent_warehouse_id) IN (SELECT p, w FROM parents) OR x.id IN (SELECT unnest($13::text[]))))
       SELECT product_id AS "productId", warehouse_id AS "warehouseId", version, suggestions_changed AS "suggestionsChanged",
         messages_changed AS "messagesChanged", plan_changed AS "planChanged"
       FROM res`,
      [
        plans.map((p) => p.productId), plans.map((p) => p.warehouseId), plans.map((p) => p.lowLevelCode),
        plans.map((p) => p.suggestionsFingerprint), plans.map((p) => p.messagesFingerprint), plans.map((p) => p.explanation),
        by.runId ?? null, by.eventId ?? null, by.notPlannedSince ?? null, plans.map((p) => p.planFingerprint),
        parents.map((k) => k.productId), parents.map((k) => k.warehouseId), rewritten,
      ],
    );
    const kept = new Set(written.filter((w) => w.planChanged).map((w) => `${w.productId}@${w.warehouseId}`));
    const rows = plans.filter((p) => kept.has(`${p.productId}@${p.warehouseId}`));
    for (const table of ['suggestions', 'pegging', 'requirements', 'messages'] as const) {
      await copyRows(tx, `planning.mrp_${table}`, COPY_COLUMNS[table], rows.map((p) => p.copy[table]));
    }
    return written.map(site);
  }
}

const site = (w: WrittenSite): WrittenSite => ({ productId: w.productId, warehouseId: w.warehouseId, version: w.version, suggestionsChanged: w.suggestionsChanged, messagesChanged: w.messagesChanged });
