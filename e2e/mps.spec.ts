/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON bodies loosely */
// The master production schedule end to end (issue 14): sales-orders, inventory and planning as separate processes
// over real Kafka and PostgreSQL. A forecasting system's event and a sales order (confirmed on sales-orders, its events
// through planning and inventory) change the grid; replenishing publishes drafts of origin MPS on planning.draft-orders.
import { demandForecastChanged, topics } from '@replenish/contracts';
import { httpJson, produceEvent, waitFor } from './support/index.js';
import { PlanningStack, addDays, todayUtc } from './support/planning-stack.js';
import { readEvents } from '../apps/planning/test/kafka.js';

let s: PlanningStack;

beforeAll(async () => {
  s = await PlanningStack.start({ markAlso: [topics.demandForecasts] });
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

const today = todayUtc();
const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
const week = (n: number) => addDays(monday, 7 * n);

it('a forecast event and a sales order change the grid; replenishing gives draft events of origin MPS', async () => {
  const wh = await s.warehouse('MPS', { purchaseSecurityLeadDays: 0, daysToPurchase: 0 });
  const v = await s.vendor('MPS');
  const p = await s.product('MPS', { routes: ['buy'], vendorId: v, leadTimeDays: 2 });
  expect((await s.P('PUT', `/mps/warehouses/${wh}/settings`, { period: 'week', columns: 4 })).status).toBe(200);
  expect((await s.P('PUT', `/mps/${p}/${wh}`, { inSchedule: true, safetyTarget: '5' })).status).toBe(200);
  const row = async (): Promise<any> => (await s.P('GET', `/mps?warehouseId=${wh}&productId=${p}`)).body.rows?.[0];

  await produceEvent(demandForecastChanged, { productId: p, warehouseId: wh, forecastRef: 'e2e', periods: [{ date: week(0), quantity: '20' }, { date: addDays(week(1), 2), quantity: '30' }] });
  await waitFor(async () => (await row())?.forecast[1] === '30', { description: 'the forecast event reaches the grid', timeoutMs: 2 * s.waitMs });

  // 45 sold for week 2: more than its forecast, so the demand of week 2 is 45. Ordered over this stack's REST, not
  // upstream.orders: every sales-orders running on the broker (another test file's, another run's) takes each upstream
  // order, learns its product and warehouse from the shared topics, and confirms its own copy, whose sales line this
  // planning counted too (actual demand 90, the wait below timed out whenever another stack ran at the same time).
  const orderRef = `SO-MPS-${s.run}`;
  const line = { lineRef: '1', productId: p, warehouseId: wh, quantity: '45', uom: 'Units', route: 'stock', requestedDate: addDays(week(1), 1) };
  expect((await httpJson(s.sales.url, 'POST', '/sales-orders', { orderRef, customerId: 'C-E2E', lines: [line] })).status).toBe(201);
  expect((await httpJson(s.sales.url, 'POST', `/sales-orders/by-ref/${orderRef}/confirm`)).status).toBe(200);
  const r = await waitFor(async () => {
    const x = await row();
    return x?.actualDemand[1] === '45' ? x : undefined;
  }, { description: 'the sales order reaches the grid', timeoutMs: 2 * s.waitMs });
  // starting 0: week 1 misses 5 + 20 = 25; week 2: 5 - 45 = -40, misses 45
  expect(r).toMatchObject({ forecast: ['20', '30', '0', '0'], demand: ['20', '45', '0', '0'], suggested: ['25', '45', '0', '0'], forecastedStock: ['5', '5', '5', '5'] });

  const replenished = await s.P('POST', '/mps/replenish', { warehouseId: wh, productIds: [p] });
  expect(replenished.status).toBe(200);
  expect(replenished.body.items.map((i: any) => [i.periodStart, i.quantity])).toEqual([[week(0), '25'], [week(1), '45']]);
  const ids = replenished.body.items.map((i: any) => i.draftOrderId);
  const events = await readEvents(s.brokers, s.marks, topics.draftOrders, (e) => ids.includes(e.envelope?.payload?.draftOrderId), { count: 2, timeoutMs: s.waitMs });
  expect(events.map((e) => [e.envelope.type, e.envelope.payload.vendorId, e.envelope.payload.lines[0].origins[0].kind, e.envelope.payload.lines[0].quantity]).sort())
    .toEqual([['draft-order.raised', v, 'mps', '25'], ['draft-order.raised', v, 'mps', '45']]);
  await waitFor(async () => (await row())?.toReplenish.every((q: string) => q === '0'), { description: 'the drafts count as already ordered', timeoutMs: s.waitMs })
    .catch(async (e: Error) => { throw new Error(`${e.message}; the row: ${JSON.stringify(await row())}`); });
}, 300_000);
