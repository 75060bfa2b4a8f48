import type { EntityManager } from 'typeorm';
import type { BomRow, CatalogRepository, CatalogSnapshot, ProductRow, SupplierInfoRow, WarehouseSettingsRow } from './data-access/catalog.repository.js';
import { SupplyResolver, type SupplyPreference } from './supply-resolver.js';

const units = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const product = (id: string, routes: string[]): ProductRow => ({ id, sku: id, name: id, stockUom: units, purchaseUom: null, routes, takeFromStockFirst: false, active: true, version: 1 });
const info = (productId: string, vendorId: string, sequence: number, price: string, leadTimeDays: number): SupplierInfoRow =>
  ({ id: `${productId}-${vendorId}-${sequence}`, productId, vendorId, leadTimeDays, minQty: '0', price, sequence });
const warehouse: WarehouseSettingsRow = {
  warehouseId: 'W1', name: 'W1', timeZone: 'Europe/Paris', purchaseSecurityLeadDays: 1, manufacturingSecurityLeadDays: 2, daysToPurchase: 3, daysToPrepare: 1, transferLeadDays: 2,
};
const bom: BomRow = { id: 'B1', productId: 'MADE', outputQty: '1', productionDelayDays: 4, components: [{ productId: 'ONE', quantity: '2' }], type: 'normal', byProducts: [] };

const products = [
  product('NONE', ['mto']),
  product('ONE', ['buy']),
  // Infos as the snapshot orders them (sequence, price, vendor): two of one vendor, a price break.
  product('MANY', ['buy']),
  product('NOINFO', ['buy']),
  product('MADE', ['manufacture']),
  product('NOBOM', ['manufacture']),
  product('MOVED', ['resupply:W2']),
  product('SELF', ['resupply:W1']),
  product('ODD', ['teleport']),
];
const infos = new Map<string, SupplierInfoRow[]>([
  ['ONE', [info('ONE', 'V1', 1, '5', 3)]],
  ['MANY', [info('MANY', 'V2', 1, '9', 2), info('MANY', 'V1', 1, '10', 4), info('MANY', 'V2', 2, '7', 5)]],
]);
const snapshot: CatalogSnapshot = {
  productIds: new Set(products.map((p) => p.id)),
  warehouseIds: new Set(['W1', 'W3']),
  products: new Map(products.map((p) => [p.id, p])),
  infos,
  boms: new Map([['MADE', [bom]]]),
  bomsById: new Map([['B1', bom]]),
  warehouses: new Map([['W1', warehouse]]), // W3: known to the snapshot, without settings (the defaults)
};

/** The repository's answers from one snapshot, with and without a promise (a pure double: no database). */
const repo = {
  preloaded: () => snapshot,
  warehouse: async (_tx: EntityManager, id: string) => snapshot.warehouses.get(id),
  supplierInfos: async (_tx: EntityManager, id: string) => snapshot.infos.get(id) ?? [],
  bom: async (_tx: EntityManager, id: string) => snapshot.bomsById.get(id),
  boms: async (_tx: EntityManager, id: string) => snapshot.boms.get(id) ?? [],
} as unknown as CatalogRepository;
const tx = {} as EntityManager;

describe('SupplyResolver.resolvePreloaded', () => {
  const resolver = new SupplyResolver(repo);
  const prefs: SupplyPreference[] = [{}, { vendorId: 'V1' }, { vendorId: 'V2' }, { vendorId: 'V9' }, { route: 'buy' }, { route: 'manufacture', bomId: 'B1' }, { route: 'resupply:W1' }, { route: 'nowhere' }];

  it('answers what resolve answers, for every route, preference and warehouse, without a promise', async () => {
    let compared = 0;
    for (const p of products) {
      for (const warehouseId of ['W1', 'W3']) {
        for (const pref of prefs) {
          const now = resolver.resolvePreloaded(tx, p.id, warehouseId, pref);
          if (now === undefined) continue; // a manufactured product whose BOM the snapshot lacks: resolve reads it
          expect(now).toEqual(await resolver.resolve(tx, p, warehouseId, pref));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(120);
  });

  it('chooses among several infos as selectSupplier does, and takes the one info there is whatever its terms', () => {
    const many = resolver.resolvePreloaded(tx, 'MANY', 'W1');
    // The first by sequence is V2's; V2's cheaper line (a later sequence) wins among its own lines (domain-008).
    expect(many).toMatchObject({ ok: true, supply: { vendorId: 'V2', vendorLeadDays: 5, leadDays: 5 + 1 + 3 } });
    expect(resolver.resolvePreloaded(tx, 'MANY', 'W1', { vendorId: 'V1' })).toMatchObject({ ok: true, supply: { vendorId: 'V1', vendorLeadDays: 4 } });
    expect(resolver.resolvePreloaded(tx, 'ONE', 'W1')).toMatchObject({ ok: true, supply: { vendorId: 'V1', leadDays: 3 + 1 + 3, timeZone: 'Europe/Paris' } });
    expect(resolver.resolvePreloaded(tx, 'ONE', 'W1', { vendorId: 'V9' })).toMatchObject({ ok: false, field: 'vendorId' });
  });

  it('leaves to resolve what the snapshot did not read', () => {
    expect(resolver.resolvePreloaded(tx, 'UNREAD', 'W1')).toBeUndefined();
    expect(resolver.resolvePreloaded(tx, 'ONE', 'W2')).toBeUndefined();
    expect(resolver.resolvePreloaded(tx, 'MADE', 'W1', { bomId: 'B9' })).toBeUndefined();
  });

  it('lists the draft keys an order may go to as candidateKeys does', async () => {
    for (const p of products) {
      for (const pref of prefs) {
        const resolved = resolver.resolvePreloaded(tx, p.id, 'W1', pref);
        if (!resolved?.ok) continue;
        expect(resolver.candidateKeysPreloaded(tx, p.id, resolved.supply, pref)).toEqual(await resolver.candidateKeys(tx, p.id, resolved.supply, pref));
      }
    }
    const many = resolver.resolvePreloaded(tx, 'MANY', 'W1');
    expect(many?.ok && resolver.candidateKeysPreloaded(tx, 'MANY', many.supply)).toEqual(['purchase|V2|W1', 'purchase|V2|W1', 'purchase|V1|W1', 'purchase|V2|W1']);
    expect(many?.ok && resolver.candidateKeysPreloaded(tx, 'UNREAD', many.supply)).toBeUndefined();
  });

  it('gives the rules of one vendor and warehouse one shared, frozen supply', () => {
    const a = resolver.resolvePreloaded(tx, 'ONE', 'W1');
    const b = resolver.resolvePreloaded(tx, 'MANY', 'W1', { vendorId: 'V1' });
    expect(a?.ok && b?.ok && a.supply.key).toEqual({ type: 'purchase', sourceId: 'V1', destinationWarehouseId: 'W1' });
    const again = resolver.resolvePreloaded(tx, 'ONE', 'W1');
    expect(again?.ok && a?.ok && again.supply === a.supply).toBe(true);
    expect(a?.ok && Object.isFrozen(a.supply)).toBe(true);
  });
});
