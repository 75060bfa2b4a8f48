import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sql } from '../../shared/sql.js';
import type { ReferenceType } from '../../stock/index.js';
import type { PlannedMoveSpec } from '../planned-moves.js';

/** The planned (confirmed, not yet done) moves that order events describe; the stock ledger settles their done part. */
@Injectable()
export class PlannedMoveRepository {
  /** Sets planned quantity and date of planned moves (creating them or reopening them); the done part is kept. */
  async upsertPlanned(m: EntityManager, specs: readonly PlannedMoveSpec[]): Promise<void> {
    if (specs.length === 0) return;
    await sql(m, `INSERT INTO inventory.planned_moves (reference_type, reference_id, product_id, warehouse_id, direction, planned_date, planned_quantity, sales_order_id, state)
      SELECT r.*, 'open' FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::date[], $7::numeric[], $8::varchar[]) AS r
      ON CONFLICT ON CONSTRAINT planned_moves_ref DO UPDATE SET planned_date = EXCLUDED.planned_date, planned_quantity = EXCLUDED.planned_quantity,
        sales_order_id = COALESCE(EXCLUDED.sales_order_id, planned_moves.sales_order_id), state = 'open', updated_at = now()`,
      [specs.map((s) => s.referenceType), specs.map((s) => s.referenceId), specs.map((s) => s.productId), specs.map((s) => s.warehouseId),
        specs.map((s) => s.direction), specs.map((s) => s.date), specs.map((s) => s.quantity.toString()), specs.map((s) => s.salesOrderId)]);
  }

  /** Closes planned moves by reference (what is done stays recorded); returns the positions they were in. */
  async cancelPlanned(m: EntityManager, referenceType: ReferenceType, referenceIds: readonly string[]): Promise<{ productId: string; warehouseId: string }[]> {
    if (referenceIds.length === 0) return [];
    const rows = await sql<{ product_id: string; warehouse_id: string }>(m, `UPDATE inventory.planned_moves SET state = 'cancelled', updated_at = now()
      WHERE reference_type = $1 AND reference_id = ANY($2::varchar[]) AND state = 'open' RETURNING product_id, warehouse_id`, [referenceType, referenceIds]);
    return rows.map((r) => ({ productId: r.product_id, warehouseId: r.warehouse_id }));
  }
}
