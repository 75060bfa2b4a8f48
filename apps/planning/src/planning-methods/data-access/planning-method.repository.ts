import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { preparedRows } from '../../shared/db.js';
import type { PlanningMethod } from '../planning-method.js';

/** The methods planning each pair, from the three places they are kept, in one statement. */
const METHODS_OF_PAIRS = `
  WITH k (product_id, warehouse_id) AS (SELECT * FROM unnest($1::text[], $2::text[]))
  SELECT product_id AS "productId", warehouse_id AS "warehouseId", 'reorderingRule' AS method FROM planning.reordering_rules JOIN k USING (product_id, warehouse_id)
  UNION ALL
  SELECT product_id, warehouse_id, 'mrp' FROM planning.product_site_planning JOIN k USING (product_id, warehouse_id) WHERE planning_method = 'mrp'
  UNION ALL
  SELECT product_id, warehouse_id, 'mps' FROM planning.mps_planned JOIN k USING (product_id, warehouse_id)`;

interface MethodRow {
  productId: string;
  warehouseId: string;
  method: PlanningMethod;
}

@Injectable()
export class PlanningMethodRepository {
  private readonly snapshots = new WeakMap<EntityManager, Map<string, PlanningMethod[]>>();

  /** Which methods plan product@warehouse (a reordering rule, MRP, the MPS): none or one, unless data predates the check. */
  async methodsOf(tx: EntityManager, productId: string, warehouseId: string): Promise<PlanningMethod[]> {
    const snap = this.snapshots.get(tx);
    if (snap) return snap.get(productWarehouseKey(productId, warehouseId)) ?? [];
    return (await preparedRows<MethodRow>(tx, METHODS_OF_PAIRS, [[productId], [warehouseId]])).map((r) => r.method);
  }

  /**
   * Reads the methods of these pairs in one statement, for the rest of `tx` (a bulk import of rules): `methodsOf` then
   * answers from it for every pair, so give it every pair the transaction will ask about.
   */
  async preload(tx: EntityManager, keys: { productId: string; warehouseId: string }[]): Promise<void> {
    const rows = await preparedRows<MethodRow>(tx, METHODS_OF_PAIRS, [keys.map((k) => k.productId), keys.map((k) => k.warehouseId)]);
    const snap = new Map<string, PlanningMethod[]>();
    for (const r of rows) {
      const key = productWarehouseKey(r.productId, r.warehouseId);
      snap.set(key, [...(snap.get(key) ?? []), r.method]);
    }
    this.snapshots.set(tx, snap);
  }
}
