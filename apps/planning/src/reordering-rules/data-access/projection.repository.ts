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
  /** Keeps the newest position per product@warehouse; false when the event is older than the stored one. */
  async upsertPosition(tx: EntityManager, p: PayloadOf<typeof stockPositionChanged>): Promise<boolean> {
    const rows = await sql(
      tx,
      `INSERT INTO planning.stock_positions (product_id, warehouse_id, uom, on_hand, incoming, outgoing, sequence, as_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (product_id, warehouse_id) DO UPDATE SET uom = EXCLUDED.uom, on_hand = EXCLUDED.on_hand,
         incoming = EXCLUDED.incoming, outgoing = EXCLUDED.outgoing, sequence = EXCLUDED.sequence, as_of = EXCLUDED.as_of
       WHERE planning.stock_positions.sequence < EXCLUDED.sequence
       RETURNING product_id`,
      [p.productId, p.warehouseId, p.uom, p.onHand, JSON.stringify(p.incoming), JSON.stringify(p.outgoing), p.sequence, p.asOf],
    );
    return rows.length > 0;
  }

  /** Inventory's position caused by our draft-order.confirmed now carries the incoming: stop counting the draft. */
  async settleConfirmed(tx: EntityManager, confirmedEventId: string, productId: string, warehouseId: string): Promise<void> {
    await tx.query(
      `UPDATE planning.draft_lines l SET awaiting_position = false FROM planning.draft_orders d
       WHERE d.id = l.draft_id AND d.confirmed_event_id = $1 AND l.product_id = $2 AND l.warehouse_id = $3 AND l.awaiting_position`,
      [confirmedEventId, productId, warehouseId],
    );
  }

  async inputs(tx: EntityManager, productId: string, warehouseId: string): Promise<PositionInputs> {
    const pos = await one<{ onHand: string; incoming: { date: string; quantity: string }[]; outgoing: { date: string; quantity: string }[]; sequence: string }>(
      tx,
      `SELECT on_hand::text AS "onHand", incoming, outgoing, sequence FROM planning.stock_positions WHERE product_id = $1 AND warehouse_id = $2`,
      [productId, warehouseId],
    );
    const origins = await sql<{ kind: string; quantity: string; deliveryDate: string | null }>(
      tx,
      `SELECT o.kind, o.quantity::text AS quantity, m.delivery_date::text AS "deliveryDate"
       FROM planning.draft_lines l
         JOIN planning.draft_orders d ON d.id = l.draft_id
         JOIN planning.draft_origins o ON o.line_id = l.id
         LEFT JOIN planning.mto_lines m ON o.kind = 'sales-order-line' AND m.sales_order_line_id = o.ref
       WHERE l.product_id = $1 AND l.warehouse_id = $2
         AND (d.state = 'draft' OR (d.state = 'confirmed' AND l.awaiting_position AND d.confirmed_at > now() - interval '${AWAITING_POSITION_GRACE}'))`,
      [productId, warehouseId],
    );
    const out = await one<{ total: string | null }>(
      tx,
      `SELECT sum(l.quantity)::text AS total FROM planning.draft_lines l JOIN planning.draft_orders d ON d.id = l.draft_id
       WHERE d.type = 'transfer' AND d.state = 'draft' AND d.source_warehouse_id = $2 AND l.product_id = $1`,
      [productId, warehouseId],
    );
    let inProgress = new Decimal(0);
    const mtoSupply: { date: string; quantity: string }[] = [];
    for (const o of origins) {
      if (o.kind === 'sales-order-line' && o.deliveryDate) mtoSupply.push({ date: o.deliveryDate, quantity: o.quantity });
      else inProgress = inProgress.plus(o.quantity);
    }
    return {
      onHand: pos?.onHand ?? '0',
      incoming: pos?.incoming ?? [],
      outgoing: pos?.outgoing ?? [],
      inProgress: inProgress.toString(),
      mtoSupply,
      transfersOut: out?.total ?? '0',
      sequence: pos ? Number(pos.sequence) : null,
    };
  }
}
