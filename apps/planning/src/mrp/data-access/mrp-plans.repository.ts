import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductSiteKey } from '../../reordering-rules/index.js';
import { preparedRows } from '../../shared/db.js';
import type { MrpItemPlan, MrpPeg } from '../../shared/domain.js';
import { copyRows, type CopyValue } from './copy-rows.js';

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
    // A requirement through a kit whose parent is not planned again is written again by the kit: its row goes first.
    const parentKeys = new Set(parents.map((k) => `${k.productId}@${k.warehouseId}`));
    const rewritten = rows.flatMap((p) => p.requirements.filter((r) => !parentKeys.has(`${r.parentProductId}@${r.parentWarehouseId}`)).map((r) => r.id));
    await preparedRows(
      tx,
      `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(p, w)),
       parents AS (SELECT * FROM unnest($3::text[], $4::text[]) AS q(p, w)),
       s AS (DELETE FROM planning.mrp_suggestions x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w),
       g AS (DELETE FROM planning.mrp_pegging x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w),
       m AS (DELETE FROM planning.mrp_messages x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w)
       DELETE FROM planning.mrp_requirements x USING k WHERE x.product_id = k.p AND x.warehouse_id = k.w
         AND ((x.parent_product_id, x.parent_warehouse_id) IN (SELECT p, w FROM parents) OR x.id IN (SELECT unnest($5::text[])))`,
      [rows.map((p) => p.productId), rows.map((p) => p.warehouseId), parents.map((k) => k.productId), parents.map((k) => k.warehouseId), rewritten],
    );
    const runId = by.runId ?? null;
    const eventId = by.eventId ?? null;
    await copyRows(
      tx, 'planning.mrp_suggestions',
      ['id', 'product_id', 'warehouse_id', 'kind', 'quantity', 'due_date', 'start_date', 'late', 'requirement_date', 'lot', 'lots', 'source', 'explanation', 'run_id', 'event_id'],
      rowsOf(rows, (p) => p.suggestions, (s) => [
        s.id, s.productId, s.warehouseId, s.kind, s.quantity, s.dueDate, s.startDate, s.late, s.requirementDate, s.lot, s.lots,
        JSON.stringify({ ...(s.sourceWarehouseId ? { sourceWarehouseId: s.sourceWarehouseId } : {}), ...(s.bomId ? { bomId: s.bomId } : {}), ...(s.parentProductId ? { parentProductId: s.parentProductId, parentQuantity: s.parentQuantity } : {}) }),
        s.explanation, runId, eventId,
      ]),
    );
    await copyRows(tx, 'planning.mrp_pegging', ['supply_id', 'no', 'product_id', 'warehouse_id', 'type', 'ref', 'date', 'quantity'], pegRows(rows, outside));
    await copyRows(
      tx, 'planning.mrp_requirements',
      ['id', 'product_id', 'warehouse_id', 'quantity', 'due_date', 'code', 'parent_id', 'parent_product_id', 'parent_warehouse_id', 'via_phantom', 'run_id', 'event_id'],
      rowsOf(rows, (p) => p.requirements, (r) => [r.id, r.productId, r.warehouseId, r.quantity, r.date, r.code, r.parentId, r.parentProductId, r.parentWarehouseId, r.viaPhantom, runId, eventId]),
    );
    await copyRows(
      tx, 'planning.mrp_messages',
      ['id', 'product_id', 'warehouse_id', 'receipt_id', 'action', 'from_date', 'to_date', 'from_quantity', 'to_quantity', 'explanation', 'run_id', 'event_id'],
      rowsOf(rows, (p) => p.messages, (m, i) => [`${m.receiptId}:${m.action}:${i}`, m.productId, m.warehouseId, m.receiptId, m.action, m.fromDate, m.toDate, m.fromQuantity, m.toQuantity, m.explanation, runId, eventId]),
    );
    return written.map(site);
  }
}

/** The rows of each plan's `list`, made as COPY reads them (never all at once). */
function* rowsOf<T>(plans: readonly MrpItemPlan[], list: (p: MrpItemPlan) => readonly T[], row: (x: T, i: number) => CopyValue[]): Generator<CopyValue[]> {
  for (const p of plans) {
    const xs = list(p);
    for (let i = 0; i < xs.length; i++) yield row(xs[i] as T, i);
  }
}

/** The pegs of each plan's suggestions, stock and receipts; a demand that stands for a stored requirement is pegged as one. */
function* pegRows(plans: readonly MrpItemPlan[], outside: ReadonlySet<string>): Generator<CopyValue[]> {
  for (const p of plans) {
    const supplies = [
      ...p.suggestions.map((s) => ({ supply: s.id, pegging: s.pegging })),
      ...p.supplyPegging.map((s) => ({ supply: s.supplyId === 'onHand' ? `onHand@${p.productId}@${p.warehouseId}` : s.supplyId, pegging: s.pegging })),
    ];
    for (const { supply, pegging } of supplies) {
      for (let no = 0; no < pegging.length; no++) {
        const g = pegging[no] as MrpPeg;
        yield [supply, no, p.productId, p.warehouseId, g.type === 'demand' && g.id !== null && outside.has(g.id) ? 'requirement' : g.type, g.id, g.date, g.quantity];
      }
    }
  }
}

const site = (w: WrittenSite): WrittenSite => ({ productId: w.productId, warehouseId: w.warehouseId, version: w.version, suggestionsChanged: w.suggestionsChanged, messagesChanged: w.messagesChanged });
