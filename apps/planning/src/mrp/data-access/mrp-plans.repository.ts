import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductSiteKey } from '../../reordering-rules/index.js';
import { preparedRows } from '../../shared/db.js';
import type { MrpItemPlan } from '../../shared/domain.js';

/** Who planned: a regenerative run, or the event of a net change. */
export interface PlannedBy {
  runId?: string;
  eventId?: string;
  /** A regenerative run: sites planned again since this instant (by events) keep their newer plan. */
  notPlannedSince?: string;
}

/** A product-site whose plan was written, with its version and whether its suggestions or messages changed. */
export interface WrittenSite extends ProductSiteKey {
  version: number;
  suggestionsChanged: boolean;
  messagesChanged: boolean;
}

/** A site's plan as written: its fingerprints decide whether its version goes up. */
export interface PlanToWrite {
  plan: MrpItemPlan;
  suggestionsFingerprint: string;
  messagesFingerprint: string;
  /** Of the whole plan: a site planned again to the same plan is not written again. */
  planFingerprint: string;
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
   * Writes `plans` in a few statements; `parents` are the sites planned in this pass (their requirements on the
   * written sites are replaced), `outside` the demand ids that stand for stored requirements (their pegs stay
   * requirement pegs). Answers the sites written (all, unless a newer plan of a site is kept).
   */
  async write(tx: EntityManager, plans: readonly PlanToWrite[], parents: readonly ProductSiteKey[], outside: ReadonlySet<string>, by: PlannedBy): Promise<WrittenSite[]> {
    if (plans.length === 0) return [];
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
         RETURNING s.product_id, s.warehouse_id, s.version)
       SELECT up.product_id AS "productId", up.warehouse_id AS "warehouseId", up.version,
         COALESCE(old.suggestions_fingerprint, '') <> n.sf AS "suggestionsChanged", COALESCE(old.messages_fingerprint, '') <> n.mf AS "messagesChanged",
         old.plan_fingerprint IS DISTINCT FROM n.pf AS "planChanged"
       FROM up JOIN n ON n.p = up.product_id AND n.w = up.warehouse_id
       LEFT JOIN old ON old.product_id = up.product_id AND old.warehouse_id = up.warehouse_id`,
      [
        plans.map((p) => p.plan.productId), plans.map((p) => p.plan.warehouseId), plans.map((p) => p.plan.lowLevelCode),
        plans.map((p) => p.suggestionsFingerprint), plans.map((p) => p.messagesFingerprint), plans.map((p) => p.plan.explanation),
        by.runId ?? null, by.eventId ?? null, by.notPlannedSince ?? null, plans.map((p) => p.planFingerprint),
      ],
    );
    const kept = new Set(written.filter((w) => w.planChanged).map((w) => `${w.productId}@${w.warehouseId}`));
    const rows = plans.map((p) => p.plan).filter((p) => kept.has(`${p.productId}@${p.warehouseId}`));
    if (rows.length === 0) return written.map(site);
    await preparedRows(
      tx,
      `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(p, w)),
       parents AS (SELECT * FROM unnest($3::text[], $4::text[]) AS q(p, w)),
       s AS (DELETE FROM planning.mrp_suggestions x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w),
       g AS (DELETE FROM planning.mrp_pegging x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w),
       m AS (DELETE FROM planning.mrp_messages x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w)
       DELETE FROM planning.mrp_requirements x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w
         AND (x.parent_product_id, x.parent_warehouse_id) IN (SELECT p, w FROM parents)`,
      [rows.map((p) => p.productId), rows.map((p) => p.warehouseId), parents.map((k) => k.productId), parents.map((k) => k.warehouseId)],
    );
    const runId = by.runId ?? null;
    const eventId = by.eventId ?? null;
    const suggestions = rows.flatMap((p) => p.suggestions.map((s) => ({
      id: s.id, p: s.productId, w: s.warehouseId, kind: s.kind, q: s.quantity, due: s.dueDate, start: s.startDate, late: s.late, req: s.requirementDate,
      lot: s.lot, lots: s.lots, ex: s.explanation,
      src: { ...(s.sourceWarehouseId ? { sourceWarehouseId: s.sourceWarehouseId } : {}), ...(s.bomId ? { bomId: s.bomId } : {}), ...(s.parentProductId ? { parentProductId: s.parentProductId, parentQuantity: s.parentQuantity } : {}) },
    })));
    const pegs = rows.flatMap((p) => [
      ...p.suggestions.map((s) => ({ supply: s.id, pegging: s.pegging })),
      ...p.supplyPegging.map((s) => ({ supply: s.supplyId === 'onHand' ? `onHand@${p.productId}@${p.warehouseId}` : s.supplyId, pegging: s.pegging })),
    ].flatMap(({ supply, pegging }) => pegging.map((g, no) => ({
      s: supply, no, p: p.productId, w: p.warehouseId, t: g.type === 'demand' && g.id !== null && outside.has(g.id) ? 'requirement' : g.type, ref: g.id, d: g.date, q: g.quantity,
    }))));
    const requirements = rows.flatMap((p) => p.requirements.map((r) => ({
      id: r.id, p: r.productId, w: r.warehouseId, q: r.quantity, d: r.date, code: r.code, parent: r.parentId, pp: r.parentProductId, pw: r.parentWarehouseId, via: r.viaPhantom ?? null,
    })));
    const messages = rows.flatMap((p) => p.messages.map((m, i) => ({
      id: `${m.receiptId}:${m.action}:${i}`, p: m.productId, w: m.warehouseId, r: m.receiptId, a: m.action, fd: m.fromDate, td: m.toDate, fq: m.fromQuantity, tq: m.toQuantity, ex: m.explanation,
    })));
    await preparedRows(
      tx,
      `WITH s AS (
         INSERT INTO planning.mrp_suggestions (id, product_id, warehouse_id, kind, quantity, due_date, start_date, late, requirement_date, lot, lots, source, explanation, run_id, event_id)
         SELECT id, p, w, kind, q, due, start, late, req, lot, lots, src, ex, $5, $6
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, p text, w text, kind text, q numeric, due date, start date, late boolean, req date, lot int, lots int, src jsonb, ex text)),
       g AS (
         INSERT INTO planning.mrp_pegging (supply_id, no, product_id, warehouse_id, type, ref, date, quantity)
         SELECT s, no, p, w, t, ref, d, q FROM jsonb_to_recordset($2::jsonb) AS x(s text, no int, p text, w text, t text, ref text, d date, q numeric)),
       r AS (
         INSERT INTO planning.mrp_requirements (id, product_id, warehouse_id, quantity, due_date, code, parent_id, parent_product_id, parent_warehouse_id, via_phantom, run_id, event_id)
         SELECT id, p, w, q, d, code, parent, pp, pw, via, $5, $6 FROM jsonb_to_recordset($3::jsonb) AS x(id text, p text, w text, q numeric, d date, code text, parent text, pp text, pw text, via text)
         ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, due_date = EXCLUDED.due_date, code = EXCLUDED.code, run_id = EXCLUDED.run_id, event_id = EXCLUDED.event_id)
       INSERT INTO planning.mrp_messages (id, product_id, warehouse_id, receipt_id, action, from_date, to_date, from_quantity, to_quantity, explanation, run_id, event_id)
       SELECT id, p, w, r, a, fd, td, fq, tq, ex, $5, $6 FROM jsonb_to_recordset($4::jsonb) AS x(id text, p text, w text, r text, a text, fd date, td date, fq numeric, tq numeric, ex text)`,
      [JSON.stringify(suggestions), JSON.stringify(pegs), JSON.stringify(requirements), JSON.stringify(messages), runId, eventId],
    );
    return written.map(site);
  }
}

const site = (w: WrittenSite): WrittenSite => ({ productId: w.productId, warehouseId: w.warehouseId, version: w.version, suggestionsChanged: w.suggestionsChanged, messagesChanged: w.messagesChanged });
