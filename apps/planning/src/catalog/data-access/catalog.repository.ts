import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UomWire } from '@replenish/contracts';
import { preparedRow, preparedRows } from '../../shared/db.js';

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  stockUom: UomWire;
  purchaseUom: UomWire | null;
  routes: string[];
  takeFromStockFirst: boolean;
  active: boolean;
  version: number;
}

/** The units of one product: the stock UoM its draft lines are in, and the purchase UoM it is bought in (if any). */
export interface ProductUomsRow {
  stockUom: UomWire;
  purchaseUom: UomWire | null;
}

export interface VendorRow {
  id: string;
  name: string;
  active: boolean;
}

export interface SupplierInfoRow {
  id: string;
  productId: string;
  vendorId: string;
  leadTimeDays: number;
  minQty: string;
  price: string;
  sequence: number;
}

export interface BomRow {
  id: string;
  productId: string;
  outputQty: string;
  productionDelayDays: number;
  components: { productId: string; quantity: string; scrapPercent?: string }[];
  type: 'normal' | 'phantom';
  byProducts: { productId: string; quantity: string; costShare: string }[];
}

/** A warehouse planning has learnt from inventory (warehouse.created), with planning's own lead days. */
export interface WarehouseSettingsRow {
  warehouseId: string;
  /** Inventory's name of the warehouse; null for a warehouse known before warehouses came from inventory. */
  name: string | null;
  /** Inventory's time zone of the warehouse: its calendar. */
  timeZone: string;
  purchaseSecurityLeadDays: number;
  manufacturingSecurityLeadDays: number;
  daysToPurchase: number;
  daysToPrepare: number;
  transferLeadDays: number;
}

const PRODUCT_COLS = `id, sku, name, stock_uom AS "stockUom", purchase_uom AS "purchaseUom", routes,
  take_from_stock_first AS "takeFromStockFirst", active, version`;
const SUPPLIER_COLS = `id, product_id AS "productId", vendor_id AS "vendorId", lead_time_days AS "leadTimeDays",
  min_qty::text AS "minQty", price::text AS price, sequence`;
const BOM_COLS = `id, product_id AS "productId", output_qty::text AS "outputQty", production_delay_days AS "productionDelayDays", components, type, by_products AS "byProducts"`;
const WH_COLS = `warehouse_id AS "warehouseId", name, time_zone AS "timeZone", purchase_security_lead_days AS "purchaseSecurityLeadDays",
  manufacturing_security_lead_days AS "manufacturingSecurityLeadDays", days_to_purchase AS "daysToPurchase",
  days_to_prepare AS "daysToPrepare", transfer_lead_days AS "transferLeadDays"`;

/** Catalog tables; every method runs in the caller's transaction or manager. */
@Injectable()
export class CatalogRepository {
  private readonly snapshots = new WeakMap<EntityManager, CatalogSnapshot>();
  private readonly vendorSnapshots = new WeakMap<EntityManager, Map<string, VendorRow | null>>();

  /**
   * Reads the catalog of these products and warehouses in one statement and keeps it for the rest of `tx`:
   * `product`, `supplierInfos`, `boms(tx, productId)`, `bom` and `warehouse` then answer from it (a consumer
   * batch evaluating hundreds of rules; decision planning-007). A second call in the same `tx` adds what the
   * first did not read. Other ids are still read from the database.
   */
  async preload(tx: EntityManager, productIds: Iterable<string>, warehouseIds: Iterable<string>): Promise<void> {
    const snap = this.snapshots.get(tx) ?? { productIds: new Set(), warehouseIds: new Set(), products: new Map(), infos: new Map(), boms: new Map(), bomsById: new Map(), warehouses: new Map() };
    this.snapshots.set(tx, snap);
    const ids = [...new Set(productIds)].filter((id) => !snap.productIds.has(id));
    const whs = [...new Set(warehouseIds)].filter((id) => !snap.warehouseIds.has(id));
    if (ids.length === 0 && whs.length === 0) return;
    // One statement, one JSON array per table (every column is text, number, boolean or JSON: nothing changes type).
    const [row] = await preparedRows<{ products: ProductRow[] | null; infos: SupplierInfoRow[] | null; boms: BomRow[] | null; warehouses: WarehouseSettingsRow[] | null }>(
      tx,
      `SELECT
         (SELECT json_agg(t) FROM (SELECT ${PRODUCT_COLS} FROM planning.products WHERE id = ANY($1::text[])) t) AS products,
         (SELECT json_agg(t ORDER BY s.sequence, s.price, s.vendor_id) FROM planning.supplier_infos s, LATERAL (SELECT ${SUPPLIER_COLS}) t WHERE s.product_id = ANY($1::text[])) AS infos,
         (SELECT json_agg(t ORDER BY b.id) FROM planning.boms b, LATERAL (SELECT ${BOM_COLS}) t WHERE b.product_id = ANY($1::text[])) AS boms,
         (SELECT json_agg(t) FROM (SELECT ${WH_COLS} FROM planning.warehouse_settings WHERE warehouse_id = ANY($2::text[])) t) AS warehouses`,
      [ids, whs],
    );
    for (const id of ids) snap.productIds.add(id);
    for (const p of row?.products ?? []) snap.products.set(p.id, p);
    for (const [k, v] of groupBy(row?.infos ?? [], (i) => i.productId)) snap.infos.set(k, v);
    for (const [k, v] of groupBy(row?.boms ?? [], (b) => b.productId)) snap.boms.set(k, v);
    for (const b of row?.boms ?? []) snap.bomsById.set(b.id, b);
    for (const id of whs) snap.warehouseIds.add(id);
    for (const w of row?.warehouses ?? []) snap.warehouses.set(w.warehouseId, w);
  }

  /**
   * What `preload` read in `tx`, answered without a promise (a sweep chunk resolves a thousand rules' supply from it
   * in one go, SupplyResolver.resolvePreloaded); undefined before any `preload`. Its maps hold only the ids it read.
   */
  preloaded(tx: EntityManager): Readonly<CatalogSnapshot> | undefined {
    return this.snapshots.get(tx);
  }

  product(tx: EntityManager, id: string): Promise<ProductRow | undefined> {
    const snap = this.snapshots.get(tx);
    if (snap?.productIds.has(id)) return Promise.resolve(snap.products.get(id));
    return preparedRow<ProductRow>(tx, `SELECT ${PRODUCT_COLS} FROM planning.products WHERE id = $1`, [id]);
  }

  products(tx: EntityManager, limit: number, offset: number): Promise<ProductRow[]> {
    return preparedRows<ProductRow>(tx, `SELECT ${PRODUCT_COLS} FROM planning.products ORDER BY sku LIMIT $1 OFFSET $2`, [limit, offset]);
  }

  insertProduct(tx: EntityManager, p: Omit<ProductRow, 'version'>): Promise<ProductRow | undefined> {
    return preparedRow<ProductRow>(
      tx,
      `INSERT INTO planning.products (id, sku, name, stock_uom, purchase_uom, routes, take_from_stock_first, active, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING ${PRODUCT_COLS}`,
      [p.id, p.sku, p.name, JSON.stringify(p.stockUom), p.purchaseUom ? JSON.stringify(p.purchaseUom) : null, p.routes, p.takeFromStockFirst, p.active],
    );
  }

  updateProduct(tx: EntityManager, p: Omit<ProductRow, 'version'>): Promise<ProductRow | undefined> {
    return preparedRow<ProductRow>(
      tx,
      `UPDATE planning.products SET sku = $2, name = $3, stock_uom = $4, purchase_uom = $5, routes = $6,
         take_from_stock_first = $7, active = $8, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING ${PRODUCT_COLS}`,
      [p.id, p.sku, p.name, JSON.stringify(p.stockUom), p.purchaseUom ? JSON.stringify(p.purchaseUom) : null, p.routes, p.takeFromStockFirst, p.active],
    );
  }

  /**
   * The stock and purchase UoMs of the given products, in one query (to publish a draft's lines with their
   * purchase quantities, decision domain-008); those of the transaction's snapshot (`preload`) without a query.
   * Unknown ids are absent from the map.
   */
  async productUoms(tx: EntityManager, productIds: Iterable<string>): Promise<Map<string, ProductUomsRow>> {
    const snap = this.snapshots.get(tx);
    const uoms = new Map<string, ProductUomsRow>();
    const ids: string[] = [];
    for (const id of new Set(productIds)) {
      const known = snap?.productIds.has(id) ? snap.products.get(id) : undefined;
      if (known) uoms.set(id, { stockUom: known.stockUom, purchaseUom: known.purchaseUom ?? null });
      else ids.push(id);
    }
    if (ids.length === 0) return uoms;
    const rows = await preparedRows<ProductUomsRow & { id: string }>(
      tx,
      `SELECT id, stock_uom AS "stockUom", purchase_uom AS "purchaseUom" FROM planning.products WHERE id = ANY($1::text[])`,
      [ids],
    );
    for (const r of rows) uoms.set(r.id, { stockUom: r.stockUom, purchaseUom: r.purchaseUom ?? null });
    return uoms;
  }

  vendor(tx: EntityManager, id: string): Promise<VendorRow | undefined> {
    const vendors = this.vendorSnapshots.get(tx);
    if (vendors?.has(id)) return Promise.resolve(vendors.get(id) ?? undefined);
    return preparedRow<VendorRow>(tx, `SELECT id, name, active FROM planning.vendors WHERE id = $1`, [id]);
  }

  /** Reads these vendors in one statement and keeps them for the rest of `tx`: `vendor` then answers from them (a bulk import's references). */
  async preloadVendors(tx: EntityManager, ids: Iterable<string>): Promise<void> {
    const vendors = this.vendorSnapshots.get(tx) ?? new Map<string, VendorRow | null>();
    this.vendorSnapshots.set(tx, vendors);
    const missing = [...new Set(ids)].filter((id) => !vendors.has(id));
    if (missing.length === 0) return;
    for (const id of missing) vendors.set(id, null);
    for (const v of await preparedRows<VendorRow>(tx, `SELECT id, name, active FROM planning.vendors WHERE id = ANY($1::text[])`, [missing])) vendors.set(v.id, v);
  }

  vendors(tx: EntityManager): Promise<VendorRow[]> {
    return preparedRows<VendorRow>(tx, `SELECT id, name, active FROM planning.vendors ORDER BY name`);
  }

  upsertVendor(tx: EntityManager, v: VendorRow): Promise<VendorRow | undefined> {
    return preparedRow<VendorRow>(
      tx,
      `INSERT INTO planning.vendors (id, name, active) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active RETURNING id, name, active`,
      [v.id, v.name, v.active],
    );
  }

  supplierInfos(tx: EntityManager, productId: string): Promise<SupplierInfoRow[]> {
    const snap = this.snapshots.get(tx);
    if (snap?.productIds.has(productId)) return Promise.resolve(snap.infos.get(productId) ?? []);
    return preparedRows<SupplierInfoRow>(tx, `SELECT ${SUPPLIER_COLS} FROM planning.supplier_infos s WHERE product_id = $1 ORDER BY sequence, s.price, vendor_id`, [productId]);
  }

  supplierInfo(tx: EntityManager, productId: string, vendorId: string): Promise<SupplierInfoRow | undefined> {
    return preparedRow<SupplierInfoRow>(tx, `SELECT ${SUPPLIER_COLS} FROM planning.supplier_infos WHERE product_id = $1 AND vendor_id = $2`, [productId, vendorId]);
  }

  upsertSupplierInfo(tx: EntityManager, s: SupplierInfoRow): Promise<SupplierInfoRow | undefined> {
    return preparedRow<SupplierInfoRow>(
      tx,
      `INSERT INTO planning.supplier_infos (id, product_id, vendor_id, lead_time_days, min_qty, price, sequence)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (product_id, vendor_id) DO UPDATE SET lead_time_days = EXCLUDED.lead_time_days,
         min_qty = EXCLUDED.min_qty, price = EXCLUDED.price, sequence = EXCLUDED.sequence
       RETURNING ${SUPPLIER_COLS}`,
      [s.id, s.productId, s.vendorId, s.leadTimeDays, s.minQty, s.price, s.sequence],
    );
  }

  async deleteSupplierInfo(tx: EntityManager, productId: string, vendorId: string): Promise<boolean> {
    return (await preparedRows(tx, `DELETE FROM planning.supplier_infos WHERE product_id = $1 AND vendor_id = $2 RETURNING id`, [productId, vendorId])).length > 0;
  }

  bom(tx: EntityManager, id: string): Promise<BomRow | undefined> {
    const cached = this.snapshots.get(tx)?.bomsById.get(id);
    if (cached) return Promise.resolve(cached);
    return preparedRow<BomRow>(tx, `SELECT ${BOM_COLS} FROM planning.boms WHERE id = $1`, [id]);
  }

  boms(tx: EntityManager, productId?: string): Promise<BomRow[]> {
    const snap = this.snapshots.get(tx);
    if (productId && snap?.productIds.has(productId)) return Promise.resolve(snap.boms.get(productId) ?? []);
    return productId
      ? preparedRows<BomRow>(tx, `SELECT ${BOM_COLS} FROM planning.boms WHERE product_id = $1 ORDER BY id`, [productId])
      : preparedRows<BomRow>(tx, `SELECT ${BOM_COLS} FROM planning.boms ORDER BY id`);
  }

  /** Products made by a BOM or listed as components: an order of one changes another product's position. */
  async bomProducts(tx: EntityManager): Promise<Set<string>> {
    const rows = await preparedRows<{ id: string }>(
      tx,
      `SELECT product_id AS id FROM planning.boms UNION SELECT e.c->>'productId' FROM planning.boms b CROSS JOIN LATERAL jsonb_array_elements(b.components) AS e(c)`,
    );
    return new Set(rows.map((r) => r.id));
  }

  upsertBom(tx: EntityManager, b: BomRow): Promise<BomRow | undefined> {
    return preparedRow<BomRow>(
      tx,
      `INSERT INTO planning.boms (id, product_id, output_qty, production_delay_days, components, type, by_products) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET product_id = EXCLUDED.product_id, output_qty = EXCLUDED.output_qty,
         production_delay_days = EXCLUDED.production_delay_days, components = EXCLUDED.components, type = EXCLUDED.type, by_products = EXCLUDED.by_products
       RETURNING ${BOM_COLS}`,
      [b.id, b.productId, b.outputQty, b.productionDelayDays, JSON.stringify(b.components), b.type, JSON.stringify(b.byProducts)],
    );
  }

  async deleteBom(tx: EntityManager, id: string): Promise<boolean> {
    return (await preparedRows(tx, `DELETE FROM planning.boms WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  warehouse(tx: EntityManager, warehouseId: string): Promise<WarehouseSettingsRow | undefined> {
    const snap = this.snapshots.get(tx);
    if (snap?.warehouseIds.has(warehouseId)) return Promise.resolve(snap.warehouses.get(warehouseId));
    return preparedRow<WarehouseSettingsRow>(tx, `SELECT ${WH_COLS} FROM planning.warehouse_settings WHERE warehouse_id = $1`, [warehouseId]);
  }

  warehouses(tx: EntityManager): Promise<WarehouseSettingsRow[]> {
    return preparedRows<WarehouseSettingsRow>(tx, `SELECT ${WH_COLS} FROM planning.warehouse_settings ORDER BY warehouse_id`);
  }

  /** Records a warehouse from inventory (its name and time zone), keeping the lead days of one already known. */
  async learnWarehouse(tx: EntityManager, w: { warehouseId: string; name: string; timeZone: string }): Promise<void> {
    await preparedRows(
      tx,
      `INSERT INTO planning.warehouse_settings (warehouse_id, name, time_zone) VALUES ($1, $2, $3)
       ON CONFLICT (warehouse_id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone, updated_at = now()`,
      [w.warehouseId, w.name, w.timeZone],
    );
  }

  /** Planning's lead days of a known warehouse; undefined when planning does not know it. */
  updateWarehouseSettings(tx: EntityManager, w: Omit<WarehouseSettingsRow, 'name' | 'timeZone'>): Promise<WarehouseSettingsRow | undefined> {
    return preparedRow<WarehouseSettingsRow>(
      tx,
      `UPDATE planning.warehouse_settings SET purchase_security_lead_days = $2, manufacturing_security_lead_days = $3,
         days_to_purchase = $4, days_to_prepare = $5, transfer_lead_days = $6, updated_at = now()
       WHERE warehouse_id = $1 RETURNING ${WH_COLS}`,
      [w.warehouseId, w.purchaseSecurityLeadDays, w.manufacturingSecurityLeadDays, w.daysToPurchase, w.daysToPrepare, w.transferLeadDays],
    );
  }
}

export interface CatalogSnapshot {
  productIds: Set<string>;
  warehouseIds: Set<string>;
  products: Map<string, ProductRow>;
  infos: Map<string, SupplierInfoRow[]>;
  boms: Map<string, BomRow[]>;
  /** The same BOMs by id (a manufacturing rule's and every dependent's lookup). */
  bomsById: Map<string, BomRow>;
  warehouses: Map<string, WarehouseSettingsRow>;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

export const DEFAULT_WAREHOUSE_SETTINGS = (warehouseId: string): WarehouseSettingsRow => ({
  warehouseId,
  name: null,
  timeZone: 'UTC',
  purchaseSecurityLeadDays: 0,
  manufacturingSecurityLeadDays: 0,
  daysToPurchase: 0,
  daysToPrepare: 0,
  transferLeadDays: 0,
});
