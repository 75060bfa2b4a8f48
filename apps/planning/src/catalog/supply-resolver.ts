import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { defineUom, draftTypeForRoute, leadDays, topUpKeyString, type LeadTimes, type TopUpKey, type Uom } from '../shared/domain.js';
import { CatalogRepository, DEFAULT_WAREHOUSE_SETTINGS, type ProductRow, type UomJson } from './data-access/catalog.repository.js';

/** Where the goods for a product at a warehouse come from, and how long that takes. */
export interface Supply {
  route: 'buy' | 'manufacture' | 'resupply';
  key: TopUpKey;
  keyString: string;
  vendorId?: string;
  bomId?: string;
  sourceWarehouseId?: string;
  warehouseId: string;
  leadDays: number;
  securityLeadDays: number;
  vendorLeadDays?: number;
  productionDelayDays?: number;
  timeZone: string;
  uom: Uom;
}

export type SupplyResult = { ok: true; supply: Supply } | { ok: false; reason: string };

export interface SupplyPreference {
  /** buy | manufacture | resupply:<warehouseId>; the product's first supply route when absent. */
  route?: string | null;
  vendorId?: string | null;
  bomId?: string | null;
}

export function uomOf(json: UomJson): Uom {
  return defineUom({ code: json.code, category: json.category, factor: json.factor, rounding: json.rounding });
}

/** Resolves routes, vendors (preferred = lowest sequence, then price) and BOMs into a top-up key and lead days. */
@Injectable()
export class SupplyResolver {
  constructor(private readonly repo: CatalogRepository) {}

  async resolve(tx: EntityManager, product: ProductRow, warehouseId: string, pref: SupplyPreference = {}): Promise<SupplyResult> {
    const route = pref.route ?? product.routes.find((r) => r !== 'mto');
    if (!route) return { ok: false, reason: `product ${product.id} has no supply route (buy, manufacture or resupply)` };
    const wh = (await this.repo.warehouse(tx, warehouseId)) ?? DEFAULT_WAREHOUSE_SETTINGS(warehouseId);
    const uom = uomOf(product.stockUom);
    const base = { warehouseId, timeZone: wh.timeZone, uom };

    if (route === 'buy') {
      const infos = await this.repo.supplierInfos(tx, product.id);
      const info = pref.vendorId ? infos.find((i) => i.vendorId === pref.vendorId) : infos[0];
      if (!info) return { ok: false, reason: pref.vendorId ? `vendor ${pref.vendorId} does not supply product ${product.id}` : `product ${product.id} has no vendor` };
      const times: LeadTimes = { route: 'buy', vendorLeadDays: info.leadTimeDays, purchaseSecurityLeadDays: wh.purchaseSecurityLeadDays, daysToPurchase: wh.daysToPurchase };
      const key: TopUpKey = { type: draftTypeForRoute('buy'), sourceId: info.vendorId, destinationWarehouseId: warehouseId };
      return {
        ok: true,
        supply: { ...base, route: 'buy', key, keyString: topUpKeyString(key), vendorId: info.vendorId, leadDays: leadDays(times), securityLeadDays: wh.purchaseSecurityLeadDays, vendorLeadDays: info.leadTimeDays },
      };
    }
    if (route === 'manufacture') {
      const bom = pref.bomId ? await this.repo.bom(tx, pref.bomId) : (await this.repo.boms(tx, product.id))[0];
      if (!bom || bom.productId !== product.id) return { ok: false, reason: pref.bomId ? `BOM ${pref.bomId} does not make product ${product.id}` : `product ${product.id} has no BOM` };
      const times: LeadTimes = { route: 'manufacture', productionDelayDays: bom.productionDelayDays, manufacturingSecurityLeadDays: wh.manufacturingSecurityLeadDays, daysToPrepare: wh.daysToPrepare };
      const key: TopUpKey = { type: draftTypeForRoute('manufacture'), sourceId: bom.id, destinationWarehouseId: warehouseId };
      return {
        ok: true,
        supply: { ...base, route: 'manufacture', key, keyString: topUpKeyString(key), bomId: bom.id, leadDays: leadDays(times), securityLeadDays: wh.manufacturingSecurityLeadDays, productionDelayDays: bom.productionDelayDays },
      };
    }
    if (route.startsWith('resupply:')) {
      const source = route.slice('resupply:'.length);
      if (!source || source === warehouseId) return { ok: false, reason: `route ${route} cannot resupply warehouse ${warehouseId} from itself` };
      const key: TopUpKey = { type: draftTypeForRoute('resupply'), sourceId: source, destinationWarehouseId: warehouseId };
      return {
        ok: true,
        supply: { ...base, route: 'resupply', key, keyString: topUpKeyString(key), sourceWarehouseId: source, leadDays: leadDays({ route: 'resupply', transferDelayDays: wh.transferLeadDays }), securityLeadDays: 0 },
      };
    }
    return { ok: false, reason: `unknown route ${route}` };
  }
}
