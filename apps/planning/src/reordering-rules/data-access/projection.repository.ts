import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PayloadOf, stockPositionChanged } from '@replenish/contracts';
import { one, sql } from '../../shared/db.js';
import { Decimal } from '../../shared/domain.js';

/**
 * How long a confirmed draft still counts as supply after its confirmation, unless inventory's position
 * caused by that confirmation arrived earlier (then the position's incoming carries it). Covers the gap
 * between "planning froze the draft" and "inventory published the incoming", so a rule does not re-order.
 */
export const AWAITING_POSITION_GRACE = '10 minutes';

export interface PositionInputs {
  onHand: string;
  incoming: { date: string; quantity: string }[];
  outgoing: { date: string; quantity: string }[];
  /** Open drafts' rule/manual/MPS quantities: in progress whatever their date. */
  inProgress: string;
  /** MTO quantities on open drafts, dated at their sales line's delivery date (see decision planning-002). */
  mtoSupply: { date: string; quantity: string }[];
  /** Open transfers out of this warehouse (its own outgoing demand while the transfer is a draft). */
  transfersOut: string;
  sequence: number | null;
}

/** Planning's own projection of inventory's positions plus its own open drafts. */
@Injectable()
export class ProjectionRepository {
  /**
   * Keeps the newest position per product@warehouse, for many positions (at most one per pair) in one
   * statement; returns the `${productId}@${warehouseId}` of those newer than the stored one.
   */
  async upsertPositions(tx: EntityManager, ps: PayloadOf<typeof stockPositionChanged>[]): Promise<Set<string>> {
    if (ps.length === 0) return new Set();
    const rows = await sql<{ key: string }>(
      tx,
      `INSERT INTO planning.stock_positions (product_id, warehouse_id, uom, on_hand, incoming, outgoing, sequence, as_of)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::jsonb[], $6::jsonb[], $7::bigint[], $8::timestamptz[])
       ON CONFLICT (product_id, warehouse_id) DO UPDATE SET uom = EXCLUDED.uom, on_hand = EXCLUDED.on_hand,
         incoming = EXCLUDED.incoming, outgoing = EXCLUDED.outgoing, sequence = EXCLUDED.sequence, as_of = EXCLUDED.as_of
       WHERE planning.stock_positions.sequence < EXCLUDED.sequence
       RETURNING product_id || '@' || warehouse_id AS key`,
      [
        ps.map((p) => p.productId), ps.map((p) => p.warehouseId), ps.map((p) => p.uom), ps.map((p) => p.onHand),
        ps.map((p) => JSON.stringify(p.incoming)), ps.map((p) => JSON.stringify(p.outgoing)), ps.map((p) => p.sequence), ps.map((p) => p.asOf),
      ],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Inventory's position caused by our draft-order.confirmed now carries the incoming: stop counting the draft. */
  async settleConfirmed(tx: EntityManager, confirmedEventId: string, productId: string, warehouseId: string): Promise<void> {
    await tx.query(
      `UPDATE planning.draft_lines l SET awaiting_position = false FROM planning.draft_orders d
       WHERE d.id = l.draft_id AND d.confirmed_event_id = $1 AND l.product_id = $2 AND l.warehouse_id = $3 AND l.awaiting_position`,
      [confirmedEventId, productId, warehouseId],
    );
  }

  /**
   * One round trip. A draft line's quantity is the sum of its origins: in progress is what its make-to-order
   * origins (dated by their sales line) do not account for, so only those are read, never the rule origins,
   * of which a line topped up on every stock move has thousands.
   */
  async inputs(tx: EntityManager, productId: string, warehouseId: string): Promise<PositionInputs> {
    const row = await one<{
      onHand: string | null; incoming: Dated[] | null; outgoing: Dated[] | null; sequence: string | null;
      lines: { quantity: string; mto: Dated[] }[] | null; transfersOut: string | null;
    }>(
      tx,
      `SELECT p.on_hand::text AS "onHand", p.incoming, p.outgoing, p.sequence,
         (SELECT json_agg(json_build_object('quantity', l.quantity::text, 'mto', COALESCE(
             (SELECT json_agg(json_build_object('date', m.delivery_date::text, 'quantity', o.quantity::text))
              FROM planning.draft_origins o JOIN planning.mto_lines m ON m.sales_order_line_id = o.ref
              WHERE o.line_id = l.id AND o.kind = 'sales-order-line'), '[]'::json)))
          FROM planning.draft_lines l JOIN planning.draft_orders d ON d.id = l.draft_id
          WHERE l.product_id = $1 AND l.warehouse_id = $2
            AND (d.state = 'draft' OR (d.state = 'confirmed' AND l.awaiting_position AND d.confirmed_at > now() - interval '${AWAITING_POSITION_GRACE}'))) AS lines,
         (SELECT sum(l.quantity)::text FROM planning.draft_lines l JOIN planning.draft_orders d ON d.id = l.draft_id
          WHERE d.type = 'transfer' AND d.state = 'draft' AND d.source_warehouse_id = $2 AND l.product_id = $1) AS "transfersOut"
       FROM (SELECT 1) AS one LEFT JOIN planning.stock_positions p ON p.product_id = $1 AND p.warehouse_id = $2`,
      [productId, warehouseId],
    );
    let inProgress = new Decimal(0);
    const mtoSupply: Dated[] = [];
    for (const line of row?.lines ?? []) {
      inProgress = inProgress.plus(line.quantity);
      for (const m of line.mto) {
        mtoSupply.push(m);
        inProgress = inProgress.minus(m.quantity);
      }
    }
    return {
      onHand: row?.onHand ?? '0',
      incoming: row?.incoming ?? [],
      outgoing: row?.outgoing ?? [],
      inProgress: inProgress.toString(),
      mtoSupply,
      transfersOut: row?.transfersOut ?? '0',
      sequence: row?.sequence != null ? Number(row.sequence) : null,
    };
  }
}

type Dated = { date: string; quantity: string };
