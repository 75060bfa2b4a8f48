/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
// Decision planning-009: what planning's manufacturing drafts consume of their components is outgoing of each
// component at the draft's warehouse on the manufacturing start, in planning's own projection (rules and the
// report), in the published draft (`components`, for inventory), and, once the draft is confirmed, until inventory's
// position caused by that confirmation carries it. Planning runs against real PostgreSQL and Kafka, in a consumer
// group of its own that starts at the topics' ends; the test plays inventory by sending positions itself.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createEnvelope, salesOrderConfirmed, stockPositionChanged, type PayloadOf } from '@replenish/contracts';
import type { TestDatabase } from '@replenish/test-infra';
import { DataSource } from 'typeorm';
import { CatalogRepository } from '../src/catalog/data-access/catalog.repository.js';
import { DraftOrderRepository } from '../src/draft-orders/data-access/draft-order.repository.js';
import { lineTermsOfDrafts } from '../src/draft-orders/data-access/line-terms-of-drafts.js';
import { DraftOrderService } from '../src/draft-orders/draft-order.service.js';
import { ProjectionRepository } from '../src/reordering-rules/data-access/projection.repository.js';
import { addDaysIso, EventProducer, http, query, todayUtc, waitFor } from './helpers.js';
import { learnWarehouse, startPlanning, type PlanningUnderTest } from './planning-app.js';

const run = randomUUID().slice(0, 8);
const WH = `WH-comp-${run}`;
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const KG = { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' };
const DELIVERY = addDaysIso(todayUtc(), 10);
/** Manufacturing start: delivery - manufacturing security 0 - production delay 2. */
const START = addDaysIso(DELIVERY, -2);
// Other runs' inventory services on the shared Kafka may publish positions of our products: ours must be the newest.
const SEQUENCE = 1_000_000_000;

let db: TestDatabase;
let app: INestApplication;
let base: string;
let group: string;
let producer: EventProducer;

let planning: PlanningUnderTest;

beforeAll(async () => {
  planning = await startPlanning('planning_components');
  ({ db, app, base, group, producer } = planning);
  expect((await learnWarehouse(producer, base, WH, { manufacturingSecurityLeadDays: 0, daysToPrepare: 0, purchaseSecurityLeadDays: 0, daysToPurchase: 0 })).status).toBe(200);
});

afterAll(async () => {
  await planning?.close();
});

const post = async (path: string, body: unknown): Promise<any> => {
  const r = await http(base, 'POST', path, body);
  expect([r.status, r.body]).toEqual([201, expect.anything()]);
  return r.body;
};

async function boughtProduct(id: string, vendorId: string, leadTimeDays: number, stockUom = UNIT): Promise<void> {
  await post('products', { id, sku: `SKU-${id}`, name: id, stockUom, routes: ['buy'] });
  await post(`products/${id}/suppliers`, { vendorId, leadTimeDays });
}

/** Planning handled (committed) this event: it is in planning's inbox for our consumer group. */
const handled = (eventId: string) =>
  waitFor(async () => (await query(db.databaseUrl, `SELECT 1 FROM planning.inbox WHERE event_id = $1 AND consumer_group = $2`, [eventId, group])).length > 0, { description: `event ${eventId} handled`, timeoutMs: 30000 });

/** Inventory's position of a product at WH, optionally caused by a planning event (its id). */
async function position(productId: string, sequence: number, p: Partial<PayloadOf<typeof stockPositionChanged>>, causedBy?: string): Promise<string> {
  const env = createEnvelope(stockPositionChanged, {
    productId, warehouseId: WH, uom: 'Units', onHand: '0', incoming: [], outgoing: [], sequence: SEQUENCE + sequence, asOf: new Date().toISOString(), ...p,
  }, { source: 'inventory-test', ...(causedBy ? { causedBy: { id: causedBy, correlationId: causedBy } } : {}) });
  await producer.sendRaw(stockPositionChanged.topic, env.key, JSON.stringify(env));
  await handled(env.id);
  return env.id;
}

const reportItem = async (ruleId: string): Promise<any> =>
  (await http<any>(base, 'GET', `replenishment-report?includeAll=true&warehouseId=${WH}`)).body.items.find((i: any) => i.ruleId === ruleId);

const openDraftOf = async (vendorId: string): Promise<any[]> =>
  (await http<any[]>(base, 'GET', `draft-orders?state=draft&vendorId=${vendorId}&warehouseId=${WH}`)).body;

describe('components of manufacturing drafts (decision planning-009)', () => {
  const vendor = `comp-vendor-${run}`;
  const made = `made-${run}`;
  const c = `c-${run}`; // 3 per 2 made: 7 -> 10.5, rounded up to 11 Units
  const k = `k-${run}`; // 0.1 kg per 2 made: 7 -> 0.35 kg
  const a = `a-${run}`; // 1 per 2 made: 7 -> 3.5 -> 4 Units; its rule is automatic
  let ruleC: string;
  let ruleK: string;
  let mo: any;

  it('an open manufacturing draft: its components consumption is outgoing at the manufacturing start, and is what the draft publishes', async () => {
    await post('vendors', { id: vendor, name: vendor });
    await boughtProduct(c, vendor, 3);
    await boughtProduct(k, vendor, 3, KG);
    await boughtProduct(a, vendor, 10); // lead days date today + 10: after the manufacturing start
    await post('products', { id: made, sku: `SKU-${made}`, name: made, stockUom: UNIT, routes: ['mto', 'manufacture'] });
    await post('boms', { id: `BOM-${made}`, productId: made, outputQty: '2', productionDelayDays: 2, components: [
      { productId: c, quantity: '3' }, { productId: k, quantity: '0.1' }, { productId: a, quantity: '1' },
    ] });
    // manual just-in-time rules show planning's projection of c and k in the report; 30 days of visibility reach the start
    ruleC = (await post('reordering-rules', { productId: c, warehouseId: WH, min: '0', max: '0', trigger: 'manual', visibilityDays: 30 })).id;
    ruleK = (await post('reordering-rules', { productId: k, warehouseId: WH, min: '0', max: '0', trigger: 'manual', visibilityDays: 30 })).id;
    await post('reordering-rules', { productId: a, warehouseId: WH, min: '0', max: '0', trigger: 'automatic' });
    expect(await reportItem(ruleC)).toMatchObject({ forecast: '0', forecastWithVisibility: '0' });

    await producer.send(salesOrderConfirmed, {
      salesOrderId: `so-${run}`, orderRef: `REF-${run}`, confirmedAt: new Date().toISOString(),
      lines: [{ lineId: `sol-${run}`, lineRef: '1', productId: made, warehouseId: WH, quantity: '7', uom: 'Units', route: 'mto', deliveryDate: DELIVERY }],
    });
    mo = await waitFor(async () => (await http<any[]>(base, 'GET', `draft-orders?state=draft&type=manufacturing&warehouseId=${WH}`)).body.find((d: any) => d.bomId === `BOM-${made}`), { description: 'the MO draft', timeoutMs: 30000 });
    expect(mo).toMatchObject({ type: 'manufacturing', orderDate: START });

    // c: nothing before the start (lead days date today + 3), 11 out from it
    expect(await reportItem(ruleC)).toMatchObject({ forecast: '0', forecastWithVisibility: '-11', suggestedQuantity: '11' });
    expect(await reportItem(ruleK)).toMatchObject({ forecast: '0', forecastWithVisibility: '-0.35' });

    // a's automatic rule is re-evaluated as the MO draft is raised (RuleEvaluator.evaluateDependents): no position yet,
    // 0 on hand - 4 consumed on the start (inside its lead days) = -4 -> 4
    const ordered = await waitFor(async () => (await openDraftOf(vendor))[0], { description: "a's purchase draft", timeoutMs: 30000 });
    expect(ordered.lines.map((l: any) => [l.productId, l.quantity])).toEqual([[a, '4']]);
    // a's next position: 1 on hand - 4 + 4 on order = 1: nothing more
    await position(a, 1, { onHand: '1' });
    const drafts = await openDraftOf(vendor);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].lines.map((l: any) => [l.productId, l.quantity])).toEqual([[a, '4']]);

    // what the draft publishes: the same consumption, per component, in its stock UoM
    const tx = app.get(DataSource).manager;
    const loaded = await app.get(DraftOrderRepository).byId(tx, mo.draftOrderId);
    const [terms] = await lineTermsOfDrafts(tx, app.get(CatalogRepository), [loaded!]);
    const payload = app.get(DraftOrderService).payload(loaded!.header, loaded!.draft, loaded!.lineIds, true, terms);
    expect(payload.lines.map((l) => [l.productId, l.components])).toEqual([[made, [
      { productId: c, quantity: '11', uom: 'Units' }, { productId: k, quantity: '0.35', uom: 'kg' }, { productId: a, quantity: '4', uom: 'Units' },
    ]]]);
  });

  it('a confirmed manufacturing draft: its consumption keeps counting until the position inventory publishes for the confirmation carries it, then counts once', async () => {
    expect(mo).toBeDefined();
    // Confirmed as the supply-events consumer does on manufacturing-order.confirmed (that path, and inventory planning
    // the consumption, are the e2e test's), under an event id of our own: no other run's inventory on the shared
    // Kafka ever sees it, so only the positions this test sends settle anything.
    const confirmedEventId = randomUUID();
    await query(db.databaseUrl, `UPDATE planning.draft_orders SET state = 'confirmed', version = version + 1, confirmed_at = now(), confirmed_event_id = $2 WHERE id = $1`, [mo.draftOrderId, confirmedEventId]);
    await query(db.databaseUrl, `UPDATE planning.draft_lines SET awaiting_position = true WHERE draft_id = $1`, [mo.draftOrderId]);

    // confirmed, inventory has not planned the consumption yet: planning still counts it
    expect(await reportItem(ruleC)).toMatchObject({ forecastWithVisibility: '-11' });
    // a position of c that is not the confirmation's changes nothing to that
    await position(c, 1, { onHand: '2' });
    expect(await reportItem(ruleC)).toMatchObject({ forecastWithVisibility: '-9' });

    // the settlement itself (what the stock-position consumer calls with the positions' causation ids)
    const projection = app.get(ProjectionRepository);
    const tx = app.get(DataSource).manager;
    expect((await projection.inputs(tx, k, WH)).componentDemand).toEqual([{ date: START, quantity: '0.35' }]);
    await projection.applyPositions(tx, [], [{ confirmedEventId, productId: k, warehouseId: WH }, { confirmedEventId: randomUUID(), productId: c, warehouseId: WH }]);
    expect((await projection.inputs(tx, k, WH)).componentDemand).toEqual([]);
    expect((await projection.inputs(tx, c, WH)).componentDemand).toEqual([{ date: START, quantity: '11' }]); // another event settles nothing

    // inventory's positions caused by the confirmation carry the consumption: planning stops counting its own
    await position(c, 2, { onHand: '2', outgoing: [{ date: START, quantity: '11' }] }, confirmedEventId);
    expect(await reportItem(ruleC)).toMatchObject({ forecastWithVisibility: '-9' });
    // a: 1 on hand - 4 (once) + 4 on its draft = 1: its automatic rule orders nothing more
    await position(a, 2, { onHand: '1', outgoing: [{ date: START, quantity: '4' }] }, confirmedEventId);
    const drafts = await openDraftOf(vendor);
    expect(drafts.map((d) => d.lines.map((l: any) => [l.productId, l.quantity]))).toEqual([[[a, '4']]]);
    // the made product's line stops counting only with its own position
    expect((await query(db.databaseUrl, `SELECT awaiting_position FROM planning.draft_lines WHERE draft_id = $1`, [mo.draftOrderId]))[0].awaiting_position).toBe(true);
  });
});
