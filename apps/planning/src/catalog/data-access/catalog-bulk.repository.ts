import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedRows } from '../../shared/db.js';
import type { BomRow, ProductRow, SupplierInfoRow, VendorRow, WarehouseSettingsRow } from './catalog.repository.js';

/** A product with its supplier infos: one row of a products import or export. */
export type ProductWithSuppliers = ProductRow & { suppliers: Omit<SupplierInfoRow, 'id' | 'productId'>[] };

export type WarehouseLeadDays = Omit<WarehouseSettingsRow, 'name' | 'timeZone'>;

const PRODUCT_COLS = `p.id, p.sku, p.name, p.stock_uom AS "stockUom", p.purchase_uom AS "purchaseUom", p.routes,
  p.take_from_stock_first AS "takeFromStockFirst", p.active, p.version`;
const SUPPLIERS = `COALESCE((SELECT json_agg(json_build_object('vendorId', s.vendor_id, 'leadTimeDays', s.lead_time_days,
  'minQty', s.min_qty::text, 'price', s.price::text, 'sequence', s.sequence) ORDER BY s.sequence, s.price, s.vendor_id)
  FROM planning.supplier_infos s WHERE s.product_id = p.id), '[]') AS suppliers`;
const BOM_COLS = `id, product_id AS "productId", output_qty::text AS "outputQty", production_delay_days AS "productionDelayDays", components, type, by_products AS "byProducts"`;
const WH_COLS = `warehouse_id AS "warehouseId", purchase_security_lead_days AS "purchaseSecurityLeadDays",
  manufacturing_security_lead_days AS "manufacturingSecurityLeadDays", days_to_purchase AS "daysToPurchase",
  days_to_prepare AS "daysToPrepare", transfer_lead_days AS "transferLeadDays"`;

/**
 * The catalog's set-at-a-time statements for bulk imports and exports (decision planning-014): each write is one
 * statement for a whole batch of rows (unnest), each read one statement for a batch of ids or one page by id.
 */
@Injectable()
export class CatalogBulkRepository {
  // ---- reads of what an import batch would change
  async productsByIds(tx: EntityManager, ids: string[]): Promise<Map<string, ProductWithSuppliers>> {
    const rows = await preparedRows<ProductWithSuppliers>(tx, `SELECT ${PRODUCT_COLS}, ${SUPPLIERS} FROM planning.products p WHERE p.id = ANY($1::text[]) FOR UPDATE`, [ids]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The product holding each of these SKUs. */
  async skuOwners(tx: EntityManager, skus: string[]): Promise<Map<string, string>> {
    const rows = await preparedRows<{ sku: string; id: string }>(tx, `SELECT sku, id FROM planning.products WHERE sku = ANY($1::text[])`, [skus]);
    return new Map(rows.map((r) => [r.sku, r.id]));
  }

  async bomsByIds(tx: EntityManager, ids: string[]): Promise<Map<string, BomRow>> {
    const rows = await preparedRows<BomRow>(tx, `SELECT ${BOM_COLS} FROM planning.boms WHERE id = ANY($1::text[]) FOR UPDATE`, [ids]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  // ---- writes: one statement per batch
  /** Inserts or replaces products (a replaced one's version grows by one); answers them as stored. */
  upsertProducts(tx: EntityManager, ps: Omit<ProductRow, 'version'>[]): Promise<ProductRow[]> {
    return preparedRows<ProductRow>(
      tx,
      `INSERT INTO planning.products AS p (id, sku, name, stock_uom, purchase_uom, routes, take_from_stock_first, active, version)
       SELECT u.id, u.sku, u.name, u.stock_uom, u.purchase_uom, ARRAY(SELECT jsonb_array_elements_text(u.routes)), u.take, u.active, 1
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::jsonb[], $7::boolean[], $8::boolean[])
         AS u(id, sku, name, stock_uom, purchase_uom, routes, take, active)
       ON CONFLICT (id) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name, stock_uom = EXCLUDED.stock_uom,
         purchase_uom = EXCLUDED.purchase_uom, routes = EXCLUDED.routes, take_from_stock_first = EXCLUDED.take_from_stock_first,
         active = EXCLUDED.active, version = p.version + 1, updated_at = now()
       RETURNING ${PRODUCT_COLS}`,
      [
        ps.map((p) => p.id), ps.map((p) => p.sku), ps.map((p) => p.name), ps.map((p) => JSON.stringify(p.stockUom)),
        ps.map((p) => (p.purchaseUom ? JSON.stringify(p.purchaseUom) : null)), ps.map((p) => JSON.stringify(p.routes)),
        ps.map((p) => p.takeFromStockFirst), ps.map((p) => p.active),
      ],
    );
  }

  /** The supplier infos of these products become exactly `infos` (those of other vendors go). */
  async replaceSupplierInfos(tx: EntityManager, productIds: string[], infos: SupplierInfoRow[]): Promise<void> {
    await preparedRows(
      tx,
      `WITH gone AS (
         DELETE FROM planning.supplier_infos s WHERE s.product_id = ANY($1::text[])
           AND (s.product_id, s.vendor_id) NOT IN (SELECT * FROM unnest($3::text[], $4::text[])))
       INSERT INTO planning.supplier_infos (id, product_id, vendor_id, lead_time_days, min_qty, price, sequence)
       SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::integer[], $6::numeric[], $7::numeric[], $8::integer[])
       ON CONFLICT (product_id, vendor_id) DO UPDATE SET lead_time_days = EXCLUDED.lead_time_days,
         min_qty = EXCLUDED.min_qty, price = EXCLUDED.price, sequence = EXCLUDED.sequence`,
      [
        productIds, infos.map((i) => i.id), infos.map((i) => i.productId), infos.map((i) => i.vendorId), infos.map((i) => i.leadTimeDays),
        infos.map((i) => i.minQty), infos.map((i) => i.price), infos.map((i) => i.sequence),
      ],
    );
  }

  async upsertVendors(tx: EntityManager, vs: VendorRow[]): Promise<void> {
    await preparedRows(
      tx,
      `INSERT INTO planning.vendors (id, name, active) SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active`,
      [vs.map((v) => v.id), vs.map((v) => v.name), vs.map((v) => v.active)],
    );
  }

  async upsertBoms(tx: EntityManager, bs: BomRow[]): Promise<void> {
    await preparedRows(
      tx,
      `INSERT INTO planning.boms (id, product_id, output_qty, production_delay_days, components, type, by_products)
       SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::integer[], $5::jsonb[], $6::text[], $7::jsonb[])
       ON CONFLICT (id) DO UPDATE SET product_id = EXCLUDED.product_id, output_qty = EXCLUDED.output_qty,
         production_delay_days = EXCLUDED.production_delay_days, components = EXCLUDED.components, type = EXCLUDED.type, by_products = EXCLUDED.by_products`,
      [
        bs.map((b) => b.id), bs.map((b) => b.productId), bs.map((b) => b.outputQty), bs.map((b) => b.productionDelayDays), bs.map((b) => JSON.stringify(b.components)),
        bs.map((b) => b.type), bs.map((b) => JSON.stringify(b.byProducts)),
      ],
    );
  }

  /** Planning's lead days of warehouses it knows (the import checked each one). */
  async updateWarehouseSettings(tx: EntityManager, ws: WarehouseLeadDays[]): Promise<void> {
    await preparedRows(
      tx,
      `UPDATE planning.warehouse_settings w SET purchase_security_lead_days = u.psl, manufacturing_security_lead_days = u.msl,
         days_to_purchase = u.dtp, days_to_prepare = u.dpr, transfer_lead_days = u.tld, updated_at = now()
       FROM unnest($1::text[], $2::integer[], $3::integer[], $4::integer[], $5::integer[], $6::integer[]) AS u(id, psl, msl, dtp, dpr, tld)
       WHERE w.warehouse_id = u.id`,
      [
        ws.map((w) => w.warehouseId), ws.map((w) => w.purchaseSecurityLeadDays), ws.map((w) => w.manufacturingSecurityLeadDays),
        ws.map((w) => w.daysToPurchase), ws.map((w) => w.daysToPrepare), ws.map((w) => w.transferLeadDays),
      ],
    );
  }

  // ---- export pages, by id after `after`
  productPage(tx: EntityManager, after: string, limit: number): Promise<ProductWithSuppliers[]> {
    return preparedRows<ProductWithSuppliers>(tx, `SELECT ${PRODUCT_COLS}, ${SUPPLIERS} FROM planning.products p WHERE p.id > $1 ORDER BY p.id LIMIT $2`, [after, limit]);
  }

  vendorPage(tx: EntityManager, after: string, limit: number): Promise<VendorRow[]> {
    return preparedRows<VendorRow>(tx, `SELECT id, name, active FROM planning.vendors WHERE id > $1 ORDER BY id LIMIT $2`, [after, limit]);
  }

  bomPage(tx: EntityManager, after: string, limit: number): Promise<BomRow[]> {
    return preparedRows<BomRow>(tx, `SELECT ${BOM_COLS} FROM planning.boms WHERE id > $1 ORDER BY id LIMIT $2`, [after, limit]);
  }

  warehousePage(tx: EntityManager, after: string, limit: number): Promise<WarehouseLeadDays[]> {
    return preparedRows<WarehouseLeadDays>(tx, `SELECT ${WH_COLS} FROM planning.warehouse_settings WHERE warehouse_id > $1 ORDER BY warehouse_id LIMIT $2`, [after, limit]);
  }

  /** The most supplier infos of one product and components of one BOM: the columns a CSV export needs. */
  async widestLists(tx: EntityManager): Promise<{ suppliers: number; components: number; byProducts: number }> {
    const [row] = await preparedRows<{ suppliers: number; components: number; byProducts: number }>(
      tx,
      `SELECT (SELECT COALESCE(max(n), 0)::int FROM (SELECT count(*) AS n FROM planning.supplier_infos GROUP BY product_id) t) AS suppliers,
              (SELECT COALESCE(max(jsonb_array_length(components)), 0)::int FROM planning.boms) AS components,
              (SELECT COALESCE(max(jsonb_array_length(by_products)), 0)::int FROM planning.boms) AS "byProducts"`,
    );
    return row ?? { suppliers: 0, components: 0, byProducts: 0 };
  }
}
