import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statement } from '@replenish/messaging';
import { preparedRow, preparedRows } from '../../shared/db.js';

export interface MtoLineRow {
  salesOrderLineId: string;
  salesOrderId: string;
  orderRef: string;
  /** The line's number in its order and its upstream reference: null on lines stored before they were kept. */
  lineNo: number | null;
  lineRef: string | null;
  productId: string;
  warehouseId: string;
  quantity: string;
  deliveryDate: string;
  fromStock: boolean;
  /** When planning handled the cancellation of the line's sales order; null (or absent on insert) while not cancelled. */
  cancelledAt?: string | null;
}

/** What one draft holds for a sales line (the sum of the line's origins on it), in the draft line's UoM. */
export interface DraftHolding {
  draftId: string;
  state: 'draft' | 'confirmed';
  quantity: string;
}

export interface ExceptionRow {
  exceptionId: string;
  kind: 'over-ordered' | 'under-ordered' | 'reschedule';
  message: string;
  productId: string;
  warehouseId: string;
  quantity: string;
  salesOrderId?: string;
  salesOrderLineId?: string;
  draftOrderId?: string;
  raisedAt: string;
}

const MTO_COLS = `sales_order_line_id AS "salesOrderLineId", sales_order_id AS "salesOrderId", order_ref AS "orderRef", line_no AS "lineNo", line_ref AS "lineRef", product_id AS "productId",
  warehouse_id AS "warehouseId", quantity::text AS quantity, delivery_date::text AS "deliveryDate", from_stock AS "fromStock",
  cancelled_at::text AS "cancelledAt"`;

/** A batch of confirmations' lines (`beginBatch`): the ids stored or taken already, and the new rows to insert. */
interface LineBatch {
  known: Set<string>;
  rows: MtoLineRow[];
}

@Injectable()
export class MtoRepository {
  private readonly batches = new WeakMap<EntityManager, LineBatch>();

  /**
   * From now on `insertLine` on `tx` keeps its rows until `takeLines`, which gives them as one insert (a consumer
   * batch of confirmations, planning-016 addendum). Reads which of `lineIds` are stored already, in one statement:
   * the caller holds the exclusive write lock, so no other transaction inserts them meanwhile.
   */
  async beginBatch(tx: EntityManager, lineIds: readonly string[]): Promise<void> {
    const stored = await preparedRows<{ id: string }>(tx, `SELECT sales_order_line_id AS id FROM planning.mto_lines WHERE sales_order_line_id = ANY($1::text[])`, [[...new Set(lineIds)]]);
    this.batches.set(tx, { known: new Set(stored.map((r) => r.id)), rows: [] });
  }

  /** Ends the batch: its new lines as one insert, for the caller to run with its other writes (`runWrites`). */
  takeLines(tx: EntityManager): Statement | undefined {
    const rows = this.batches.get(tx)?.rows ?? [];
    this.batches.delete(tx);
    return linesInsert(rows);
  }
  /** The MTO line, row-locked: changes of one line are applied one at a time. */
  lockLine(tx: EntityManager, lineId: string): Promise<MtoLineRow | undefined> {
    return preparedRow<MtoLineRow>(tx, `SELECT ${MTO_COLS} FROM planning.mto_lines WHERE sales_order_line_id = $1 FOR UPDATE`, [lineId]);
  }

  /**
   * The sales order of the line was cancelled (newQuantity = what was delivered): the line keeps that quantity
   * and is marked, so that nothing re-orders any of it later (decision planning-008). The first cancellation wins.
   */
  async markCancelled(tx: EntityManager, lineId: string): Promise<void> {
    await preparedRows(tx, `UPDATE planning.mto_lines SET cancelled_at = COALESCE(cancelled_at, now()), updated_at = now() WHERE sales_order_line_id = $1`, [lineId]);
  }

  /** False when the line is already known (the same confirmation seen twice). In a batch, written at `takeLines`. */
  async insertLine(tx: EntityManager, r: MtoLineRow): Promise<boolean> {
    const batch = this.batches.get(tx);
    if (batch) {
      if (batch.known.has(r.salesOrderLineId)) return false;
      batch.known.add(r.salesOrderLineId);
      batch.rows.push(r);
      return true;
    }
    const { text, params } = linesInsert([r])!;
    return (await preparedRows(tx, `${text} RETURNING sales_order_line_id`, params)).length > 0;
  }

  async updateLine(tx: EntityManager, lineId: string, quantity: string, deliveryDate: string): Promise<void> {
    await preparedRows(tx, `UPDATE planning.mto_lines SET quantity = $2, delivery_date = $3, updated_at = now() WHERE sales_order_line_id = $1`, [lineId, quantity, deliveryDate]);
  }

  /**
   * What this sales line still has on orders that will deliver: its origins on open and confirmed drafts (any key),
   * in the draft lines' UoM. A cancelled draft no longer counts.
   */
  async quantityOnLiveDrafts(tx: EntityManager, lineId: string): Promise<string> {
    const row = await preparedRow<{ quantity: string }>(
      tx,
      `SELECT COALESCE(sum(o.quantity), 0)::text AS quantity FROM planning.draft_origins o
         JOIN planning.draft_lines l ON l.id = o.line_id JOIN planning.draft_orders d ON d.id = l.draft_id
       WHERE o.kind = 'sales-order-line' AND o.ref = $1 AND d.state IN ('draft', 'confirmed')`,
      [lineId],
    );
    return row?.quantity ?? '0';
  }

  /**
   * The open and confirmed drafts that hold origins of this sales line, with what each holds, newest first (by
   * creation, then id). Cancelled drafts are left out.
   */
  holdingsOfLine(tx: EntityManager, lineId: string): Promise<DraftHolding[]> {
    return preparedRows<DraftHolding>(
      tx,
      `SELECT d.id AS "draftId", d.state, sum(o.quantity)::text AS quantity FROM planning.draft_origins o
         JOIN planning.draft_lines l ON l.id = o.line_id JOIN planning.draft_orders d ON d.id = l.draft_id
       WHERE o.kind = 'sales-order-line' AND o.ref = $1 AND d.state IN ('draft', 'confirmed')
       GROUP BY d.id, d.state, d.created_at
       ORDER BY d.created_at DESC, d.id DESC`,
      [lineId],
    );
  }

  async insertException(tx: EntityManager, e: ExceptionRow): Promise<void> {
    await preparedRows(
      tx,
      `INSERT INTO planning.exceptions (id, kind, message, product_id, warehouse_id, quantity, sales_order_id, sales_order_line_id, draft_order_id, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [e.exceptionId, e.kind, e.message, e.productId, e.warehouseId, e.quantity, e.salesOrderId ?? null, e.salesOrderLineId ?? null, e.draftOrderId ?? null, e.raisedAt],
    );
  }

  exceptions(tx: EntityManager, f: { salesOrderId?: string; productId?: string; warehouseId?: string; limit: number; offset: number }): Promise<ExceptionRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [col, v] of [['sales_order_id', f.salesOrderId], ['product_id', f.productId], ['warehouse_id', f.warehouseId]] as const) {
      if (v === undefined) continue;
      params.push(v);
      where.push(`${col} = $${params.length}`);
    }
    params.push(f.limit, f.offset);
    return preparedRows<ExceptionRow>(
      tx,
      `SELECT id AS "exceptionId", kind, message, product_id AS "productId", warehouse_id AS "warehouseId", quantity::text AS quantity,
         sales_order_id AS "salesOrderId", sales_order_line_id AS "salesOrderLineId", draft_order_id AS "draftOrderId", raised_at AS "raisedAt"
       FROM planning.exceptions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY raised_at DESC, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }
}

/** New lines in one statement, whatever their number (one prepared statement: arrays, not a VALUES row each). */
function linesInsert(rows: readonly MtoLineRow[]): Statement | undefined {
  if (rows.length === 0) return undefined;
  return {
    text: `INSERT INTO planning.mto_lines (sales_order_line_id, sales_order_id, order_ref, line_no, line_ref, product_id, warehouse_id, quantity, delivery_date, from_stock)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::date[], $10::boolean[])
       ON CONFLICT (sales_order_line_id) DO NOTHING`,
    params: [
      rows.map((r) => r.salesOrderLineId), rows.map((r) => r.salesOrderId), rows.map((r) => r.orderRef), rows.map((r) => r.lineNo), rows.map((r) => r.lineRef),
      rows.map((r) => r.productId), rows.map((r) => r.warehouseId), rows.map((r) => r.quantity), rows.map((r) => r.deliveryDate), rows.map((r) => r.fromStock),
    ],
  };
}
