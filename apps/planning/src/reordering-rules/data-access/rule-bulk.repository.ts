import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedRows } from '../../shared/db.js';
import { RULE_COLS as COLS, type RuleRow } from './rule.repository.js';

/** Reordering rules a batch at a time, for bulk imports and exports (decision planning-014). */
@Injectable()
export class RuleBulkRepository {
  /** Inserts new rules and replaces existing ones (by id) in one statement. */
  async upsert(tx: EntityManager, rs: RuleRow[]): Promise<void> {
    await preparedRows(
      tx,
      `INSERT INTO planning.reordering_rules (id, product_id, warehouse_id, min_qty, max_qty, multiple, trigger, route, vendor_id, bom_id, visibility_days, snoozed_until)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::text[], $8::text[], $9::text[], $10::text[], $11::integer[], $12::date[])
       ON CONFLICT (id) DO UPDATE SET min_qty = EXCLUDED.min_qty, max_qty = EXCLUDED.max_qty, multiple = EXCLUDED.multiple,
         trigger = EXCLUDED.trigger, route = EXCLUDED.route, vendor_id = EXCLUDED.vendor_id, bom_id = EXCLUDED.bom_id,
         visibility_days = EXCLUDED.visibility_days, snoozed_until = EXCLUDED.snoozed_until, updated_at = now()`,
      [
        rs.map((r) => r.id), rs.map((r) => r.productId), rs.map((r) => r.warehouseId), rs.map((r) => r.min), rs.map((r) => r.max), rs.map((r) => r.multiple),
        rs.map((r) => r.trigger), rs.map((r) => r.route), rs.map((r) => r.vendorId), rs.map((r) => r.bomId), rs.map((r) => r.visibilityDays), rs.map((r) => r.snoozedUntil),
      ],
    );
  }

  /** One page of rules by product then warehouse, after the pair `after` ('' and '': from the start). */
  page(tx: EntityManager, after: { productId: string; warehouseId: string }, limit: number): Promise<RuleRow[]> {
    return preparedRows<RuleRow>(
      tx,
      `SELECT ${COLS} FROM planning.reordering_rules WHERE (product_id, warehouse_id) > ($1, $2) ORDER BY product_id, warehouse_id LIMIT $3`,
      [after.productId, after.warehouseId, limit],
    );
  }
}
