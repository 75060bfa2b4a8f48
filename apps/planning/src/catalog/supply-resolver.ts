import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { dec, draftTypeForRoute, leadDays, selectSupplier, topUpKeyString, uomOf, type LeadTimes, type TopUpKey, type Uom, type Decimal } from '../shared/domain.js';
import {
  CatalogRepository, DEFAULT_WAREHOUSE_SETTINGS, type BomRow, type ProductRow, type SupplierInfoRow, type WarehouseSettingsRow,
} from './data-access/catalog.repository.js';

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

/** A pair a draft's supply puts demand on (`SupplyResolver.dependents`), with the evaluation cause it gives. */
export interface Dependent {
  productId: string;
  warehouseId: string;
  cause: 'transfer-out' | 'component-demand';
}

/**
 * Why there is no supply, in words that say what to add; `field` names the preference that caused it (absent: the
 * product's catalog entry lacks what its route needs).
 */
export type SupplyResult = { ok: true; supply: Supply } | { ok: false; reason: string; field?: 'route' | 'vendorId' | 'bomId' };

export interface SupplyPreference {
  /** buy | manufacture | resupply:<warehouseId>; the product's first supply route when absent. */
  route?: string | null;
  vendorId?: string | null;
  bomId?: string | null;
}

/** Resolves routes, vendors (preferred = lowest sequence, then price) and BOMs into a top-up key and lead days. */
@Injectable()
export class SupplyResolver {
  constructor(private readonly repo: CatalogRepository) {}

  async resolve(tx: EntityManager, product: ProductRow, warehouseId: string, pref: SupplyPreference = {}): Promise<SupplyResult> {
    const route = routeOf(product, pref);
    if (!route) return supplyFrom(product, warehouseId, pref, route, DEFAULT_WAREHOUSE_SETTINGS(warehouseId), [], undefined);
    const wh = (await this.repo.warehouse(tx, warehouseId)) ?? DEFAULT_WAREHOUSE_SETTINGS(warehouseId);
    const infos = route === 'buy' ? await this.repo.supplierInfos(tx, product.id) : [];
    const bom = route === 'manufacture' ? (pref.bomId ? await this.repo.bom(tx, pref.bomId) : (await this.repo.boms(tx, product.id))[0]) : undefined;
    return supplyFrom(product, warehouseId, pref, route, wh, infos, bom);
  }

  /**
   * `resolve` from what `CatalogRepository.preload` read in `tx`, without I/O or a promise (a chunk of a thousand
   * rules: decision planning-013, addendum); undefined when the snapshot lacks the product, its warehouse or its BOM
   * (then `resolve` reads them).
   */
  resolvePreloaded(tx: EntityManager, productId: string, warehouseId: string, pref: SupplyPreference = {}): SupplyResult | undefined {
    const snap = this.repo.preloaded(tx);
    const product = snap?.products.get(productId);
    if (!snap || !product || !snap.warehouseIds.has(warehouseId)) return undefined;
    const route = routeOf(product, pref);
    const wh = snap.warehouses.get(warehouseId) ?? DEFAULT_WAREHOUSE_SETTINGS(warehouseId);
    let bom: BomRow | undefined;
    if (route === 'manufacture') {
      bom = pref.bomId ? snap.bomsById.get(pref.bomId) : snap.boms.get(product.id)?.[0];
      if (!bom) return undefined; // not read (another product's BOM), or none: `resolve` asks the database
    }
    return supplyFrom(product, warehouseId, pref, route, wh, route === 'buy' ? (snap.infos.get(product.id) ?? []) : [], bom);
  }

  /**
   * The supply to order `quantity` (in `uom`, default the stock UoM) from: a bought product without a preferred vendor goes to
   * the first vendor by sequence whose minimum quantity the order meets (Odoo's seller selection, decision
   * domain-008); lead days and the need date stay those evaluated with `supply`, the order date follows the
   * chosen vendor's lead time. Any other supply is returned as it is.
   */
  async forQuantity(tx: EntityManager, product: ProductRow, supply: Supply, quantity: Decimal, pref: SupplyPreference = {}, uom: Uom = supply.uom): Promise<Supply> {
    if (supply.route !== 'buy' || pref.vendorId) return supply;
    const infos = asSupplierInfos(await this.repo.supplierInfos(tx, product.id));
    const chosen = selectSupplier(infos, { quantity, uom, purchaseUom: product.purchaseUom ? uomOf(product.purchaseUom) : null })?.supplier;
    if (!chosen || chosen.vendorId === supply.vendorId) return supply;
    const wh = (await this.repo.warehouse(tx, supply.warehouseId)) ?? DEFAULT_WAREHOUSE_SETTINGS(supply.warehouseId);
    return { ...buySupply({ warehouseId: supply.warehouseId, timeZone: supply.timeZone, uom: supply.uom }, wh, chosen), leadDays: supply.leadDays };
  }

  /**
   * The product@warehouse pairs whose forecast a draft of this supply changes besides its own: a transfer is
   * outgoing demand of its source warehouse, a manufacturing order consumes its BOM's components at its warehouse
   * (decision planning-009). Their automatic rules are re-evaluated at once, and theirs down every level
   * (RuleEvaluator.evaluateDependents, decisions planning-010 and -016).
   */
  async dependents(tx: EntityManager, productId: string, supply: Supply): Promise<Dependent[]> {
    if (supply.sourceWarehouseId) return [{ productId, warehouseId: supply.sourceWarehouseId, cause: 'transfer-out' }];
    if (!supply.bomId) return [];
    const bom = await this.repo.bom(tx, supply.bomId);
    return (bom?.components ?? []).map((c) => ({ productId: c.productId, warehouseId: supply.warehouseId, cause: 'component-demand' }));
  }

  /** Every top-up key `forQuantity` may choose for this supply (a batch locks them up front). */
  async candidateKeys(tx: EntityManager, productId: string, supply: Supply, pref: SupplyPreference = {}): Promise<string[]> {
    if (supply.route !== 'buy' || pref.vendorId) return [supply.keyString];
    return candidateKeysOf(supply, await this.repo.supplierInfos(tx, productId));
  }

  /** `candidateKeys` from what `CatalogRepository.preload` read in `tx`, without a promise; undefined when it did not read the product. */
  candidateKeysPreloaded(tx: EntityManager, productId: string, supply: Supply, pref: SupplyPreference = {}): string[] | undefined {
    if (supply.route !== 'buy' || pref.vendorId) return [supply.keyString];
    const snap = this.repo.preloaded(tx);
    return snap?.productIds.has(productId) ? candidateKeysOf(supply, snap.infos.get(productId) ?? []) : undefined;
  }
}

const candidateKeysOf = (supply: Supply, infos: readonly SupplierInfoRow[]): string[] =>
  [supply.keyString, ...infos.map((i) => topUpKeyString({ type: draftTypeForRoute('buy'), sourceId: i.vendorId, destinationWarehouseId: supply.warehouseId }))];

type SupplierInfos = ReturnType<typeof toSupplierInfos>;
const toSupplierInfos = (rows: SupplierInfoRow[]) => rows.map((r) => ({ ...r, minQty: dec(r.minQty), price: dec(r.price) }));
/** By the rows' array: a transaction's catalog snapshot (CatalogRepository.preload) gives each product's rows once. */
const supplierInfosOf = new WeakMap<SupplierInfoRow[], SupplierInfos>();

/** The rows as libs/domain's supplier infos (decimals), converted once per array of rows. */
function asSupplierInfos(rows: SupplierInfoRow[]): SupplierInfos {
  let infos = supplierInfosOf.get(rows);
  if (!infos) supplierInfosOf.set(rows, (infos = toSupplierInfos(rows)));
  return infos;
}

/**
 * The one supplier info a choice without quantity nor date can fall on (the preferred vendor's, else the product's),
 * when there is exactly one: selectSupplier would choose it whatever its terms, so they are not turned into decimals
 * (most products of a large catalog have one vendor). Undefined when there are several, or none.
 */
function onlyCandidate(rows: SupplierInfoRow[], preferredVendorId: string | null | undefined): SupplierInfoRow | undefined {
  const candidates = preferredVendorId ? rows.filter((r) => r.vendorId === preferredVendorId) : rows;
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The route a rule's preference names, else the product's first supply route. */
const routeOf = (product: ProductRow, pref: SupplyPreference): string | undefined => pref.route ?? product.routes.find((r) => r !== 'mto');

/** Where the goods come from, given what the catalog holds for the route: the one place that decides it. */
function supplyFrom(
  product: ProductRow, warehouseId: string, pref: SupplyPreference, route: string | undefined, wh: WarehouseSettingsRow, infoRows: SupplierInfoRow[], bom: BomRow | undefined,
): SupplyResult {
  if (!route) return { ok: false, reason: `product ${product.id} has no supply route: add buy, manufacture or resupply:<warehouseId> to its routes with PUT /products/${product.id}` };
  const uom = uomOf(product.stockUom);
  const base = { warehouseId, timeZone: wh.timeZone, uom };

  if (route === 'buy') {
    // No quantity yet: the preferred vendor, else the first by sequence (decision domain-008).
    const info = onlyCandidate(infoRows, pref.vendorId) ?? selectSupplier(asSupplierInfos(infoRows), { preferredVendorId: pref.vendorId ?? null })?.supplier;
    if (!info) {
      return pref.vendorId
        ? { ok: false, field: 'vendorId', reason: `vendor ${pref.vendorId} does not supply product ${product.id}: add it with POST /products/${product.id}/suppliers` }
        : { ok: false, reason: `product ${product.id} has no supplier: add one with POST /products/${product.id}/suppliers` };
    }
    return { ok: true, supply: buySupply(base, wh, info) };
  }
  if (route === 'manufacture') {
    if (!bom || bom.productId !== product.id) {
      return pref.bomId
        ? { ok: false, field: 'bomId', reason: `BOM ${pref.bomId} does not make product ${product.id}` }
        : { ok: false, reason: `product ${product.id} has no BOM: add one with POST /boms` };
    }
    const times: LeadTimes = { route: 'manufacture', productionDelayDays: bom.productionDelayDays, manufacturingSecurityLeadDays: wh.manufacturingSecurityLeadDays, daysToPrepare: wh.daysToPrepare };
    const key: TopUpKey = { type: draftTypeForRoute('manufacture'), sourceId: bom.id, destinationWarehouseId: warehouseId };
    return {
      ok: true,
      supply: { ...base, route: 'manufacture', key, keyString: topUpKeyString(key), bomId: bom.id, leadDays: leadDays(times), securityLeadDays: wh.manufacturingSecurityLeadDays, productionDelayDays: bom.productionDelayDays },
    };
  }
  if (route.startsWith('resupply:')) {
    const source = route.slice('resupply:'.length);
    if (!source || source === warehouseId) return { ok: false, ...(pref.route ? { field: 'route' as const } : {}), reason: `route ${route} cannot resupply warehouse ${warehouseId} from itself` };
    const key: TopUpKey = { type: draftTypeForRoute('resupply'), sourceId: source, destinationWarehouseId: warehouseId };
    return {
      ok: true,
      supply: { ...base, route: 'resupply', key, keyString: topUpKeyString(key), sourceWarehouseId: source, leadDays: leadDays({ route: 'resupply', transferDelayDays: wh.transferLeadDays }), securityLeadDays: 0 },
    };
  }
  return { ok: false, ...(pref.route ? { field: 'route' as const } : {}), reason: `unknown route ${route}` };
}

/**
 * Bought supplies by unit and terms: the rules buying from one vendor into one warehouse share one frozen Supply
 * instead of building it (and its key string) per rule, across chunks and transactions. The terms are every input
 * of the Supply (the warehouse, its zone and the settings that make the lead days, the vendor and its lead time), so
 * a changed setting finds another entry, never a stale one. Each transaction's snapshot has its own settings rows:
 * keyed by the row, the memo started empty at every sweep chunk, and half of a chunk's rules built their Supply
 * (bench:sweep, 50 vendors x 5 lead times x 2 warehouses).
 */
const buySupplies = new WeakMap<Uom, Map<string, Supply>>();
/** A catalog has a few thousand vendor terms; the bound only keeps a stream of odd ones from growing it forever. */
const BUY_SUPPLIES_MAX = 10_000;

function buySupply(base: { warehouseId: string; timeZone: string; uom: Uom }, wh: WarehouseSettingsRow, info: { vendorId: string; leadTimeDays: number }): Supply {
  let byTerms = buySupplies.get(base.uom);
  if (!byTerms) buySupplies.set(base.uom, (byTerms = new Map()));
  const terms = `${base.warehouseId}|${base.timeZone}|${wh.purchaseSecurityLeadDays}|${wh.daysToPurchase}|${info.leadTimeDays}|${info.vendorId}`;
  let supply = byTerms.get(terms);
  if (!supply) {
    const times: LeadTimes = { route: 'buy', vendorLeadDays: info.leadTimeDays, purchaseSecurityLeadDays: wh.purchaseSecurityLeadDays, daysToPurchase: wh.daysToPurchase };
    const key: TopUpKey = { type: draftTypeForRoute('buy'), sourceId: info.vendorId, destinationWarehouseId: base.warehouseId };
    supply = Object.freeze({ ...base, route: 'buy', key, keyString: topUpKeyString(key), vendorId: info.vendorId, leadDays: leadDays(times), securityLeadDays: wh.purchaseSecurityLeadDays, vendorLeadDays: info.leadTimeDays });
    if (byTerms.size >= BUY_SUPPLIES_MAX) byTerms.clear();
    byTerms.set(terms, supply);
  }
  return supply;
}
