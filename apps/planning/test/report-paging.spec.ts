/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { addDaysIso, http, query, todayUtc } from './helpers.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';
import { learnWarehouse } from './planning-app.js';

// The replenishment report's filters, sort and keyset pages against a generated catalog: what the pages list, followed
// cursor by cursor, is what the catalog says each filter keeps, in the order asked.
const fixture = useFeatureFixture({ prefix: 'planning_report_pages', markedTopics: [] });
const { run, WH, VENDOR, product } = fixture;
const WH2 = `${WH}-b`;
const V2 = `beta-${run}`;
const N = 24;

interface Generated {
  ruleId: string;
  productId: string;
  warehouseId: string;
  route: 'buy' | 'resupply';
  vendorId: string | null;
  suggests: boolean;
  /** Snoozed while it suggests an order: out of the report (a snoozed rule suggesting nothing is listed with includeAll). */
  hidden: boolean;
}
const rules: Generated[] = [];
let A: string;

const pid = (i: number) => `r${run}-${String(i).padStart(2, '0')}`;
const byProduct = (a: Generated, b: Generated) => (a.productId === b.productId ? (a.warehouseId < b.warehouseId ? -1 : 1) : a.productId < b.productId ? -1 : 1);
const byWarehouse = (a: Generated, b: Generated) => (a.warehouseId === b.warehouseId ? (a.productId < b.productId ? -1 : 1) : a.warehouseId < b.warehouseId ? -1 : 1);

/** Every page of the report for `query`, cursor by cursor: the rule ids in the order listed, and each page's total. */
async function allPages(query: string): Promise<{ ids: string[]; totals: number[]; pages: number }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: any = await http(A, 'GET', `replenishment-report?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
    ids.push(...res.body.items.map((i: any) => i.ruleId));
    totals.push(res.body.total);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { ids, totals, pages };
}

beforeAll(async () => {
  A = fixture.A;
  expect((await learnWarehouse(fixture.producer, A, WH2)).status).toBe(200);
  expect((await http(A, 'POST', 'vendors', { id: V2, name: 'Beta' })).status).toBe(201);
  for (let i = 0; i < N; i++) {
    await product(pid(i)); // VENDOR, sequence 10
    // Odd products: V2 comes first (sequence 5), so it is the vendor of their rules that name none.
    if (i % 2) expect((await http(A, 'POST', `products/${pid(i)}/suppliers`, { vendorId: V2, leadTimeDays: 2, minQty: '1', price: '3', sequence: 5 })).status).toBe(201);
  }
  for (let i = 0; i < N; i++) {
    for (const [w, warehouseId] of [WH, WH2].entries()) {
      const resupply = w === 1 && i % 3 === 0;
      const ownVendor = w === 0 && i % 5 === 0 ? VENDOR : null;
      const suggests = (i + w) % 3 !== 0;
      const snoozed = w === 0 && i % 7 === 3;
      const body = {
        productId: pid(i), warehouseId, min: '0', max: suggests ? '10' : '0', trigger: 'manual',
        ...(resupply ? { route: `resupply:${WH}` } : {}), ...(ownVendor ? { vendorId: ownVendor } : {}),
        ...(snoozed ? { snoozedUntil: addDaysIso(todayUtc(), 5) } : {}),
      };
      const res = await http(A, 'POST', 'reordering-rules', body);
      expect(res.status).toBe(201);
      rules.push({
        ruleId: res.body.id, productId: pid(i), warehouseId, route: resupply ? 'resupply' : 'buy',
        vendorId: resupply ? null : (ownVendor ?? (i % 2 ? V2 : VENDOR)), suggests, hidden: snoozed && suggests,
      });
    }
  }
  // An automatic rule is never in the report.
  await product(`auto-${run}`);
  expect((await http(A, 'POST', 'reordering-rules', { productId: `auto-${run}`, warehouseId: WH, min: '0', max: '0' })).status).toBe(201);
}, 180_000);

describe('replenishment report: filters, sort and pages', () => {
  it('lists every rule once across pages, in product order by default, to order only unless includeAll', async () => {
    const visible = rules.filter((r) => !r.hidden).sort(byProduct);
    const all = await allPages('includeAll=true&limit=7');
    expect(all.ids).toEqual(visible.map((r) => r.ruleId));
    expect(new Set(all.totals)).toEqual(new Set([rules.length]));

    const toOrder = await allPages('limit=5');
    expect(toOrder.ids).toEqual(visible.filter((r) => r.suggests).map((r) => r.ruleId));
  });

  it('filters by warehouse, product, vendor and route, and counts what matches', async () => {
    const cases: [string, (r: Generated) => boolean][] = [
      [`warehouseId=${WH2}`, (r) => r.warehouseId === WH2],
      [`productId=${pid(4)}`, (r) => r.productId === pid(4)],
      [`vendorId=${V2}`, (r) => r.vendorId === V2],
      [`vendorId=${VENDOR}&warehouseId=${WH}`, (r) => r.vendorId === VENDOR && r.warehouseId === WH],
      ['route=resupply', (r) => r.route === 'resupply'],
      ['route=buy', (r) => r.route === 'buy'],
      ['route=manufacture', () => false],
    ];
    for (const [query, keep] of cases) {
      const matching = rules.filter(keep);
      const pages = await allPages(`${query}&includeAll=true&limit=4`);
      expect({ query, ids: pages.ids }).toEqual({ query, ids: matching.filter((r) => !r.hidden).sort(byProduct).map((r) => r.ruleId) });
      expect({ query, total: pages.totals[0] }).toEqual({ query, total: matching.length });
      const toOrder = await allPages(`${query}&limit=3`);
      expect({ query, ids: toOrder.ids }).toEqual({ query, ids: matching.filter((r) => !r.hidden && r.suggests).sort(byProduct).map((r) => r.ruleId) });
    }
  });

  it('sorts by warehouse then product, ascending or descending', async () => {
    const visible = rules.filter((r) => !r.hidden).sort(byWarehouse);
    expect((await allPages('includeAll=true&sort=warehouseId&limit=6')).ids).toEqual(visible.map((r) => r.ruleId));
    expect((await allPages('includeAll=true&sort=warehouseId&order=desc&limit=6')).ids).toEqual([...visible].reverse().map((r) => r.ruleId));
    expect((await allPages('includeAll=true&order=desc&limit=9')).ids).toEqual(rules.filter((r) => !r.hidden).sort(byProduct).reverse().map((r) => r.ruleId));
  });

  it('ends a page early when it has read its most rules without filling it, and goes on from there with the cursor', async () => {
    // 1,100 rules of another warehouse suggesting nothing, then one that suggests: written directly, as an import would.
    const WH3 = `${WH}-c`;
    const url = fixture.db.databaseUrl;
    const ids = Array.from({ length: 1101 }, (_, i) => `s${run}-${String(i).padStart(4, '0')}`);
    await query(url, `INSERT INTO planning.warehouse_settings (warehouse_id) VALUES ($1)`, [WH3]);
    await query(url, `INSERT INTO planning.products (id, sku, name, stock_uom, routes) SELECT id, id, id, $2::jsonb, '{buy}' FROM unnest($1::text[]) id`, [ids, JSON.stringify(UNIT)]);
    await query(url, `INSERT INTO planning.supplier_infos (id, product_id, vendor_id) SELECT gen_random_uuid(), id, $2 FROM unnest($1::text[]) id`, [ids, VENDOR]);
    await query(url, `INSERT INTO planning.reordering_rules (id, product_id, warehouse_id, min_qty, max_qty, trigger)
      SELECT gen_random_uuid(), id, $2, 0, CASE WHEN id = $3 THEN 10 ELSE 0 END, 'manual' FROM unnest($1::text[]) id`, [ids, WH3, ids.at(-1)]);
    const first: any = await http(A, 'GET', `replenishment-report?warehouseId=${WH3}`);
    expect(first.body).toMatchObject({ items: [], total: 1101, nextCursor: expect.any(String) });
    const pages = await allPages(`warehouseId=${WH3}`);
    expect(pages.ids).toHaveLength(1);
    expect(pages.pages).toBeGreaterThan(1);
    expect((await http(A, 'GET', `replenishment-report?productId=${ids.at(-1)}`)).body.items.map((i: any) => i.productId)).toEqual([ids.at(-1)]);
  });

  it('refuses a cursor it did not give, or one of another sort, with a 400 naming cursor', async () => {
    const first: any = await http(A, 'GET', 'replenishment-report?includeAll=true&limit=2');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const otherSort: any = await http(A, 'GET', `replenishment-report?includeAll=true&limit=2&sort=warehouseId&cursor=${first.body.nextCursor}`);
    expect(otherSort.status).toBe(400);
    expect(otherSort.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const garbage: any = await http(A, 'GET', 'replenishment-report?cursor=not-a-cursor');
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const tooMany: any = await http(A, 'GET', 'replenishment-report?limit=501');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });
});
