import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import type { LocationDelta, ResolvedMove, Settlement, WarehouseDelta } from '../move-effects.js';
import type { PlannedRow } from '../position.js';
import { sql } from '../../shared/sql.js';

/** A validated move ready for the ledger. */
export interface LedgerMove extends ResolvedMove {
  uom: string;
  originalQuantity: string;
  originalUom: string;
  doneAt: string;
  eventId: string | null;
}

export interface OnHandRow {
  productId: string;
  locationId: number;
  quantity: string;
}

/** A planned move (alias p) that still counts in its position: open, dated quantity not all done yet. */
const STILL_EXPECTED = `p.state = 'open' AND p.planned_quantity IS NOT NULL AND p.planned_quantity > p.done_quantity`;
/** A receipt (alias p) past its date that stopped counting (INVENTORY_LATE_SUPPLY=ignore, decision inventory-004), not all received. */
const LATE_LEFT_OUT = `p.state = 'late' AND p.direction = 'in' AND p.planned_quantity > p.done_quantity`;

/** Late receipts a position leaves out: what remains of them, and the earliest of their dates. */
export interface LateNotCounted {
  quantity: string;
  since: string;
}

/** A position as bumpPositions leaves it. */
export interface BumpedPosition {
  onHand: string;
  sequence: number;
  planned: PlannedRow[];
  lateNotCounted: LateNotCounted | null;
}

/**
 * Every write of the stock ledger is one multi-row statement per table (unnest of column arrays), so that
 * a Kafka batch of thousands of moves costs a handful of round trips. Callers pass rows sorted by key so
 * that concurrent transactions lock rows in the same order.
 */
@Injectable()
export class StockRepository {
  /** Inserts the moves not yet recorded; returns the ids actually inserted (the rest were duplicates). */
  async insertMoves(m: EntityManager, moves: readonly LedgerMove[]): Promise<Set<string>> {
    if (moves.length === 0) return new Set();
    const cols = {
      id: [] as string[], kind: [] as string[], product: [] as string[], qty: [] as string[], uom: [] as string[], oqty: [] as string[],
      ouom: [] as string[], from: [] as number[], to: [] as number[], fromWh: [] as (string | null)[], toWh: [] as (string | null)[],
      doneAt: [] as string[], refType: [] as (string | null)[], refId: [] as (string | null)[], eventId: [] as (string | null)[],
    };
    for (const mv of moves) {
      cols.id.push(mv.moveId); cols.kind.push(mv.kind); cols.product.push(mv.productId); cols.qty.push(mv.quantity.toString());
      cols.uom.push(mv.uom); cols.oqty.push(mv.originalQuantity); cols.ouom.push(mv.originalUom); cols.from.push(mv.from.id); cols.to.push(mv.to.id);
      cols.fromWh.push(mv.from.isStock ? mv.from.warehouseId : null); cols.toWh.push(mv.to.isStock ? mv.to.warehouseId : null);
      cols.doneAt.push(mv.doneAt); cols.refType.push(mv.reference?.type ?? null); cols.refId.push(mv.reference?.id ?? null); cols.eventId.push(mv.eventId);
    }
    const rows = await sql<{ move_id: string }>(m, `INSERT INTO inventory.stock_moves (move_id, kind, product_id, quantity, uom, original_quantity, original_uom,
        from_location_id, to_location_id, from_warehouse_id, to_warehouse_id, done_at, reference_type, reference_id, event_id)
      SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::numeric[], $5::varchar[], $6::numeric[], $7::varchar[],
        $8::int[], $9::int[], $10::varchar[], $11::varchar[], $12::timestamptz[], $13::varchar[], $14::varchar[], $15::varchar[])
      ON CONFLICT (move_id) DO NOTHING RETURNING move_id`,
      [cols.id, cols.kind, cols.product, cols.qty, cols.uom, cols.oqty, cols.ouom, cols.from, cols.to, cols.fromWh, cols.toWh, cols.doneAt, cols.refType, cols.refId, cols.eventId]);
    return new Set(rows.map((r) => r.move_id));
  }

  /** Adds deltas to on hand per product and location; returns the new quantities. */
  async addOnHand(m: EntityManager, deltas: readonly LocationDelta[]): Promise<OnHandRow[]> {
    if (deltas.length === 0) return [];
    const rows = await sql<{ product_id: string; location_id: number; quantity: string }>(m, `INSERT INTO inventory.on_hand (product_id, location_id, quantity)
      SELECT * FROM unnest($1::varchar[], $2::int[], $3::numeric[])
      ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = on_hand.quantity + EXCLUDED.quantity, updated_at = now()
      RETURNING product_id, location_id, quantity`,
      [deltas.map((d) => d.productId), deltas.map((d) => d.locationId), deltas.map((d) => d.delta.toString())]);
    return rows.map((r) => ({ productId: r.product_id, locationId: r.location_id, quantity: r.quantity }));
  }

  /** The on hand of one product at one location, locking the row (an inventory count). */
  async onHandForUpdate(m: EntityManager, productId: string, locationId: number): Promise<string> {
    await sql(m, `INSERT INTO inventory.on_hand (product_id, location_id, quantity) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [productId, locationId]);
    const [row] = await sql<{ quantity: string }>(m, `SELECT quantity FROM inventory.on_hand WHERE product_id = $1 AND location_id = $2 FOR UPDATE`, [productId, locationId]);
    return row.quantity;
  }

  /** Adds done quantities to planned moves; a planned move not known yet is created with only its done part. */
  async settle(m: EntityManager, settlements: readonly Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    await sql(m, `INSERT INTO inventory.planned_moves (reference_type, reference_id, product_id, warehouse_id, direction, done_quantity)
      SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::numeric[])
      ON CONFLICT ON CONSTRAINT planned_moves_ref DO UPDATE SET done_quantity = planned_moves.done_quantity + EXCLUDED.done_quantity, updated_at = now()`,
      [settlements.map((s) => s.referenceType), settlements.map((s) => s.referenceId), settlements.map((s) => s.productId),
        settlements.map((s) => s.warehouseId), settlements.map((s) => s.direction), settlements.map((s) => s.quantity.toString())]);
  }

  /** Open planned moves of the given positions, for building their dated incoming and outgoing. */
  async plannedOf(m: EntityManager, keys: readonly { productId: string; warehouseId: string }[]): Promise<Map<string, PlannedRow[]>> {
    const out = new Map<string, PlannedRow[]>();
    if (keys.length === 0) return out;
    const rows = await sql<{ product_id: string; warehouse_id: string; direction: 'in' | 'out'; planned_date: string | null; planned_quantity: string | null; done_quantity: string }>(m,
      `SELECT p.product_id, p.warehouse_id, p.direction, p.planned_date::text AS planned_date, p.planned_quantity, p.done_quantity
       FROM inventory.planned_moves p
       JOIN unnest($1::varchar[], $2::varchar[]) AS k(product_id, warehouse_id) ON k.product_id = p.product_id AND k.warehouse_id = p.warehouse_id
       WHERE ${STILL_EXPECTED}`,
      [keys.map((k) => k.productId), keys.map((k) => k.warehouseId)]);
    for (const r of rows) {
      const key = productWarehouseKey(r.product_id, r.warehouse_id);
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push({ direction: r.direction, date: r.planned_date, planned: r.planned_quantity, done: r.done_quantity, open: true });
    }
    return out;
  }

  /**
   * Adds on-hand deltas to the positions and bumps their sequence by one, creating rows as needed; returns
   * each position's on hand, new sequence and open planned moves (what `plannedOf` reads).
   * Locks the position rows until commit, so that concurrent changes of one position publish strictly growing
   * sequences. With them, the late receipts the position leaves out (INVENTORY_LATE_SUPPLY=ignore), for the explanation.
   * Two statements, not one: a statement reads with the snapshot it started with, even after it waited for a row
   * lock. Read in the bumping statement, the planned moves of a transaction that held the position's lock and
   * committed while this one waited would be missing from a position published with the higher sequence, and
   * planning, which keeps only the newest sequence, would never see them (the chaos suite lost a rule's draft so).
   * The second statement starts after the lock is held, so it sees every change of the position committed before.
   */
  async bumpPositions(m: EntityManager, deltas: readonly WarehouseDelta[]): Promise<Map<string, BumpedPosition>> {
    const out = new Map<string, BumpedPosition>();
    if (deltas.length === 0) return out;
    type Planned = { direction: 'in' | 'out'; date: string | null; planned: string | null; done: string };
    const bumped = await sql<{ product_id: string; warehouse_id: string; on_hand: string; sequence: string }>(m, `
      INSERT INTO inventory.positions (product_id, warehouse_id, on_hand, sequence)
      SELECT k.product_id, k.warehouse_id, k.delta, 1 FROM unnest($1::varchar[], $2::varchar[], $3::numeric[]) AS k(product_id, warehouse_id, delta)
      ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand = positions.on_hand + EXCLUDED.on_hand, sequence = positions.sequence + 1, updated_at = now()
      RETURNING product_id, warehouse_id, on_hand, sequence`,
      [deltas.map((d) => d.productId), deltas.map((d) => d.warehouseId), deltas.map((d) => d.delta.toString())]);
    const planned = await sql<{ product_id: string; warehouse_id: string; planned: Planned[] | null; late: LateNotCounted | null }>(m, `
      SELECT b.product_id, b.warehouse_id,
        (SELECT json_agg(json_build_object('direction', p.direction, 'date', p.planned_date::text, 'planned', p.planned_quantity::text, 'done', p.done_quantity::text))
         FROM inventory.planned_moves p
         WHERE p.product_id = b.product_id AND p.warehouse_id = b.warehouse_id
           AND ${STILL_EXPECTED}) AS planned,
        (SELECT json_build_object('quantity', sum(p.planned_quantity - p.done_quantity)::text, 'since', min(p.planned_date)::text)
         FROM inventory.planned_moves p
         WHERE p.product_id = b.product_id AND p.warehouse_id = b.warehouse_id AND ${LATE_LEFT_OUT}
         HAVING count(*) > 0) AS late
      FROM unnest($1::varchar[], $2::varchar[]) AS b(product_id, warehouse_id)`,
      [bumped.map((r) => r.product_id), bumped.map((r) => r.warehouse_id)]);
    const plannedOf = new Map(planned.map((r) => [productWarehouseKey(r.product_id, r.warehouse_id), r]));
    for (const r of bumped) {
      const key = productWarehouseKey(r.product_id, r.warehouse_id);
      const p = plannedOf.get(key);
      out.set(key, {
        onHand: r.on_hand, sequence: Number(r.sequence), planned: (p?.planned ?? []).map((x) => ({ ...x, open: true })), lateNotCounted: p?.late ?? null,
      });
    }
    return out;
  }
}
