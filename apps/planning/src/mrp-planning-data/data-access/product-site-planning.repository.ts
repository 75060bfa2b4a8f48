import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedRow, preparedRows } from '../../shared/db.js';

/** Whether MRP plans the product-site ('mrp', with its reorder policy) or its data is only kept ('none'). */
export type SitePlanningMethod = 'mrp' | 'none';

/** A product's planning data at a warehouse, quantities as decimal strings in its stock UoM (libs/domain ProductSite). */
export interface ProductSitePlanningRow {
  productId: string;
  warehouseId: string;
  planningMethod: SitePlanningMethod;
  reorderPolicyCode: string | null;
  economicLot: string;
  technicalLot: string;
  safetyStock: string;
  shrinkagePercent: string;
  firmHorizonDays: number;
  lotLeadDays: number;
  version: number;
}

export type ProductSitePlanningInput = Omit<ProductSitePlanningRow, 'version'>;

const COLS = `product_id AS "productId", warehouse_id AS "warehouseId", planning_method AS "planningMethod",
  reorder_policy_code AS "reorderPolicyCode", economic_lot::text AS "economicLot", technical_lot::text AS "technicalLot",
  safety_stock::text AS "safetyStock", shrinkage_percent::text AS "shrinkagePercent", firm_horizon_days AS "firmHorizonDays",
  lot_lead_days AS "lotLeadDays", version`;

@Injectable()
export class ProductSitePlanningRepository {
  byKey(tx: EntityManager, productId: string, warehouseId: string): Promise<ProductSitePlanningRow | undefined> {
    return preparedRow<ProductSitePlanningRow>(tx, `SELECT ${COLS} FROM planning.product_site_planning WHERE product_id = $1 AND warehouse_id = $2`, [productId, warehouseId]);
  }

  /** Inserts, or replaces and bumps the version. */
  async upsert(tx: EntityManager, s: ProductSitePlanningInput): Promise<ProductSitePlanningRow> {
    return (await preparedRow<ProductSitePlanningRow>(
      tx,
      `INSERT INTO planning.product_site_planning (product_id, warehouse_id, planning_method, reorder_policy_code, economic_lot, technical_lot,
         safety_stock, shrinkage_percent, firm_horizon_days, lot_lead_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (product_id, warehouse_id) DO UPDATE SET planning_method = EXCLUDED.planning_method,
         reorder_policy_code = EXCLUDED.reorder_policy_code, economic_lot = EXCLUDED.economic_lot, technical_lot = EXCLUDED.technical_lot,
         safety_stock = EXCLUDED.safety_stock, shrinkage_percent = EXCLUDED.shrinkage_percent, firm_horizon_days = EXCLUDED.firm_horizon_days,
         lot_lead_days = EXCLUDED.lot_lead_days, version = product_site_planning.version + 1, updated_at = now()
       RETURNING ${COLS}`,
      [
        s.productId, s.warehouseId, s.planningMethod, s.reorderPolicyCode, s.economicLot, s.technicalLot, s.safetyStock, s.shrinkagePercent,
        s.firmHorizonDays, s.lotLeadDays,
      ],
    )) as ProductSitePlanningRow;
  }

  async remove(tx: EntityManager, productId: string, warehouseId: string): Promise<boolean> {
    return (await preparedRows(tx, `DELETE FROM planning.product_site_planning WHERE product_id = $1 AND warehouse_id = $2 RETURNING product_id`, [productId, warehouseId])).length > 0;
  }

  /** The product-sites that use a policy (up to `limit`: a policy in use is not deleted), locked until the end of `tx`. */
  usingPolicy(tx: EntityManager, code: string, limit?: number): Promise<{ productId: string; warehouseId: string }[]> {
    return preparedRows(
      tx,
      `SELECT product_id AS "productId", warehouse_id AS "warehouseId" FROM planning.product_site_planning
       WHERE reorder_policy_code = $1 ORDER BY product_id, warehouse_id LIMIT $2 FOR SHARE`,
      [code, limit ?? null], // LIMIT NULL: all of them
    );
  }
}
