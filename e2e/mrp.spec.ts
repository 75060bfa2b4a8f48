/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON bodies loosely */
// MRP end to end (issue 13, decision planning-021): sales-orders, inventory and planning as separate processes over
// real Kafka and PostgreSQL. A sales order for a 3-level bike gives POS and WOS at every level pegged to its line; a
// receipt of a component changes only that component's suggestions; firming gives draft events; replaying planning's
// input topics from where this file started changes nothing.
import { Kafka, logLevel } from 'kafkajs';
import { topics } from '@replenish/contracts';
import { setGroupOffsets } from '@replenish/test-infra';
import { readEvents } from '../apps/planning/test/kafka.js';
import { httpJson, startServiceProcess, waitFor } from './support/index.js';
import { untilCaughtUp } from './support/offsets.js';
import { addDays, PlanningStack, todayUtc } from './support/planning-stack.js';

const LONG = 90_000;
/** Planning's input topics (what the replay replays). */
const PLANNING_INPUTS: string[] = [topics.salesOrderEvents, topics.stockPositions, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders];
let stack: PlanningStack;
let wh: string;
let bike: string, frame: string, wheel: string, tube: string;
let lineId: string;
const due = addDays(todayUtc(), 40);

const suggestionsOf = async (productId: string): Promise<any[]> => (await stack.P('GET', `/mrp/suggestions?productId=${productId}&warehouseId=${wh}`)).body.items;
/** What a plan shows of its suggestions, without when they were written. */
const planOf = async (productId: string) => (await suggestionsOf(productId)).map((s) => [s.suggestionId, s.kind, s.quantity, s.dueDate, s.startDate]);

beforeAll(async () => {
  stack = await PlanningStack.start({ markAlso: [topics.mrp], waitMs: LONG });
  wh = await stack.warehouse('MRP', { purchaseSecurityLeadDays: 1, daysToPurchase: 1 });
  const vendor = await stack.vendor('mrp');
  // At once: each waits until inventory and sales-orders know it, minutes at load 22 (one after the other, the four
  // waits took this hook past its 300 s).
  [bike, frame, wheel, tube] = await Promise.all([
    stack.product('bike', { routes: ['manufacture'] }),
    stack.product('frame', { routes: ['manufacture'] }),
    stack.product('wheel', { routes: ['buy'], vendorId: vendor }),
    stack.product('tube', { routes: ['buy'], vendorId: vendor }),
  ]);
  await stack.bom(bike, { outputQty: '1', productionDelayDays: 2, components: [{ productId: frame, quantity: '1' }, { productId: wheel, quantity: '2' }] });
  await stack.bom(frame, { outputQty: '1', productionDelayDays: 3, components: [{ productId: tube, quantity: '3' }] });
  const policy = `LFL-${stack.run}`;
  expect((await stack.P('POST', '/reorder-policies', { code: policy })).status).toBe(201);
  for (const p of [bike, frame, wheel, tube]) {
    expect((await stack.P('PUT', `/products/${p}/sites/${wh}/planning`, { planningMethod: 'mrp', reorderPolicyCode: policy })).status).toBe(200);
  }
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

it('a sales order for the bike gives a WOS for the bike and the frame and POS for the wheels and tubes, pegged to its line', async () => {
  // Over sales-orders' REST: on upstream.orders, the sales-orders of other sessions on this Kafka would make orders of it too.
  const orderRef = `SO-MRP-${stack.run}`;
  const created = await httpJson<any>(stack.sales.url, 'POST', '/sales-orders', {
    orderRef, lines: [{ lineRef: '1', productId: bike, warehouseId: wh, quantity: '5', uom: 'Units', route: 'stock', requestedDate: due }],
  });
  expect(created.status).toBe(201);
  lineId = created.body.lines[0].id;
  expect((await httpJson<any>(stack.sales.url, 'POST', `/sales-orders/by-ref/${orderRef}/confirm`)).status).toBe(200);
  // inventory plans the delivery, its position reaches planning, which plans every level down to the tubes
  await waitFor(async () => {
    const [pos] = await suggestionsOf(tube);
    if (!pos) return false;
    const tree = await stack.P('GET', `/mrp/suggestions/${encodeURIComponent(pos.suggestionId)}/pegging`);
    return JSON.stringify(tree.body).includes(`sales-order-line:${lineId}`);
  }, { description: 'the tubes pegged to the sales order line', timeoutMs: LONG });
  // Through the BOMs: a frame and two wheels a bike, three tubes a frame (5 bikes; more if other sessions' inventories
  // on this Kafka plan deliveries of the same order too).
  const [wos] = await suggestionsOf(bike);
  const q = Number(wos.quantity);
  expect(q % 5).toBe(0);
  const kinds = async (p: string) => (await suggestionsOf(p)).map((s) => [s.kind, Number(s.quantity)]);
  expect([await kinds(bike), await kinds(frame), await kinds(wheel), await kinds(tube)]).toEqual([[['WOS', q]], [['WOS', q]], [['POS', 2 * q]], [['POS', 3 * q]]]);
  const [wheelPos] = await suggestionsOf(wheel);
  const tree = await stack.P('GET', `/mrp/suggestions/${encodeURIComponent(wheelPos.suggestionId)}/pegging`);
  expect(JSON.stringify(tree.body)).toContain(`sales-order-line:${lineId}`);
  const [e] = await readEvents(stack.brokers, stack.marks, topics.mrp, (x) => x.envelope?.type === 'mrp-suggestions.changed' && x.key === `${bike}@${wh}`, { timeoutMs: LONG });
  expect(e!.envelope.payload.suggestions).toEqual([expect.objectContaining({ kind: 'WOS' })]);
}, 180_000);

it("a receipt of tubes changes only the tubes' suggestions", async () => {
  const before = await Promise.all([bike, frame, wheel].map(planOf));
  const [pos] = await suggestionsOf(tube);
  await stack.move('receipt', tube, wh, '6');
  const less = String(Number(pos.quantity) - 6);
  await waitFor(async () => (await suggestionsOf(tube))[0]?.quantity === less, { description: `the tube purchase down to ${less}`, timeoutMs: LONG });
  expect(await Promise.all([bike, frame, wheel].map(planOf))).toEqual(before);
}, 120_000);

it('firming the wheels gives a draft purchase order of MRP\'s own key, published as draft-order.raised', async () => {
  const [pos] = await suggestionsOf(wheel);
  const r = await stack.P('POST', '/mrp/suggestions/firm', { ids: [pos.suggestionId] });
  expect(r.status).toBe(200);
  const draftOrderId = r.body.firmed[0].draftOrderId;
  const [e] = await readEvents(stack.brokers, stack.marks, topics.draftOrders, (x) => x.envelope?.payload?.draftOrderId === draftOrderId, { timeoutMs: LONG });
  expect(e!.envelope.type).toBe('draft-order.raised');
  expect(e!.envelope.payload.topUpKey).toMatch(/\|mrp$/);
  expect(e!.envelope.payload.lines).toEqual([expect.objectContaining({ productId: wheel, quantity: pos.quantity, origins: [expect.objectContaining({ kind: 'mrp', ref: pos.suggestionId })] })]);
  await waitFor(async () => (await suggestionsOf(wheel)).length === 0, { description: 'the wheels planned again: the draft covers them', timeoutMs: LONG });
}, 120_000);

it('replaying planning\'s input topics from where this file started changes no suggestion and no draft', async () => {
  const snapshot = async () => ({
    plans: await Promise.all([bike, frame, wheel, tube].map(planOf)),
    drafts: (await stack.drafts({ warehouseId: wh })).map((d) => ({ id: d.draftOrderId, version: d.version, lines: d.lines.map((l: any) => [l.productId, l.quantity]) })),
  });
  const before = await snapshot();
  const group = `planning-${new URL(stack.planning.databaseUrl).pathname.slice(1)}`;
  const databaseUrl = stack.planning.databaseUrl;
  await stack.planning.stop();
  const admin = new Kafka({ clientId: `e2e-mrp-${stack.run}`, brokers: stack.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await waitFor(async () => (await admin.describeGroups([group])).groups[0]?.members.length === 0, { description: 'the planning group empty', timeoutMs: LONG });
    await setGroupOffsets(stack.brokers, group, new Map(PLANNING_INPUTS.map((t) => [t, stack.marks.get(t)!] as const)));
    const ends = new Map(await Promise.all(PLANNING_INPUTS.map(async (t) => [t, await admin.fetchTopicOffsets(t)] as const)));
    stack.planning = await startServiceProcess('planning', { env: { DATABASE_URL: databaseUrl, PLANNING_SWEEP_INTERVAL_HOURS: '0' } });
    await untilCaughtUp(stack.brokers, group, ends, { description: 'planning caught up with the replay', stallMs: LONG });
  } finally {
    await admin.disconnect();
  }
  expect(await snapshot()).toEqual(before);
}, 300_000);
