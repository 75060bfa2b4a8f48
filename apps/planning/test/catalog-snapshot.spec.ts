// The catalog snapshot of a transaction (CatalogRepository.preload, decision planning-007): a consumer batch reads
// the catalog of its products and warehouses once, and `product`, `supplierInfos`, `boms`, `bom` and `warehouse`
// answer from that read for the rest of the transaction. A second preload in the same transaction ADDS what the
// first did not read; it used to replace the snapshot, so a second preload of [] (or of other products) emptied it
// and every later lookup went back to the database (N+1 reads per batch).
//
// Observable on a real database: after the preload, the test changes the rows through the same transaction with
// plain SQL; what the snapshot holds still answers the values read at the preload, anything else answers the
// database. Real PostgreSQL, a database of its own migrated with planning's migrations; no Kafka, no Nest app.
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@replenish/test-infra';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogRepository, type ProductRow } from '../src/catalog/data-access/catalog.repository.js';
import { planningService } from '../src/service.js';

const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const run = randomUUID().slice(0, 8);
const VENDOR = `vendor-${run}`;
const A = `A-${run}`; // preloaded first
const B = `B-${run}`; // preloaded second
const C = `C-${run}`; // never preloaded
const WH = `WH-A-${run}`;
const WH_B = `WH-B-${run}`;
const WH_C = `WH-C-${run}`;

let db: TestDatabase;
let ds: DataSource;
const catalog = new CatalogRepository();

const product = (id: string): Omit<ProductRow, 'version'> => ({
  id, sku: `SKU-${id}`, name: `name of ${id}`, stockUom: UNIT, purchaseUom: null, routes: ['buy'], takeFromStockFirst: false, active: true,
});

beforeAll(async () => {
  db = await createTestDatabase({ prefix: 'planning_catalog_snapshot' });
  ds = new DataSource({
    type: 'postgres',
    url: db.databaseUrl,
    schema: planningService.schema,
    migrations: planningService.migrations,
    migrationsTableName: `${planningService.schema}_migrations`,
    extra: { max: 2 },
  });
  await ds.initialize();
  await ds.query(`CREATE SCHEMA IF NOT EXISTS planning`); // the migrations table lives in it
  await ds.runMigrations();

  const m = ds.manager;
  await catalog.upsertVendor(m, { id: VENDOR, name: VENDOR, active: true });
  for (const id of [A, B, C]) {
    await catalog.insertProduct(m, product(id));
    await catalog.upsertSupplierInfo(m, { id: randomUUID(), productId: id, vendorId: VENDOR, leadTimeDays: 3, minQty: '5', price: '10', sequence: 10 });
    await catalog.upsertBom(m, { id: `BOM-${id}`, productId: id, outputQty: '1', productionDelayDays: 2, components: [], type: 'normal', byProducts: [] });
  }
  for (const wh of [WH, WH_B, WH_C]) {
    await catalog.learnWarehouse(m, { warehouseId: wh, name: wh, timeZone: 'UTC' });
    await catalog.updateWarehouseSettings(m, { warehouseId: wh, purchaseSecurityLeadDays: 1, manufacturingSecurityLeadDays: 0, daysToPurchase: 0, daysToPrepare: 0, transferLeadDays: 0 });
  }
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

/** Runs `fn` in one transaction, then rolls it back: every test starts from the seeded catalog. */
async function inTransaction(fn: (tx: EntityManager) => Promise<void>): Promise<void> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    await fn(qr.manager);
  } finally {
    await qr.rollbackTransaction();
    await qr.release();
  }
}

/** Changes a product's catalog rows in the database, through `tx` (so `tx` itself would read the new values). */
async function changeInDatabase(tx: EntityManager, productId: string): Promise<void> {
  await tx.query(`UPDATE planning.products SET name = 'changed' WHERE id = $1`, [productId]);
  await tx.query(`UPDATE planning.supplier_infos SET min_qty = 99, lead_time_days = 30 WHERE product_id = $1`, [productId]);
  await tx.query(`UPDATE planning.boms SET production_delay_days = 20 WHERE product_id = $1`, [productId]);
}

const changeWarehouseInDatabase = (tx: EntityManager, warehouseId: string) =>
  tx.query(`UPDATE planning.warehouse_settings SET purchase_security_lead_days = 7 WHERE warehouse_id = $1`, [warehouseId]);

/** What the repository answers about a product and a warehouse in `tx`. */
async function seen(tx: EntityManager, productId: string, warehouseId: string) {
  return {
    name: (await catalog.product(tx, productId))?.name,
    supplier: (await catalog.supplierInfos(tx, productId)).map((s) => [s.minQty, s.leadTimeDays]),
    bomsDelay: (await catalog.boms(tx, productId)).map((b) => b.productionDelayDays),
    bomDelay: (await catalog.bom(tx, `BOM-${productId}`))?.productionDelayDays,
    whLead: (await catalog.warehouse(tx, warehouseId))?.purchaseSecurityLeadDays,
  };
}

const AS_PRELOADED = (id: string) => ({ name: `name of ${id}`, supplier: [['5', 3]], bomsDelay: [2], bomDelay: 2, whLead: 1 });
const AS_CHANGED = { name: 'changed', supplier: [['99', 30]], bomsDelay: [20], bomDelay: 20, whLead: 7 };

describe('catalog snapshot of a transaction (CatalogRepository.preload)', () => {
  it('the database rows are as seeded, and a transaction without a preload reads its own changes', async () => {
    await inTransaction(async (tx) => {
      expect(await seen(tx, A, WH)).toEqual(AS_PRELOADED(A));
      await changeInDatabase(tx, A);
      await changeWarehouseInDatabase(tx, WH);
      expect(await seen(tx, A, WH)).toEqual(AS_CHANGED);
    });
  });

  it('a second preload of nothing keeps what the first read: the first preload\'s products and warehouses still answer from the snapshot', async () => {
    await inTransaction(async (tx) => {
      await catalog.preload(tx, [A], [WH]);
      await catalog.preload(tx, [], []);
      for (const id of [A, C]) await changeInDatabase(tx, id);
      for (const wh of [WH, WH_C]) await changeWarehouseInDatabase(tx, wh);

      // read once per batch: A and WH as they were at the first preload
      expect(await seen(tx, A, WH)).toEqual(AS_PRELOADED(A));
      // never preloaded: read from the database (this transaction's changes)
      expect(await seen(tx, C, WH_C)).toEqual(AS_CHANGED);
    });
  });

  it.each([
    ['of other products', [B], [WH_B]],
    ['that names the first products again', [A, B], [WH, WH_B]],
  ])('a second preload %s adds what the first did not read and keeps the first (not read again)', async (_, products, warehouses) => {
    await inTransaction(async (tx) => {
      await catalog.preload(tx, [A], [WH]);
      // A and WH change between the preloads: a second preload that read them again would see the change
      await changeInDatabase(tx, A);
      await changeWarehouseInDatabase(tx, WH);
      await catalog.preload(tx, products, warehouses);
      for (const id of [B, C]) await changeInDatabase(tx, id);
      for (const wh of [WH_B, WH_C]) await changeWarehouseInDatabase(tx, wh);

      expect(await seen(tx, A, WH)).toEqual(AS_PRELOADED(A)); // as read by the first preload
      expect(await seen(tx, B, WH_B)).toEqual(AS_PRELOADED(B)); // as read by the second preload
      expect(await seen(tx, C, WH_C)).toEqual(AS_CHANGED); // never preloaded: the database
    });
  });

  it('the snapshot belongs to its transaction: another transaction reads the database', async () => {
    await inTransaction(async (tx) => {
      await catalog.preload(tx, [A], [WH]);
      await inTransaction(async (other) => {
        await changeInDatabase(other, A);
        await changeWarehouseInDatabase(other, WH);
        expect(await seen(other, A, WH)).toEqual(AS_CHANGED);
      });
      expect(await seen(tx, A, WH)).toEqual(AS_PRELOADED(A));
    });
  });

  it('the units of preloaded products answer from the snapshot; others from the database', async () => {
    const BOX = { code: 'Box', category: 'unit', factor: '12', rounding: '1' };
    await inTransaction(async (tx) => {
      await catalog.preload(tx, [A], [WH]);
      await tx.query(`UPDATE planning.products SET purchase_uom = $2 WHERE id = ANY($1::text[])`, [[A, C], JSON.stringify(BOX)]);
      const uoms = await catalog.productUoms(tx, [A, C]);
      expect(uoms.get(A)?.purchaseUom).toBeNull(); // as preloaded
      expect(uoms.get(C)?.purchaseUom).toEqual(BOX); // read now
    });
  });

  it('supplier infos of one sequence come cheapest first, prices compared as numbers, preloaded or not', async () => {
    await inTransaction(async (tx) => {
      const other = `other-${run}`;
      await catalog.upsertVendor(tx, { id: other, name: other, active: true });
      await catalog.upsertSupplierInfo(tx, { id: randomUUID(), productId: B, vendorId: other, leadTimeDays: 3, minQty: '5', price: '9', sequence: 10 });
      const vendors = async () => (await catalog.supplierInfos(tx, B)).map((i) => [i.vendorId, i.price]);
      const expected = [[other, '9'], [VENDOR, '10']]; // as text, '10' < '9'
      expect(await vendors()).toEqual(expected);
      await catalog.preload(tx, [B], []);
      expect(await vendors()).toEqual(expected);
    });
  });
});
