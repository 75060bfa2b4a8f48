import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductSitePlanningRow } from '../../mrp-planning-data/index.js';
import { AWAITING_POSITION_GRACE, type ProductSiteKey } from '../../reordering-rules/index.js';
import { preparedRows } from '../../shared/db.js';
import { PLANS_LOCK } from './plans-lock.js';
import type { ReorderPolicy } from '../../shared/domain.js';
import type { ChangedSalesLine } from '../../shared/plan-changes.js';

/** An MRP-planned product-site's planning data with its reorder policy (quantities as decimal strings). */
export interface MrpSiteRow extends Pick<ProductSitePlanningRow, 'productId' | 'warehouseId' | 'economicLot' | 'technicalLot' | 'safetyStock' | 'shrinkagePercent' | 'firmHorizonDays' | 'lotLeadDays'> {
  policy: ReorderPolicy;
}

/** An open sales order line of a product-site, as learnt from sales-orders.events. */
export interface SalesLineRow extends ProductSiteKey {
  lineId: string;
  orderRef: string;
  lineNo: number | null;
  quantity: string;
  deliveryDate: string;
}

/** A line of an open draft (or of a confirmed one inventory's position does not carry yet): an existing order. */
export interface DraftLineRow extends ProductSiteKey {
  lineId: string;
  draftId: string;
  type: 'purchase' | 'manufacturing' | 'transfer';
  quantity: string;
  plannedDate: string;
  confirmed: boolean;
}

/** A trace requirement stored on a product-site, with its parent's product-site. */
export interface StoredRequirementRow extends ProductSiteKey {
  id: string;
  code: string;
  parentId: string;
  parentProductId: string;
  parentWarehouseId: string;
  quantity: string;
  date: string;
}

const pairs = (keys: readonly ProductSiteKey[]): [string[], string[]] => [keys.map((k) => k.productId), keys.map((k) => k.warehouseId)];

/** What an MRP pass reads besides the catalog and the stock positions, set-based: a few statements per chunk. */
@Injectable()
export class MrpInputsRepository {
  /** Every product-site MRP plans, in product then warehouse order. */
  allSites(tx: EntityManager): Promise<ProductSiteKey[]> {
    return preparedRows<ProductSiteKey>(
      tx,
      `SELECT product_id AS "productId", warehouse_id AS "warehouseId" FROM planning.product_site_planning
       WHERE planning_method = 'mrp' ORDER BY product_id, warehouse_id`,
    );
  }

  /**
   * The MRP-planned product-sites among `keys` and every one they reach: the components and by-products of their
   * products' BOMs at the same warehouse, the source warehouse of a resupply route, down every level; and for a
   * by-product, the product whose BOM yields it (its receipts come from that product's orders). More than the engine
   * may need (every BOM of a product, not only the one it uses): planning more sites again changes nothing.
   * When it reaches any, the same statement takes the plans lock (`PLANS_LOCK`, exclusive) before answering: a net
   * change's first two round trips were this and the lock, in every consumer batch that touches an MRP site. The
   * lock is taken after the reach is known and before anything of the plans is read, as it was.
   */
  reachAndLock(tx: EntityManager, keys: readonly ProductSiteKey[]): Promise<ProductSiteKey[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return preparedRows<ProductSiteKey>(
      tx,
      `WITH RECURSIVE reach(product_id, warehouse_id) AS (
         SELECT * FROM unnest($1::text[], $2::text[])
         UNION
         SELECT n.product_id, n.warehouse_id FROM reach r CROSS JOIN LATERAL (
           SELECT e.c->>'productId' AS product_id, r.warehouse_id FROM planning.boms b
             CROSS JOIN LATERAL jsonb_array_elements(b.components || b.by_products) AS e(c) WHERE b.product_id = r.product_id
           UNION ALL
           SELECT b.product_id, r.warehouse_id FROM planning.boms b
             WHERE b.by_products <> '[]'::jsonb AND b.by_products @> jsonb_build_array(jsonb_build_object('productId', r.product_id))
           UNION ALL
           SELECT r.product_id, substr(rt, 10) FROM planning.products p CROSS JOIN LATERAL unnest(p.routes) AS rt
             WHERE p.id = r.product_id AND rt LIKE 'resupply:%') AS n),
       planned AS (
         SELECT r.product_id, r.warehouse_id FROM reach r
         JOIN planning.product_site_planning s ON s.product_id = r.product_id AND s.warehouse_id = r.warehouse_id AND s.planning_method = 'mrp'),
       -- Every row waits for the aggregate, so for the lock: none is answered before it is held.
       locked AS (SELECT count(*) AS n FROM (SELECT ${PLANS_LOCK.exclusive} WHERE EXISTS (SELECT 1 FROM planned)) l)
       SELECT p.product_id AS "productId", p.warehouse_id AS "warehouseId" FROM planned p CROSS JOIN locked
       ORDER BY 1, 2`,
      pairs(keys),
    );
  }

  /**
   * In one statement (a net change's round trips count in every consumer batch): the planning data and policies of
   * the MRP-planned sites among `keys` (by product, then warehouse), the open sales lines of `keys`, their open
   * drafts' lines, which BOM's product each of their products is a by-product of, and with `requirements` the trace
   * requirements stored on `keys` (by id), of which the caller keeps those of parents it does not plan again.
   */
  async sitesAndOrders(tx: EntityManager, keys: readonly ProductSiteKey[], requirements: boolean): Promise<{
    sites: MrpSiteRow[]; salesLines: SalesLineRow[]; draftLines: DraftLineRow[]; byProductOf: Map<string, string>; requirements: StoredRequirementRow[];
  }> {
    const [row] = await preparedRows<{
      sites: MrpSiteRow[] | null; sales: SalesLineRow[] | null; drafts: DraftLineRow[] | null; byProducts: { productId: string; of: string }[] | null; requirements: StoredRequirementRow[] | null;
    }>(
      tx,
      `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(p, w))
       SELECT
         (SELECT json_agg(json_build_object('productId', s.product_id, 'warehouseId', s.warehouse_id, 'economicLot', s.economic_lot::text,
             'technicalLot', s.technical_lot::text, 'safetyStock', s.safety_stock::text, 'shrinkagePercent', s.shrinkage_percent::text,
             'firmHorizonDays', s.firm_horizon_days, 'lotLeadDays', s.lot_lead_days,
             'policy', json_build_object('code', p.code, 'description', p.description, 'shortDescription', p.short_description,
               'suggestionType', p.suggestion_type, 'reorderQuantity', p.reorder_quantity, 'splitting', p.splitting,
               'safetyStock', p.safety_stock, 'replanningAnalysis', p.replanning_analysis, 'applyShrinkage', p.apply_shrinkage))
             ORDER BY s.product_id, s.warehouse_id)
          FROM k JOIN planning.product_site_planning s ON s.product_id = k.p AND s.warehouse_id = k.w AND s.planning_method = 'mrp'
          JOIN planning.reorder_policies p ON p.code = s.reorder_policy_code) AS sites,
         (SELECT json_agg(json_build_object('productId', l.product_id, 'warehouseId', l.warehouse_id, 'lineId', l.sales_order_line_id,
             'orderRef', l.order_ref, 'lineNo', l.line_no, 'quantity', l.quantity::text, 'deliveryDate', l.delivery_date::text)
             ORDER BY l.delivery_date, l.order_ref, l.line_no, l.sales_order_line_id)
          FROM k JOIN planning.mrp_sales_lines l ON l.product_id = k.p AND l.warehouse_id = k.w AND l.open) AS sales,
         (SELECT json_agg(json_build_object('productId', l.product_id, 'warehouseId', l.warehouse_id, 'lineId', l.id, 'draftId', d.id,
             'type', d.type, 'quantity', l.quantity::text, 'plannedDate', l.planned_date::text, 'confirmed', d.state = 'confirmed') ORDER BY l.planned_date, l.id)
          FROM k JOIN planning.draft_lines l ON l.product_id = k.p AND l.warehouse_id = k.w JOIN planning.draft_orders d ON d.id = l.draft_id
          WHERE l.quantity > 0 AND (d.state = 'draft'
            OR (d.state = 'confirmed' AND l.awaiting_position AND d.confirmed_at > now() - interval '${AWAITING_POSITION_GRACE}'))) AS drafts,
         (SELECT json_agg(DISTINCT jsonb_build_object('productId', e.c->>'productId', 'of', b.product_id))
          FROM planning.boms b CROSS JOIN LATERAL jsonb_array_elements(b.by_products) AS e(c)
          WHERE e.c->>'productId' IN (SELECT p FROM k)) AS "byProducts",
         (SELECT json_agg(json_build_object('id', r.id, 'productId', r.product_id, 'warehouseId', r.warehouse_id, 'code', r.code, 'parentId', r.parent_id,
             'parentProductId', r.parent_product_id, 'parentWarehouseId', r.parent_warehouse_id, 'quantity', r.quantity::text, 'date', r.due_date::text) ORDER BY r.id)
          FROM k JOIN planning.mrp_requirements r ON r.product_id = k.p AND r.warehouse_id = k.w WHERE $3::boolean) AS requirements`,
      [...pairs(keys), requirements],
    );
    return {
      sites: row?.sites ?? [],
      salesLines: row?.sales ?? [],
      draftLines: row?.drafts ?? [],
      byProductOf: new Map((row?.byProducts ?? []).map((b) => [b.productId, b.of])),
      requirements: row?.requirements ?? [],
    };
  }

  /** Keeps sales lines as sales-orders.events last told them (a zero quantity closes a line), in one statement. */
  async saveSalesLines(tx: EntityManager, lines: readonly ChangedSalesLine[]): Promise<void> {
    if (lines.length === 0) return;
    await preparedRows(
      tx,
      `INSERT INTO planning.mrp_sales_lines (sales_order_line_id, sales_order_id, order_ref, line_no, product_id, warehouse_id, quantity, delivery_date, open)
       SELECT DISTINCT ON (l.id) l.id, l.so, l.ref, l.no, l.p, l.w, l.q, l.d, l.q > 0
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::numeric[], $8::date[]) WITH ORDINALITY AS l(so, ref, id, no, p, w, q, d, i)
       ORDER BY l.id, l.i DESC
       ON CONFLICT (sales_order_line_id) DO UPDATE SET quantity = EXCLUDED.quantity, delivery_date = EXCLUDED.delivery_date, open = EXCLUDED.open,
         product_id = EXCLUDED.product_id, warehouse_id = EXCLUDED.warehouse_id, line_no = COALESCE(EXCLUDED.line_no, mrp_sales_lines.line_no)`,
      [
        lines.map((l) => l.salesOrderId), lines.map((l) => l.orderRef), lines.map((l) => l.lineId), lines.map((l) => l.lineNo ?? null), lines.map((l) => l.productId),
        lines.map((l) => l.warehouseId), lines.map((l) => l.quantity), lines.map((l) => l.deliveryDate),
      ],
    );
  }
}
