import { randomUUID } from 'node:crypto';
import { ResponseValidator, documentProblems, loadOpenApi, requiredQueryParametersTheServiceDoesWithout, undeclaredQueryParametersTheServiceTakes } from '../../../tools/test-infra/src/openapi.js';
import { http } from './helpers.js';
import { learnWarehouse, startPlanning, type PlanningUnderTest } from './planning-app.js';

// The OpenAPI document at /docs-json is complete, and what the service answers is what it documents.
const run = randomUUID().slice(0, 8);
const WH = `WH-DOC-${run}`;
const VENDOR = `V-DOC-${run}`;
const BOUGHT = `P-BUY-${run}`;
const MADE = `P-MAKE-${run}`;
const PART = `P-PART-${run}`;
const UNITS = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
let planning: PlanningUnderTest;
let validator: ResponseValidator;

/** The parts of the answers this file reads. */
interface Answer {
  id: string;
  draftOrderId: string;
  lines: { lineId: string }[];
  items: { ruleId: string }[];
  results: { status: string }[];
  errors: { field: string }[];
}

/** Calls the service and checks the answer against the document's schema for that operation and status. */
async function call(method: string, template: string, path: string, body?: unknown) {
  const res = await http<Answer>(planning.base, method, path, body);
  expect(validator.problems(method, template, res.status, res.body)).toEqual([]);
  return res;
}

const product = (id: string, routes: string[]) => ({ id, sku: `SKU-${id}`, name: `Product ${id}`, stockUom: UNITS, routes });

beforeAll(async () => {
  planning = await startPlanning('planning_openapi');
  validator = new ResponseValidator(await loadOpenApi(planning.base));
}, 180_000);

afterAll(async () => {
  await planning?.close();
});

describe('the OpenAPI document of planning', () => {
  it('describes every operation: summary, request and response schemas, examples, optional parameters optional', async () => {
    const doc = await loadOpenApi(planning.base);
    expect(documentProblems(doc)).toEqual([]);
    expect(await requiredQueryParametersTheServiceDoesWithout(planning.base, doc)).toEqual([]);
  });

  it('refuses a query parameter an operation does not declare, naming it, on every read', async () => {
    expect(await undeclaredQueryParametersTheServiceTakes(planning.base, await loadOpenApi(planning.base))).toEqual([]);
  });

  it('matches what the service answers for the catalog', async () => {
    expect((await call('POST', '/products', 'products', product(BOUGHT, ['buy']))).status).toBe(201);
    expect((await call('POST', '/products', 'products', product(BOUGHT, ['buy']))).status).toBe(409);
    expect((await call('POST', '/products', 'products', product(PART, ['buy']))).status).toBe(201);
    expect((await call('POST', '/products', 'products', { ...product(MADE, ['manufacture']), purchaseUom: UNITS })).status).toBe(201);
    expect((await call('PUT', '/products/{id}', `products/${MADE}`, { ...product(MADE, ['manufacture']), takeFromStockFirst: true })).status).toBe(200);
    expect((await call('GET', '/products', 'products?limit=10')).status).toBe(200);
    expect((await call('GET', '/products/{id}', `products/${BOUGHT}`)).status).toBe(200);
    expect((await call('GET', '/products/{id}', 'products/NOPE')).status).toBe(404);
    expect((await call('POST', '/vendors', 'vendors', { id: VENDOR, name: 'Acme' })).status).toBe(201);
    expect((await call('PUT', '/vendors/{id}', `vendors/${VENDOR}`, { name: 'Acme Supplies' })).status).toBe(200);
    expect((await call('GET', '/vendors', 'vendors')).status).toBe(200);
    expect((await call('GET', '/vendors/{id}', `vendors/${VENDOR}`)).status).toBe(200);
    for (const p of [BOUGHT, PART]) {
      expect((await call('POST', '/products/{id}/suppliers', `products/${p}/suppliers`, { vendorId: VENDOR, leadTimeDays: 3, price: '2.50' })).status).toBe(201);
    }
    expect((await call('GET', '/products/{id}/suppliers', `products/${BOUGHT}/suppliers`)).status).toBe(200);
    const bom = { id: `BOM-${run}`, productId: MADE, outputQty: '1', productionDelayDays: 2, components: [{ productId: PART, quantity: '2' }] };
    expect((await call('POST', '/boms', 'boms', bom)).status).toBe(201);
    expect((await call('PUT', '/boms/{id}', `boms/${bom.id}`, { ...bom, outputQty: '2' })).status).toBe(200);
    expect((await call('GET', '/boms', `boms?productId=${MADE}`)).status).toBe(200);
    expect((await call('GET', '/boms/{id}', `boms/${bom.id}`)).status).toBe(200);
    const settings = await learnWarehouse(planning.producer, planning.base, WH, { purchaseSecurityLeadDays: 1 });
    expect(settings.status).toBe(200);
    expect(validator.problems('PUT', '/warehouses/{warehouseId}/settings', settings.status, settings.body)).toEqual([]);
    expect((await call('GET', '/warehouses/settings', 'warehouses/settings')).status).toBe(200);
    expect((await call('GET', '/warehouses/{warehouseId}/settings', `warehouses/${WH}/settings`)).status).toBe(200);
  });

  it('matches what the service answers for rules, drafts, the report, the MPS marks and exceptions', async () => {
    const rule = await call('POST', '/reordering-rules', 'reordering-rules', { productId: BOUGHT, warehouseId: WH, min: '10', max: '50' });
    expect(rule.status).toBe(201);
    expect((await call('GET', '/reordering-rules', `reordering-rules?warehouseId=${WH}`)).status).toBe(200);
    expect((await call('GET', '/reordering-rules/{id}', `reordering-rules/${rule.body.id}`)).status).toBe(200);
    expect((await call('PATCH', '/reordering-rules/{id}', `reordering-rules/${rule.body.id}`, { max: '60' })).status).toBe(200);
    const sweep = await call('POST', '/reordering-rules/sweep', 'reordering-rules/sweep?wait=true');
    expect(sweep.status).toBe(200);
    expect((await call('GET', '/reordering-rules/sweeps/{id}', `reordering-rules/sweeps/${sweep.body.id}`)).status).toBe(200);
    expect((await call('GET', '/reordering-rules/sweeps/{id}', `reordering-rules/sweeps/${randomUUID()}`)).status).toBe(404);
    expect((await call('GET', '/reordering-rules/sweeps', 'reordering-rules/sweeps?limit=5')).status).toBe(200);

    // The automatic rule ordered at once (nothing on hand): its draft, listed, read and explained.
    const drafts = await call('GET', '/draft-orders', `draft-orders?warehouseId=${WH}&state=draft`);
    expect(drafts.status).toBe(200);
    const [draft] = drafts.body as unknown as Answer[];
    expect(draft).toBeDefined();
    expect((await call('GET', '/draft-orders/{id}', `draft-orders/${draft!.draftOrderId}`)).status).toBe(200);
    const lineId = draft!.lines[0]!.lineId;
    expect((await call('GET', '/draft-orders/{id}/lines/{lineId}/explain', `draft-orders/${draft!.draftOrderId}/lines/${lineId}/explain`)).status).toBe(200);

    const manual = await call('POST', '/reordering-rules', 'reordering-rules', { productId: MADE, warehouseId: WH, min: '5', max: '20', trigger: 'manual', route: 'manufacture' });
    expect(manual.status).toBe(201);
    const report = await call('GET', '/replenishment-report', `replenishment-report?warehouseId=${WH}`);
    expect(report.body.items.map((i) => i.ruleId)).toEqual([manual.body.id]);
    expect((await call('GET', '/replenishment-report', 'replenishment-report?includeAll=true')).status).toBe(200);
    expect((await call('POST', '/replenishment-report/{ruleId}/order-once', `replenishment-report/${manual.body.id}/order-once`, { quantity: '6' })).status).toBe(200);
    const bulk = await call('POST', '/replenishment-report/order-once', 'replenishment-report/order-once', { items: [{ ruleId: manual.body.id, quantity: '2' }, { ruleId: randomUUID() }] });
    expect(bulk.body.results.map((r) => r.status)).toEqual(['ordered', 'refused']);
    expect((await call('POST', '/replenishment-report/{ruleId}/snooze', `replenishment-report/${manual.body.id}/snooze`, { until: '2026-12-31' })).status).toBe(200);
    expect((await call('POST', '/replenishment-report/{ruleId}/automate', `replenishment-report/${manual.body.id}/automate`)).status).toBe(200);

    expect((await call('PUT', '/mps-planning/{productId}/{warehouseId}', `mps-planning/${PART}/${WH}`)).status).toBe(204);
    expect((await call('GET', '/mps-planning', 'mps-planning')).status).toBe(200);
    expect((await call('DELETE', '/mps-planning/{productId}/{warehouseId}', `mps-planning/${PART}/${WH}`)).status).toBe(204);
    expect((await call('GET', '/exceptions', `exceptions?warehouseId=${WH}`)).status).toBe(200);
    const unsupplied = `P-NOSUP-${run}`;
    expect((await call('POST', '/products', 'products', product(unsupplied, ['buy']))).status).toBe(201);
    expect((await call('POST', '/reordering-rules', 'reordering-rules', { productId: unsupplied, warehouseId: WH, min: '1', max: '5' })).status).toBe(422);

    expect((await call('DELETE', '/reordering-rules/{id}', `reordering-rules/${rule.body.id}`)).status).toBe(204);
    expect((await call('DELETE', '/products/{id}/suppliers/{vendorId}', `products/${PART}/suppliers/${VENDOR}`)).status).toBe(204);
    expect((await call('DELETE', '/products/{id}', `products/${PART}`)).status).toBe(200);
  });

  it('refuses a snooze until a date that does not exist with a 400 naming until', async () => {
    const rule = await call('POST', '/reordering-rules', 'reordering-rules', { productId: BOUGHT, warehouseId: WH, min: '1', max: '5', trigger: 'manual' });
    expect(rule.status).toBe(201);
    const res = await call('POST', '/replenishment-report/{ruleId}/snooze', `replenishment-report/${rule.body.id}/snooze`, { until: '2026-02-30' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'until' })]);
  });
});

