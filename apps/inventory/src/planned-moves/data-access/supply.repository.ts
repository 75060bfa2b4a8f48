import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sql } from '../../shared/sql.js';

type PositionKey = { productId: string; warehouseId: string };

/** One planned move as a planner reads it: what it belongs to, who announced it, and what is left of it. */
export interface SupplyRow {
  direction: 'in' | 'out';
  referenceType: string;
  /** The sales line id, the draft id, or the external reference in its source system. */
  reference: string;
  sourceSystem: string | null;
  date: string;
  planned: string;
  done: string;
  /** planned - done, zero when more was done. */
  remaining: string;
  /** A receipt past its date (in the warehouse's calendar) and not all received. */
  late: boolean;
  /** Whether it counts in the position: false once cancelled, or when late and INVENTORY_LATE_SUPPLY=ignore. */
  counted: boolean;
}

export interface SupplyException extends SupplyRow {
  kind: 'late' | 'over-received';
  productId: string;
  warehouseId: string;
  /** late: the quantity not received; over-received: what was received past the planned quantity. */
  quantity: string;
}

/** Today in the warehouse's calendar (UTC for a warehouse inventory does not know), for the planned move `p`. */
const TODAY = `(now() AT TIME ZONE COALESCE(w.time_zone, 'UTC'))::date`;
const ROW = `p.direction, p.reference_type AS "referenceType", COALESCE(p.external_ref, p.reference_id) AS reference, p.source_system AS "sourceSystem",
  p.planned_date::text AS date, p.planned_quantity::text AS planned, p.done_quantity::text AS done,
  GREATEST(p.planned_quantity - p.done_quantity, 0)::text AS remaining,
  (p.direction = 'in' AND p.state <> 'cancelled' AND p.planned_quantity > p.done_quantity AND p.planned_date < ${TODAY}) AS late,
  (p.state = 'open' AND p.planned_quantity > p.done_quantity) AS counted`;

/** Planned moves read for planners (the forecast's list, supply exceptions) and the late-supply check (decision inventory-004). */
@Injectable()
export class SupplyRepository {
  /** The planned moves of a position still expected or late, by date: what its incoming and outgoing are made of. */
  async supplyOf(m: EntityManager, productId: string, warehouseId: string): Promise<SupplyRow[]> {
    return sql<SupplyRow>(m, `SELECT ${ROW} FROM inventory.planned_moves p LEFT JOIN inventory.warehouses w ON w.warehouse_id = p.warehouse_id
      WHERE p.product_id = $1 AND p.warehouse_id = $2 AND p.state <> 'cancelled' AND p.planned_quantity > p.done_quantity
      ORDER BY p.planned_date, p.direction, p.reference_type, p.reference_id`, [productId, warehouseId]);
  }

  /** Receipts past their date and not all received, and planned moves done past their planned quantity, oldest date first. */
  async exceptions(m: EntityManager, f: { productId?: string; warehouseId?: string; kind?: 'late' | 'over-received'; limit: number; offset: number }): Promise<SupplyException[]> {
    return sql<SupplyException>(m, `SELECT * FROM (
        SELECT CASE WHEN p.done_quantity > p.planned_quantity THEN 'over-received' ELSE 'late' END AS kind, p.product_id AS "productId", p.warehouse_id AS "warehouseId",
          ABS(p.planned_quantity - p.done_quantity)::text AS quantity, ${ROW}, p.reference_id AS sort_ref
        FROM inventory.planned_moves p LEFT JOIN inventory.warehouses w ON w.warehouse_id = p.warehouse_id
        WHERE p.state <> 'cancelled' AND p.planned_quantity IS NOT NULL
          AND ($1::varchar IS NULL OR p.product_id = $1) AND ($2::varchar IS NULL OR p.warehouse_id = $2)
          AND (p.done_quantity > p.planned_quantity
            OR (p.direction = 'in' AND p.planned_quantity > p.done_quantity AND p.planned_date < ${TODAY}))) e
      WHERE $3::varchar IS NULL OR e.kind = $3
      ORDER BY e.date, e."productId", e."warehouseId", e.sort_ref LIMIT $4 OFFSET $5`,
      [f.productId ?? null, f.warehouseId ?? null, f.kind ?? null, f.limit, f.offset]).then((rows) => rows.map(({ sort_ref: _s, ...r }: SupplyException & { sort_ref?: string }) => r));
  }

  /** Counts again every receipt that stopped counting for being late (INVENTORY_LATE_SUPPLY back to count); returns their positions. */
  async reopenLate(m: EntityManager): Promise<PositionKey[]> {
    const rows = await sql<{ product_id: string; warehouse_id: string }>(m, `UPDATE inventory.planned_moves SET state = 'open', updated_at = now()
      WHERE state = 'late' RETURNING product_id, warehouse_id`);
    return distinctPositions(rows);
  }

  /**
   * Stops counting the receipts past their date and not all received (INVENTORY_LATE_SUPPLY=ignore), of the given
   * positions or of all; returns the positions they were in, to republish.
   */
  async markLate(m: EntityManager, keys?: readonly PositionKey[]): Promise<PositionKey[]> {
    if (keys && keys.length === 0) return [];
    const rows = await sql<{ product_id: string; warehouse_id: string }>(m, `UPDATE inventory.planned_moves p SET state = 'late', updated_at = now()
      FROM inventory.planned_moves l LEFT JOIN inventory.warehouses w ON w.warehouse_id = l.warehouse_id
      WHERE p.planned_move_id = l.planned_move_id AND l.state = 'open' AND l.direction = 'in' AND l.planned_quantity > l.done_quantity
        AND l.planned_date < ${TODAY}
        AND ($1::varchar[] IS NULL OR (l.product_id, l.warehouse_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[])))
      RETURNING p.product_id, p.warehouse_id`, [keys ? keys.map((k) => k.productId) : null, keys ? keys.map((k) => k.warehouseId) : null]);
    return distinctPositions(rows);
  }
}

function distinctPositions(rows: readonly { product_id: string; warehouse_id: string }[]): PositionKey[] {
  const out = new Map<string, PositionKey>();
  for (const r of rows) out.set(`${r.product_id}\u0000${r.warehouse_id}`, { productId: r.product_id, warehouseId: r.warehouse_id });
  return [...out.values()];
}
