import { Injectable } from '@nestjs/common';
import { badRequest } from '@replenish/service-kit';
import type { EntityManager } from 'typeorm';
import {
  CatalogBulkRepository, CatalogRepository, CatalogService, knownVendor, knownWarehouse,
  type BomRow, type ProductRow, type ProductWithSuppliers, type SupplierInfoRow, type VendorRow, type WarehouseLeadDays,
} from '../catalog/index.js';
import { Decimal } from '../shared/domain.js';
import { BomImportRow, ProductImportRow, VendorImportRow, WarehouseSettingsImportRow } from './entry-points/import.dto.js';
import type { CheckedRow, KindImport } from './import-runner.js';
import type { CsvShape } from './import-rows.js';
import { planRows } from './row-plan.js';

const shape = (integers: string[], booleans: string[] = [], lists: string[] = []): CsvShape =>
  ({ integers: new Set(integers), booleans: new Set(booleans), lists: new Set(lists) });

const LEAD_DAYS = ['purchaseSecurityLeadDays', 'manufacturingSecurityLeadDays', 'daysToPurchase', 'daysToPrepare', 'transferLeadDays'] as const;

export const PRODUCT_SHAPE = shape(['leadTimeDays', 'sequence'], ['takeFromStockFirst', 'active'], ['routes']);
export const VENDOR_SHAPE = shape([], ['active']);
export const BOM_SHAPE = shape(['productionDelayDays']);
export const WAREHOUSE_SHAPE = shape([...LEAD_DAYS]);

const sameDecimal = (a: string, b: string): boolean => new Decimal(a).eq(b);
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const uomKey = (u: ProductRow['stockUom'] | null) => (u ? [u.code, u.category, new Decimal(u.factor).toString(), new Decimal(u.rounding).toString()] : null);

/** The catalog's imports share its service (the single-row checks and defaults) and repositories. */
@Injectable()
abstract class CatalogImport {
  constructor(
    protected readonly catalog: CatalogService,
    protected readonly repo: CatalogRepository,
    protected readonly bulk: CatalogBulkRepository,
  ) {}
}

/** A row is one per id in an import. */
const byId = (dto: { id: string }): [string, string][] => [['id', dto.id]];

interface ProductChange {
  product: Omit<ProductRow, 'version'>;
  suppliers: SupplierInfoRow[] | undefined;
}

/** Products with their units and, when the row lists them, their supplier infos (replaced by the row's). */
@Injectable()
export class ProductImport extends CatalogImport implements KindImport<ProductImportRow> {
  readonly dto = ProductImportRow;
  readonly shape = PRODUCT_SHAPE;
  /**
   * Each product.upserted locks its outbox key until commit, and PostgreSQL's lock table is shared by every
   * transaction (max_locks_per_transaction x connections): a smaller batch leaves room for the set-based
   * evaluation's key locks running beside it.
   */
  readonly batchRows = 250;

  unique(dto: ProductImportRow): [string, string][] {
    return [['id', dto.id], ['sku', dto.sku]];
  }

  async apply(tx: EntityManager, rows: CheckedRow<ProductImportRow>[]) {
    const existing = await this.bulk.productsByIds(tx, rows.map((r) => r.dto.id));
    const skuOwners = await this.bulk.skuOwners(tx, rows.map((r) => r.dto.sku));
    await this.repo.preloadVendors(tx, rows.flatMap((r) => (r.dto.suppliers ?? []).map((s) => s.vendorId)));
    const { outcomes, changes } = await planRows<ProductImportRow, ProductChange, ProductWithSuppliers>(rows, {
      build: async (dto) => {
        const product = this.catalog.productRow(dto.id, dto);
        const owner = skuOwners.get(dto.sku);
        if (owner !== undefined && owner !== dto.id) throw badRequest('sku', `belongs to product ${owner}`);
        const vendors = (dto.suppliers ?? []).map((s) => s.vendorId);
        for (const [i, v] of vendors.entries()) {
          await knownVendor(this.repo, tx, v, `suppliers.${i}.vendorId`);
          if (vendors.indexOf(v) !== i) throw badRequest(`suppliers.${i}.vendorId`, `lists vendor ${v} twice`);
        }
        return { product, suppliers: dto.suppliers?.map((x) => this.catalog.supplierInfoRow(dto.id, x)) };
      },
      stored: (dto) => existing.get(dto.id),
      same: (before, row) => sameProduct(before, row.product) && (row.suppliers === undefined || sameSuppliers(before.suppliers, row.suppliers)),
    });
    // Products first: their supplier infos refer to them. product.upserted for each product changed, none for the others.
    const products = changes.filter((c) => !c.before || !sameProduct(c.before, c.row.product)).map((c) => c.row.product);
    if (products.length > 0) await this.catalog.publishProducts(tx, await this.bulk.upsertProducts(tx, products));
    const supplied = changes.filter((c) => c.row.suppliers && (!c.before || !sameSuppliers(c.before.suppliers, c.row.suppliers)));
    if (supplied.length > 0) await this.bulk.replaceSupplierInfos(tx, supplied.map((c) => c.row.product.id), supplied.flatMap((c) => c.row.suppliers ?? []));
    return { outcomes };
  }
}

function sameProduct(a: ProductRow, b: Omit<ProductRow, 'version'>): boolean {
  return a.sku === b.sku && a.name === b.name && sameJson(uomKey(a.stockUom), uomKey(b.stockUom)) && sameJson(uomKey(a.purchaseUom), uomKey(b.purchaseUom))
    && sameJson(a.routes, b.routes) && a.takeFromStockFirst === b.takeFromStockFirst && a.active === b.active;
}

function sameSuppliers(a: ProductWithSuppliers['suppliers'], b: SupplierInfoRow[]): boolean {
  if (a.length !== b.length) return false;
  const byVendor = new Map(a.map((s) => [s.vendorId, s]));
  return b.every((s) => {
    const t = byVendor.get(s.vendorId);
    return t !== undefined && t.leadTimeDays === s.leadTimeDays && sameDecimal(t.minQty, s.minQty) && sameDecimal(t.price, s.price) && t.sequence === s.sequence;
  });
}

@Injectable()
export class VendorImport extends CatalogImport implements KindImport<VendorImportRow> {
  readonly dto = VendorImportRow;
  readonly shape = VENDOR_SHAPE;
  readonly unique = byId;

  async apply(tx: EntityManager, rows: CheckedRow<VendorImportRow>[]) {
    await this.repo.preloadVendors(tx, rows.map((r) => r.dto.id));
    const { outcomes, changes } = await planRows<VendorImportRow, VendorRow, VendorRow>(rows, {
      build: (dto) => this.catalog.vendorRow(dto.id, dto),
      stored: (dto) => this.repo.vendor(tx, dto.id),
      same: (a, b) => a.name === b.name && a.active === b.active,
    });
    if (changes.length > 0) await this.bulk.upsertVendors(tx, changes.map((c) => c.row));
    return { outcomes };
  }
}

@Injectable()
export class BomImport extends CatalogImport implements KindImport<BomImportRow> {
  readonly dto = BomImportRow;
  readonly shape = BOM_SHAPE;
  readonly unique = byId;

  async apply(tx: EntityManager, rows: CheckedRow<BomImportRow>[]) {
    await this.repo.preload(tx, rows.flatMap((r) => [r.dto.productId, ...r.dto.components.map((c) => c.productId)]), []);
    const existing = await this.bulk.bomsByIds(tx, rows.map((r) => r.dto.id));
    const { outcomes, changes } = await planRows<BomImportRow, BomRow, BomRow>(rows, {
      build: (dto) => this.catalog.bomRow(tx, dto.id, dto),
      stored: (dto) => existing.get(dto.id),
      same: sameBom,
    });
    if (changes.length > 0) await this.bulk.upsertBoms(tx, changes.map((c) => c.row));
    return { outcomes };
  }
}

const sameOptionalDecimal = (a: string | undefined, b: string | undefined): boolean => (a === undefined || b === undefined ? a === b : sameDecimal(a, b));

function sameBom(a: BomRow, b: BomRow): boolean {
  return a.productId === b.productId && sameDecimal(a.outputQty, b.outputQty) && a.productionDelayDays === b.productionDelayDays && a.type === b.type
    && a.components.length === b.components.length
    && a.components.every((c, i) => c.productId === b.components[i]?.productId && sameDecimal(c.quantity, b.components[i]?.quantity ?? 'NaN')
      && sameOptionalDecimal(c.scrapPercent, b.components[i]?.scrapPercent))
    && a.byProducts.length === b.byProducts.length
    && a.byProducts.every((p, i) => p.productId === b.byProducts[i]?.productId && sameDecimal(p.quantity, b.byProducts[i]?.quantity ?? 'NaN')
      && sameDecimal(p.costShare, b.byProducts[i]?.costShare ?? 'NaN'));
}

/** Planning's lead days of warehouses it knows from inventory: an import never creates a warehouse. */
@Injectable()
export class WarehouseSettingsImport extends CatalogImport implements KindImport<WarehouseSettingsImportRow> {
  readonly dto = WarehouseSettingsImportRow;
  readonly shape = WAREHOUSE_SHAPE;

  unique(dto: WarehouseSettingsImportRow): [string, string][] {
    return [['warehouseId', dto.warehouseId]];
  }

  async apply(tx: EntityManager, rows: CheckedRow<WarehouseSettingsImportRow>[]) {
    await this.repo.preload(tx, [], rows.map((r) => r.dto.warehouseId));
    const { outcomes, changes } = await planRows<WarehouseSettingsImportRow, WarehouseLeadDays, WarehouseLeadDays>(rows, {
      build: async (dto) => {
        await knownWarehouse(this.repo, tx, dto.warehouseId);
        return this.catalog.warehouseSettingsRow(dto.warehouseId, dto);
      },
      stored: (dto) => this.repo.warehouse(tx, dto.warehouseId),
      same: (a, b) => LEAD_DAYS.every((f) => a[f] === b[f]),
    });
    if (changes.length > 0) await this.bulk.updateWarehouseSettings(tx, changes.map((c) => c.row));
    return { outcomes };
  }
}
