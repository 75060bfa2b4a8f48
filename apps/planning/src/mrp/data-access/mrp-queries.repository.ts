import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedRow, preparedRows } from '../../shared/db.js';
import type { MrpItemPlan, MrpPeg } from '../../shared/domain.js';

export type SuggestionKind = 'POS' | 'WOS' | 'TRS' | 'BWS';

export interface SuggestionRow {
  suggestionId: string;
  productId: string;
  warehouseId: string;
  kind: SuggestionKind;
  quantity: string;
  dueDate: string;
  startDate: string;
  late: boolean;
  requirementDate: string;
  lot: number;
  lots: number;
  sourceWarehouseId?: string;
  bomId?: string;
  parentProductId?: string;
  parentQuantity?: string;
  runId: string | null;
  eventId: string | null;
  plannedAt: string;
}

export interface SuggestionFilter {
  productId?: string;
  warehouseId?: string;
  kind?: SuggestionKind;
  runId?: string;
}

const SUGGESTION_COLS = `s.id AS "suggestionId", s.product_id AS "productId", s.warehouse_id AS "warehouseId", s.kind, s.quantity::text AS quantity,
  s.due_date::text AS "dueDate", s.start_date::text AS "startDate", s.late, s.requirement_date::text AS "requirementDate", s.lot + 1 AS lot, s.lots,
  s.source->>'sourceWarehouseId' AS "sourceWarehouseId", s.source->>'bomId' AS "bomId", s.source->>'parentProductId' AS "parentProductId",
  s.source->>'parentQuantity' AS "parentQuantity", s.run_id AS "runId", s.event_id AS "eventId",
  to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "plannedAt"`;
const FILTER = `($1::text IS NULL OR s.product_id = $1) AND ($2::text IS NULL OR s.warehouse_id = $2) AND ($3::text IS NULL OR s.kind = $3)
  AND ($4::uuid IS NULL OR s.run_id = $4)`;
const filterParams = (f: SuggestionFilter) => [f.productId ?? null, f.warehouseId ?? null, f.kind ?? null, f.runId ?? null];

/** Drops what SQL gives as null for an absent optional field, so that answers leave it out. */
function compact<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([k, v]) => v !== null || k === 'runId' || k === 'eventId')) as T;
}

/** MRP's current plans as the REST API reads them. */
@Injectable()
export class MrpQueriesRepository {
  async suggestions(tx: EntityManager, f: SuggestionFilter, limit: number, offset: number): Promise<{ items: SuggestionRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      preparedRows<SuggestionRow>(
        tx,
        `SELECT ${SUGGESTION_COLS} FROM planning.mrp_suggestions s WHERE ${FILTER}
         ORDER BY s.product_id, s.warehouse_id, s.due_date, s.id LIMIT $5 OFFSET $6`,
        [...filterParams(f), limit, offset],
      ),
      preparedRow<{ n: number }>(tx, `SELECT count(*)::int AS n FROM planning.mrp_suggestions s WHERE ${FILTER}`, filterParams(f)),
    ]);
    return { items: rows.map(compact), total: count?.n ?? 0 };
  }

  /** Every suggestion of the filter, at most `limit`, row-locked until the end of `tx` (firming). */
  async suggestionsToFirm(tx: EntityManager, f: SuggestionFilter & { ids?: readonly string[] }, limit: number): Promise<(SuggestionRow & { explanation: string })[]> {
    const rows = await preparedRows<SuggestionRow & { explanation: string }>(
      tx,
      `SELECT ${SUGGESTION_COLS}, s.explanation FROM planning.mrp_suggestions s
       WHERE ${FILTER} AND ($5::text[] IS NULL OR s.id = ANY($5::text[]))
       ORDER BY s.product_id, s.warehouse_id, s.due_date, s.id LIMIT $6 FOR UPDATE`,
      [...filterParams(f), f.ids ?? null, limit],
    );
    return rows.map(compact);
  }

  async suggestion(tx: EntityManager, id: string): Promise<(SuggestionRow & { explanation: string; pegging: PegRow[] }) | undefined> {
    const row = await preparedRow<SuggestionRow & { explanation: string; pegging: PegRow[] | null }>(
      tx,
      `SELECT ${SUGGESTION_COLS}, s.explanation,
         (SELECT json_agg(json_build_object('type', g.type, 'id', g.ref, 'date', g.date::text, 'quantity', g.quantity::text) ORDER BY g.no)
          FROM planning.mrp_pegging g WHERE g.product_id = s.product_id AND g.warehouse_id = s.warehouse_id AND g.supply_id = s.id) AS pegging
       FROM planning.mrp_suggestions s WHERE s.id = $1`,
      [id],
    );
    return row ? { ...compact(row), pegging: row.pegging ?? [] } : undefined;
  }

  async requirements(tx: EntityManager, f: { productId?: string; warehouseId?: string }, limit: number, offset: number): Promise<{ items: RequirementRow[]; total: number }> {
    const where = `($1::text IS NULL OR r.product_id = $1) AND ($2::text IS NULL OR r.warehouse_id = $2)`;
    const [items, count] = await Promise.all([
      preparedRows<RequirementRow>(
        tx,
        `SELECT r.id AS "requirementId", r.product_id AS "productId", r.warehouse_id AS "warehouseId", r.quantity::text AS quantity,
           r.due_date::text AS "dueDate", r.code, r.parent_id AS "documentNumber", r.parent_product_id AS "parentProductId",
           r.parent_warehouse_id AS "parentWarehouseId", r.via_phantom AS "viaPhantom"
         FROM planning.mrp_requirements r WHERE ${where} ORDER BY r.product_id, r.warehouse_id, r.due_date, r.id LIMIT $3 OFFSET $4`,
        [f.productId ?? null, f.warehouseId ?? null, limit, offset],
      ),
      preparedRow<{ n: number }>(tx, `SELECT count(*)::int AS n FROM planning.mrp_requirements r WHERE ${where}`, [f.productId ?? null, f.warehouseId ?? null]),
    ]);
    return { items: items.map(compact), total: count?.n ?? 0 };
  }

  async messages(tx: EntityManager, f: { productId?: string; warehouseId?: string; action?: string }, limit: number, offset: number): Promise<{ items: MessageRow[]; total: number }> {
    const where = `($1::text IS NULL OR m.product_id = $1) AND ($2::text IS NULL OR m.warehouse_id = $2) AND ($3::text IS NULL OR m.action = $3)`;
    const params = [f.productId ?? null, f.warehouseId ?? null, f.action ?? null];
    const [items, count] = await Promise.all([
      preparedRows<MessageRow>(
        tx,
        `SELECT m.id AS "messageId", m.product_id AS "productId", m.warehouse_id AS "warehouseId", m.receipt_id AS "receiptId", m.action,
           m.from_date::text AS "fromDate", m.to_date::text AS "toDate", m.from_quantity::text AS "fromQuantity", m.to_quantity::text AS "toQuantity",
           m.explanation AS text
         FROM planning.mrp_messages m WHERE ${where} ORDER BY m.product_id, m.warehouse_id, m.from_date, m.id LIMIT $4 OFFSET $5`,
        [...params, limit, offset],
      ),
      preparedRow<{ n: number }>(tx, `SELECT count(*)::int AS n FROM planning.mrp_messages m WHERE ${where}`, params),
    ]);
    return { items, total: count?.n ?? 0 };
  }

  /**
   * The stored plans a pegging tree from suggestion `supplyId` goes through: the sites of the supplies up the chain (a
   * pegged requirement's parent, and its pegs, up to the independent demands), each as libs/domain's MrpItemPlan with
   * what peggingTree reads (requirements, suggestions with their pegging, the pegging of stock and receipts). Each
   * step names its site: pegs and requirements are keyed by product-site first (migration 1760000000120), and a
   * supply's pegs and the requirements they cover are on the supply's site, a requirement's parent on its parent's.
   */
  async plansUpFrom(tx: EntityManager, supplyId: string): Promise<MrpItemPlan[]> {
    const [row] = await preparedRows<{ plans: StoredPlan[] | null }>(
      tx,
      `WITH RECURSIVE chain(supply_id, p, w) AS (
         SELECT s.id, s.product_id, s.warehouse_id FROM planning.mrp_suggestions s WHERE s.id = $1::text
         UNION
         SELECT r.parent_id, r.parent_product_id, r.parent_warehouse_id FROM chain c
         JOIN planning.mrp_pegging g ON g.product_id = c.p AND g.warehouse_id = c.w AND g.supply_id = c.supply_id AND g.type = 'requirement'
         JOIN planning.mrp_requirements r ON r.product_id = g.product_id AND r.warehouse_id = g.warehouse_id AND r.id = g.ref),
       sites AS (
         SELECT DISTINCT g.product_id, g.warehouse_id FROM chain c
           JOIN planning.mrp_pegging g ON g.product_id = c.p AND g.warehouse_id = c.w AND g.supply_id = c.supply_id
         UNION SELECT s.product_id, s.warehouse_id FROM chain c JOIN planning.mrp_suggestions s ON s.id = c.supply_id)
       SELECT json_agg(json_build_object(
         'productId', t.product_id, 'warehouseId', t.warehouse_id, 'level', COALESCE(m.level, 0), 'explanation', COALESCE(m.explanation, ''),
         'requirements', (SELECT json_agg(json_build_object('id', r.id, 'productId', r.product_id, 'warehouseId', r.warehouse_id, 'code', r.code,
             'parentId', r.parent_id, 'parentProductId', r.parent_product_id, 'parentWarehouseId', r.parent_warehouse_id, 'viaPhantom', r.via_phantom,
             'quantity', r.quantity::text, 'date', r.due_date::text)) FROM planning.mrp_requirements r WHERE r.product_id = t.product_id AND r.warehouse_id = t.warehouse_id),
         'suggestions', (SELECT json_agg(json_build_object('id', s.id, 'kind', s.kind, 'quantity', s.quantity::text, 'dueDate', s.due_date::text,
             'startDate', s.start_date::text, 'late', s.late, 'requirementDate', s.requirement_date::text, 'lot', s.lot, 'lots', s.lots, 'explanation', s.explanation))
           FROM planning.mrp_suggestions s WHERE s.product_id = t.product_id AND s.warehouse_id = t.warehouse_id),
         'pegs', (SELECT json_agg(json_build_object('supplyId', g.supply_id, 'type', g.type, 'id', g.ref, 'date', g.date::text, 'quantity', g.quantity::text) ORDER BY g.supply_id, g.no)
           FROM planning.mrp_pegging g WHERE g.product_id = t.product_id AND g.warehouse_id = t.warehouse_id))) AS plans
       FROM sites t LEFT JOIN planning.mrp_sites m ON m.product_id = t.product_id AND m.warehouse_id = t.warehouse_id`,
      [supplyId],
    );
    return (row?.plans ?? []).map(toPlan);
  }
}

export interface PegRow {
  type: MrpPeg['type'];
  id: string | null;
  date: string;
  quantity: string;
}

export interface RequirementRow {
  requirementId: string;
  productId: string;
  warehouseId: string;
  quantity: string;
  dueDate: string;
  code: string;
  documentNumber: string;
  parentProductId: string;
  parentWarehouseId: string;
  viaPhantom?: string;
}

export interface MessageRow {
  messageId: string;
  productId: string;
  warehouseId: string;
  receiptId: string;
  action: string;
  fromDate: string;
  toDate: string;
  fromQuantity: string;
  toQuantity: string;
  text: string;
}

interface StoredPlan {
  productId: string;
  warehouseId: string;
  level: number;
  explanation: string;
  requirements: (Omit<MrpItemPlan['requirements'][number], 'viaPhantom'> & { viaPhantom: string | null })[] | null;
  suggestions: Omit<MrpItemPlan['suggestions'][number], 'productId' | 'warehouseId' | 'pegging'>[] | null;
  pegs: (PegRow & { supplyId: string })[] | null;
}

function toPlan(p: StoredPlan): MrpItemPlan {
  const pegsOf = new Map<string, MrpPeg[]>();
  for (const g of p.pegs ?? []) pegsOf.set(g.supplyId, [...(pegsOf.get(g.supplyId) ?? []), { type: g.type, id: g.id, date: g.date, quantity: g.quantity }]);
  const suggestionIds = new Set((p.suggestions ?? []).map((s) => s.id));
  const onHand = `onHand@${p.productId}@${p.warehouseId}`;
  // What peggingTree reads; by-product receipts and the sites it depends on are not stored.
  return {
    productId: p.productId, warehouseId: p.warehouseId, lowLevelCode: p.level, phantom: false,
    requirements: (p.requirements ?? []).map(({ viaPhantom, ...r }) => ({ ...r, ...(viaPhantom ? { viaPhantom } : {}) })),
    suggestions: (p.suggestions ?? []).map((s) => ({ ...s, productId: p.productId, warehouseId: p.warehouseId, pegging: pegsOf.get(s.id) ?? [] })),
    netRequirements: [], messages: [],
    supplyPegging: [...pegsOf].filter(([id]) => !suggestionIds.has(id)).map(([id, pegging]) => ({ supplyId: id === onHand ? 'onHand' : id, pegging })),
    endingStock: '0', explanation: p.explanation, byProductReceipts: [], dependsOn: [],
  };
}
