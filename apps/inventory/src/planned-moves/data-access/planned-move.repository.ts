import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sql } from '../../shared/sql.js';
import type { ReferenceType } from '../../stock/index.js';
import { plannedKey, type PlannedMoveSpec } from '../planned-moves.js';

type PositionKey = { productId: string; warehouseId: string };

/** The planned (confirmed, not yet done) moves that order events describe; the stock ledger settles their done part. */
@Injectable()
export class PlannedMoveRepository {
  /** Sets planned quantity and date of planned moves (creating them or reopening them); the done part is kept. */
  async upsertPlanned(m: EntityManager, specs: readonly PlannedMoveSpec[]): Promise<void> {
    if (specs.length === 0) return;
    await sql(m, `INSERT INTO inventory.planned_moves (reference_type, reference_id, product_id, warehouse_id, direction, planned_date, planned_quantity, sales_order_id,
        source_system, external_ref, state)
      SELECT r.*, 'open' FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::date[], $7::numeric[], $8::varchar[],
        $9::varchar[], $10::varchar[]) AS r
      ON CONFLICT ON CONSTRAINT planned_moves_ref DO UPDATE SET planned_date = EXCLUDED.planned_date, planned_quantity = EXCLUDED.planned_quantity,
        sales_order_id = COALESCE(EXCLUDED.sales_order_id, planned_moves.sales_order_id), source_system = COALESCE(EXCLUDED.source_system, planned_moves.source_system),
        external_ref = COALESCE(EXCLUDED.external_ref, planned_moves.external_ref), state = 'open', updated_at = now()`,
      [specs.map((s) => s.referenceType), specs.map((s) => s.referenceId), specs.map((s) => s.productId), specs.map((s) => s.warehouseId),
        specs.map((s) => s.direction), specs.map((s) => s.date), specs.map((s) => s.quantity.toString()), specs.map((s) => s.salesOrderId),
        specs.map((s) => s.source?.system ?? null), specs.map((s) => s.source?.ref ?? null)]);
  }

  /** Closes planned moves by reference (what is done stays recorded); returns the positions they were in. */
  async cancelPlanned(m: EntityManager, referenceType: ReferenceType, referenceIds: readonly string[]): Promise<PositionKey[]> {
    if (referenceIds.length === 0) return [];
    const rows = await sql<{ product_id: string; warehouse_id: string }>(m, `UPDATE inventory.planned_moves SET state = 'cancelled', updated_at = now()
      WHERE reference_type = $1 AND reference_id = ANY($2::varchar[]) AND state <> 'cancelled' RETURNING product_id, warehouse_id`, [referenceType, referenceIds]);
    return rows.map((r) => ({ productId: r.product_id, warehouseId: r.warehouse_id }));
  }

  /**
   * Closes the planned moves of one reference (of one product, when given) that `keep` no longer names: what an order
   * or a planned move sent again whole dropped (a line removed, another warehouse). Returns the positions they were in.
   */
  async cancelOthers(m: EntityManager, referenceType: ReferenceType, referenceId: string, keep: readonly PlannedMoveSpec[], productId?: string): Promise<PositionKey[]> {
    const kept = new Set(keep.map(plannedKey));
    const rows = await sql<{ product_id: string; warehouse_id: string; direction: 'in' | 'out' }>(m, `SELECT product_id, warehouse_id, direction FROM inventory.planned_moves
      WHERE reference_type = $1 AND reference_id = $2 AND ($3::varchar IS NULL OR product_id = $3) AND state <> 'cancelled' AND planned_quantity IS NOT NULL`,
      [referenceType, referenceId, productId ?? null]);
    const dropped = rows.filter((r) => !kept.has(plannedKey({ referenceType, referenceId, productId: r.product_id, warehouseId: r.warehouse_id, direction: r.direction })));
    if (dropped.length === 0) return [];
    await sql(m, `UPDATE inventory.planned_moves p SET state = 'cancelled', updated_at = now()
      FROM unnest($3::varchar[], $4::varchar[], $5::varchar[]) AS k(product_id, warehouse_id, direction)
      WHERE p.reference_type = $1 AND p.reference_id = $2 AND p.product_id = k.product_id AND p.warehouse_id = k.warehouse_id AND p.direction = k.direction`,
      [referenceType, referenceId, dropped.map((r) => r.product_id), dropped.map((r) => r.warehouse_id), dropped.map((r) => r.direction)]);
    return dropped.map((r) => ({ productId: r.product_id, warehouseId: r.warehouse_id }));
  }

  /** Closes the planned moves of one reference and product (a warehouse system cancels what is left of its planned move). */
  async cancelOfProduct(m: EntityManager, referenceType: ReferenceType, referenceId: string, productId: string): Promise<PositionKey[]> {
    return this.cancelOthers(m, referenceType, referenceId, [], productId);
  }
}
