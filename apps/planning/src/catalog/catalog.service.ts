import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { productUpserted } from '@replenish/contracts';
import { EventPublisher } from '@replenish/messaging';
import { PG_UNIQUE_VIOLATION, badRequest, conflict, pgCode } from '@replenish/service-kit';
import { notFound } from '../shared/http-errors.js';
import { serializeWrites } from '../shared/db.js';
import { PlanChanges, type ChangedSite } from '../shared/plan-changes.js';
import {
  CatalogRepository, DEFAULT_WAREHOUSE_SETTINGS, type BomRow, type ProductRow, type SupplierInfoRow, type VendorRow, type WarehouseSettingsRow,
} from './data-access/catalog.repository.js';
import type { BomDto, ProductDto, SupplierInfoDto, VendorDto, WarehouseSettingsDto } from './entry-points/catalog.dto.js';
import { bomCycle } from './bom-cycles.js';
import { bomMrpFields } from './bom-mrp.js';
import { knownProduct, knownVendor, knownWarehouse } from './references.js';

/** Catalog use cases: validated writes, and product.upserted in the same transaction as every product change. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: CatalogRepository,
    private readonly publisher: EventPublisher,
    private readonly plans: PlanChanges,
  ) {}

  // ---- products
  async createProduct(dto: ProductDto): Promise<ProductRow> {
    const row = this.productRow(dto.id ?? randomUUID(), dto);
    try {
      return await this.db.transaction(async (tx) => {
        const saved = (await this.repo.insertProduct(tx, row)) as ProductRow;
        await this.publishProduct(tx, saved);
        return saved;
      });
    } catch (e) {
      if (pgCode(e) === PG_UNIQUE_VIOLATION) throw conflict(`a product with id ${row.id} or SKU ${row.sku} already exists`, 'PRODUCT_EXISTS');
      throw e;
    }
  }

  async updateProduct(id: string, dto: ProductDto): Promise<ProductRow> {
    if (dto.id !== undefined && dto.id !== id) throw badRequest('id', 'must match the id in the path');
    const row = this.productRow(id, dto);
    try {
      return await this.db.transaction(async (tx) => {
        const saved = await this.repo.updateProduct(tx, row);
        if (!saved) throw notFound('product', id);
        await this.publishProduct(tx, saved);
        return saved;
      });
    } catch (e) {
      if (pgCode(e) === PG_UNIQUE_VIOLATION) throw conflict(`SKU ${row.sku} belongs to another product`, 'SKU_TAKEN');
      throw e;
    }
  }

  /** Products are never deleted (drafts and rules refer to them): they are deactivated. */
  async deactivateProduct(id: string): Promise<ProductRow> {
    return this.db.transaction(async (tx) => {
      const current = await this.repo.product(tx, id);
      if (!current) throw notFound('product', id);
      const saved = (await this.repo.updateProduct(tx, { ...current, active: false })) as ProductRow;
      await this.publishProduct(tx, saved);
      return saved;
    });
  }

  async getProduct(id: string): Promise<ProductRow> {
    const p = await this.repo.product(this.db.manager, id);
    if (!p) throw notFound('product', id);
    return p;
  }

  listProducts(limit = 100, offset = 0): Promise<ProductRow[]> {
    return this.repo.products(this.db.manager, limit, offset);
  }

  /** A product as stored, from its DTO: the checks that need more than one field (bulk imports reuse them). */
  productRow(id: string, dto: ProductDto): Omit<ProductRow, 'version'> {
    if (dto.purchaseUom && dto.purchaseUom.category !== dto.stockUom.category) {
      throw badRequest('purchaseUom.category', `must be the stock UoM's category (${dto.stockUom.category}) so that quantities convert`);
    }
    const routes = [...new Set(dto.routes)];
    const supply = routes.filter((r) => r !== 'mto');
    if (routes.includes('mto') && supply.length === 0) throw badRequest('routes', 'mto needs a supply route too (buy, manufacture or resupply:<warehouseId>)');
    return {
      id,
      sku: dto.sku,
      name: dto.name,
      stockUom: { ...dto.stockUom },
      purchaseUom: dto.purchaseUom ? { ...dto.purchaseUom } : null,
      routes,
      takeFromStockFirst: dto.takeFromStockFirst ?? false,
      active: dto.active ?? true,
    };
  }

  async publishProduct(tx: EntityManager, p: ProductRow): Promise<void> {
    await this.publishProducts(tx, [p]);
  }

  /** product.upserted for each of these products, in one statement (a bulk import). */
  async publishProducts(tx: EntityManager, ps: ProductRow[]): Promise<void> {
    await this.publisher.publishMany(tx, ps.map((p) => {
      const uoms = [p.stockUom, ...(p.purchaseUom && p.purchaseUom.code !== p.stockUom.code ? [p.purchaseUom] : [])];
      return {
        def: productUpserted,
        payload: {
          productId: p.id,
          sku: p.sku,
          name: p.name,
          stockUom: p.stockUom,
          uoms,
          ...(p.purchaseUom ? { purchaseUom: p.purchaseUom.code } : {}),
          routes: p.routes,
          takeFromStockFirst: p.takeFromStockFirst,
          active: p.active,
        },
      };
    }));
  }

  // ---- vendors
  async createVendor(dto: VendorDto): Promise<VendorRow> {
    const id = dto.id ?? randomUUID();
    return this.db.transaction(async (tx) => {
      if (await this.repo.vendor(tx, id)) throw conflict(`vendor ${id} already exists`, 'VENDOR_EXISTS');
      return (await this.repo.upsertVendor(tx, this.vendorRow(id, dto))) as VendorRow;
    });
  }

  async updateVendor(id: string, dto: VendorDto): Promise<VendorRow> {
    if (dto.id !== undefined && dto.id !== id) throw badRequest('id', 'must match the id in the path');
    return this.db.transaction(async (tx) => {
      if (!(await this.repo.vendor(tx, id))) throw notFound('vendor', id);
      return (await this.repo.upsertVendor(tx, this.vendorRow(id, dto))) as VendorRow;
    });
  }

  /** A vendor as stored, its defaults filled in. */
  vendorRow(id: string, dto: VendorDto): VendorRow {
    return { id, name: dto.name, active: dto.active ?? true };
  }

  async getVendor(id: string): Promise<VendorRow> {
    const v = await this.repo.vendor(this.db.manager, id);
    if (!v) throw notFound('vendor', id);
    return v;
  }

  listVendors(): Promise<VendorRow[]> {
    return this.repo.vendors(this.db.manager);
  }

  // ---- supplier info
  async putSupplierInfo(productId: string, dto: SupplierInfoDto): Promise<SupplierInfoRow> {
    return this.db.transaction(async (tx) => {
      await knownProduct(this.repo, tx, productId, 'id');
      await knownVendor(this.repo, tx, dto.vendorId);
      return (await this.repo.upsertSupplierInfo(tx, this.supplierInfoRow(productId, dto))) as SupplierInfoRow;
    });
  }

  /** A supplier info as stored, its defaults filled in. */
  supplierInfoRow(productId: string, dto: SupplierInfoDto): SupplierInfoRow {
    return { id: randomUUID(), productId, vendorId: dto.vendorId, leadTimeDays: dto.leadTimeDays, minQty: dto.minQty ?? '0', price: dto.price ?? '0', sequence: dto.sequence ?? 10 };
  }

  async listSupplierInfos(productId: string): Promise<SupplierInfoRow[]> {
    await this.getProduct(productId);
    return this.repo.supplierInfos(this.db.manager, productId);
  }

  async deleteSupplierInfo(productId: string, vendorId: string): Promise<void> {
    if (!(await this.repo.deleteSupplierInfo(this.db.manager, productId, vendorId))) throw notFound('supplier info', `${productId}/${vendorId}`, 'vendorId');
  }

  // ---- BOMs
  async putBom(id: string | undefined, dto: BomDto): Promise<BomRow> {
    if (id !== undefined && dto.id !== undefined && dto.id !== id) throw badRequest('id', 'must match the id in the path');
    const bomId = id ?? dto.id ?? randomUUID();
    return this.db.transaction(async (tx) => {
      const existing = await this.repo.bom(tx, bomId);
      if (id === undefined && existing) throw conflict(`BOM ${bomId} already exists`, 'BOM_EXISTS');
      if (id !== undefined && !existing) throw notFound('BOM', bomId);
      const saved = (await this.repo.upsertBom(tx, await this.bomRow(tx, bomId, dto))) as BomRow;
      await this.plans.sitesChanged(tx, await this.bomSites(tx, [existing, saved]));
      return saved;
    });
  }

  /**
   * A BOM as stored, once its products are known and it does not consume its own product, directly or through its
   * components' BOMs (a cycle; bulk imports reuse it).
   */
  async bomRow(tx: EntityManager, id: string, dto: BomDto): Promise<BomRow> {
    if (dto.components.some((c) => c.productId === dto.productId)) throw badRequest('components', 'a BOM cannot consume its own product');
    // Two BOMs checked at once could each pass and together close a cycle: BOM writers check one after the other.
    await serializeWrites(tx);
    // The BOM it replaces does not count.
    const bomsOf = async (p: string) => (await this.repo.boms(tx, p)).filter((b) => b.id !== id).map((b) => b.components.map((c) => c.productId));
    const cycle = await bomCycle(dto.productId, dto.components.map((c) => c.productId), bomsOf);
    if (cycle) throw badRequest('components', `a BOM cannot consume its own product through its components' BOMs: ${cycle.join(' -> ')}`);
    // Products are never deleted: checked here, they still exist at commit.
    await knownProduct(this.repo, tx, dto.productId);
    for (const [i, c] of dto.components.entries()) await knownProduct(this.repo, tx, c.productId, `components.${i}.productId`);
    const mrp = bomMrpFields(dto);
    for (const [i, b] of mrp.byProducts.entries()) await knownProduct(this.repo, tx, b.productId, `byProducts.${i}.productId`);
    return { id, productId: dto.productId, outputQty: dto.outputQty, productionDelayDays: dto.productionDelayDays, ...mrp };
  }

  async getBom(id: string): Promise<BomRow> {
    const b = await this.repo.bom(this.db.manager, id);
    if (!b) throw notFound('BOM', id);
    return b;
  }

  listBoms(productId?: string): Promise<BomRow[]> {
    return this.repo.boms(this.db.manager, productId);
  }

  async deleteBom(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const existing = await this.repo.bom(tx, id);
      if (!existing || !(await this.repo.deleteBom(tx, id))) throw notFound('BOM', id);
      await this.plans.sitesChanged(tx, await this.bomSites(tx, [existing]));
    });
  }

  /**
   * What a BOM change re-plans (MRP's net change, planning-021): its product, and what it consumed or yielded before
   * (no longer reached through it, yet their stored requirements of it must go), at every warehouse; the net change
   * keeps those MRP plans, and what they reach through the BOM as it is now.
   */
  private async bomSites(tx: EntityManager, boms: readonly (BomRow | undefined)[]): Promise<ChangedSite[]> {
    const products = new Set(boms.flatMap((b) => (b ? [b.productId, ...b.components.map((c) => c.productId), ...b.byProducts.map((p) => p.productId)] : [])));
    const warehouses = await this.repo.warehouses(tx);
    return [...products].flatMap((productId) => warehouses.map((w) => ({ productId, warehouseId: w.warehouseId })));
  }

  // ---- warehouse settings: warehouses come from inventory (warehouse.created); planning keeps its own lead days
  async putWarehouse(warehouseId: string, dto: WarehouseSettingsDto): Promise<WarehouseSettingsRow> {
    return this.db.transaction(async (tx) => {
      await knownWarehouse(this.repo, tx, warehouseId);
      return (await this.repo.updateWarehouseSettings(tx, this.warehouseSettingsRow(warehouseId, dto))) as WarehouseSettingsRow;
    });
  }

  /** Planning's lead days of a warehouse as stored: those not given take their default. */
  warehouseSettingsRow(warehouseId: string, dto: WarehouseSettingsDto): Omit<WarehouseSettingsRow, 'name' | 'timeZone'> {
    const d = DEFAULT_WAREHOUSE_SETTINGS(warehouseId);
    return {
      warehouseId,
      purchaseSecurityLeadDays: dto.purchaseSecurityLeadDays ?? d.purchaseSecurityLeadDays,
      manufacturingSecurityLeadDays: dto.manufacturingSecurityLeadDays ?? d.manufacturingSecurityLeadDays,
      daysToPurchase: dto.daysToPurchase ?? d.daysToPurchase,
      daysToPrepare: dto.daysToPrepare ?? d.daysToPrepare,
      transferLeadDays: dto.transferLeadDays ?? d.transferLeadDays,
    };
  }

  getWarehouse(warehouseId: string): Promise<WarehouseSettingsRow> {
    return knownWarehouse(this.repo, this.db.manager, warehouseId);
  }

  listWarehouses(): Promise<WarehouseSettingsRow[]> {
    return this.repo.warehouses(this.db.manager);
  }
}
