/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { demandForecastChanged, salesOrderConfirmed, stockPositionChanged } from '@replenish/contracts';
import { addDaysIso, http, todayUtc, waitFor } from './helpers.js';
import { readEvents } from './kafka.js';
import { UNIT, useFeatureFixture } from './feature-fixture.js';
import { learnWarehouse } from './planning-app.js';

// The master production schedule over REST and the events planning consumes (issue 14, decision planning-022).
// Grids computed by hand, as libs/domain/src/mps/mps.spec.ts computes them.
const fixture = useFeatureFixture({ prefix: 'planning_mps', markedTopics: ['planning.draft-orders', 'forecasting.demand-forecasts.dlq'] });
const { run, WH, product } = fixture;
let A: string;
beforeAll(() => {
  ({ A } = fixture);
});

const today = todayUtc();
/** The Monday of this week: the first column of a weekly schedule. */
const monday = addDaysIso(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
const week = (n: number) => addDaysIso(monday, 7 * n);
let sequence = 1;
const position = (productId: string, onHand: string, incoming: { date: string; quantity: string }[] = []) =>
  fixture.producer.send(stockPositionChanged, { productId, warehouseId: WH, uom: 'Units', onHand, incoming, outgoing: [], sequence: sequence++, asOf: new Date().toISOString() });
const row = async (productId: string, warehouseId = WH): Promise<any> =>
  (await http(A, 'GET', `mps?warehouseId=${warehouseId}&productId=${productId}`)).body.rows?.[0];
const forecast = (productId: string, quantities: (string | null)[]) =>
  http(A, 'PUT', `mps/${productId}/${WH}/forecast`, { periods: quantities.map((quantity, i) => ({ periodStart: week(i), quantity })) });
const manufactured = async (id: string, bom: { components: { productId: string; quantity: string }[]; productionDelayDays: number }) => {
  expect((await http(A, 'POST', 'products', { id, sku: `SKU-${id}`, name: `Product ${id}`, stockUom: UNIT, routes: ['manufacture'] })).status).toBe(201);
  expect((await http(A, 'POST', 'boms', { id: `BOM-${id}`, productId: id, outputQty: '1', ...bom })).status).toBe(201);
};

describe('the master production schedule', () => {
  beforeAll(async () => {
    expect((await http(A, 'PUT', `mps/warehouses/${WH}/settings`, { period: 'week', columns: 6 })).status).toBe(200);
  });

  it('computes one product over 6 weekly periods: forecast, actual demand, safety target, minimum and maximum, what is already ordered', async () => {
    const p = `MPS-P-${run}`;
    await product(p); // bought: vendor 3 days + purchase security 1 + 1 day to purchase = 5 lead days
    expect((await http(A, 'PUT', `mps/${p}/${WH}`, { inSchedule: true, safetyTarget: '20', minimum: '10', maximum: '40' })).body).toEqual({
      productId: p, warehouseId: WH, inSchedule: true, safetyTarget: '20', minimum: '10', maximum: '40',
    });
    expect((await forecast(p, ['30', '10', '40', '0', '70', '5'])).status).toBe(200);
    await position(p, '50', [{ date: addDaysIso(week(2), 1), quantity: '20' }]);
    await fixture.producer.send(salesOrderConfirmed, {
      salesOrderId: `SO-${run}`, orderRef: `REF-${run}`, confirmedAt: new Date().toISOString(),
      lines: [
        { lineId: `SOL-${run}-1`, lineRef: '1', productId: p, warehouseId: WH, quantity: '35', uom: 'Units', route: 'stock', deliveryDate: today },
        { lineId: `SOL-${run}-2`, lineRef: '2', productId: p, warehouseId: WH, quantity: '10', uom: 'Units', route: 'stock', deliveryDate: week(2) },
      ],
    });
    const r = await waitFor(async () => {
      const x = await row(p);
      return x?.startingStock[0] === '50' && x.actualDemand[2] === '10' ? x : undefined;
    }, { description: 'the position and the sales order reach the row', timeoutMs: 60_000 });
    expect(r).toMatchObject({
      leadDays: 5,
      forecast: ['30', '10', '40', '0', '70', '5'],
      actualDemand: ['35', '0', '10', '0', '0', '0'],
      demand: ['35', '10', '40', '0', '70', '5'],
      startingStock: ['50', '25', '25', '20', '20', '-10'],
      suggested: ['10', '10', '35', '0', '40', '35'],
      alreadyOrdered: ['0', '0', '20', '0', '0', '0'],
      toReplenish: ['10', '10', '15', '0', '40', '35'],
      forecastedStock: ['25', '25', '20', '20', '-10', '20'],
      orderDates: [0, 1, 2, 3, 4, 5].map((i) => addDaysIso(week(i), -5)),
    });
    const explained = (await http(A, 'GET', `mps?warehouseId=${WH}&productId=${p}&explain=true&from=${week(2)}&periods=1`)).body;
    expect(explained.periods).toEqual([week(2)]);
    expect(explained.rows[0].explanations[0]).toContain('25 - 40 - 0 = -15 against a safety target of 20: 35 missing, kept between minimum 10 and maximum 40: suggests 35');
  }, 120_000);

  it('keeps an override until reset', async () => {
    const p = `MPS-O-${run}`;
    await product(p);
    await http(A, 'PUT', `mps/${p}/${WH}`, { inSchedule: true, safetyTarget: '20', minimum: '10', maximum: '40' });
    await forecast(p, ['0', '10', '40']);
    // starting 0: week 1 misses 20 -> 20; week 2 overridden to 0: 20 - 10 = 10; week 3: 10 - 40 = -30, 50 missing, cut to 40 -> 10
    const overridden = await http(A, 'PUT', `mps/${p}/${WH}/override`, { periods: [{ periodStart: week(1), quantity: '0' }] });
    expect(overridden.status).toBe(200);
    expect(overridden.body).toMatchObject({ override: [null, '0', null, null, null, null], replenishment: ['20', '0', '40', '10', '0', '0'], forecastedStock: ['20', '10', '10', '20', '20', '20'] });
    await http(A, 'PUT', `mps/${p}/${WH}/forecast`, { periods: [{ periodStart: week(3), quantity: '0' }] }); // another change: the override stays
    expect((await row(p)).override).toEqual([null, '0', null, null, null, null]);
    expect((await http(A, 'DELETE', `mps/${p}/${WH}/override`)).status).toBe(204);
    expect(await row(p)).toMatchObject({ override: [null, null, null, null, null, null], replenishment: ['20', '10', '40', '0', '0', '0'] });
  });

  it("puts a parent's replenishment on its component, moved earlier by the parent's lead time", async () => {
    const leg = `MPS-LEG-${run}`;
    const table = `MPS-TABLE-${run}`;
    await product(leg);
    await manufactured(table, { components: [{ productId: leg, quantity: '4' }], productionDelayDays: 7 });
    await http(A, 'PUT', `mps/${leg}/${WH}`, { inSchedule: true, safetyTarget: '10' });
    await http(A, 'PUT', `mps/${table}/${WH}`, { inSchedule: true });
    await position(leg, '30');
    await waitFor(async () => (await row(leg))?.startingStock[0] === '30', { description: 'the position of the leg', timeoutMs: 60_000 });
    await forecast(table, ['0', '5', '0', '3']);
    // TABLE replenishes 5 in week 2 and 3 in week 4, each made 7 days earlier: 20 legs in week 1, 12 in week 3
    expect(await row(table)).toMatchObject({ leadDays: 7, replenishment: ['0', '5', '0', '3', '0', '0'] });
    expect(await row(leg)).toMatchObject({
      indirectDemand: ['20', '0', '12', '0', '0', '0'], suggested: ['0', '0', '12', '0', '0', '0'], forecastedStock: ['10', '10', '10', '10', '10', '10'],
    });
  });

  it('replenishes into drafts of origin MPS, never merged into a rule\'s draft, and counts them as already ordered', async () => {
    const p = `MPS-R-${run}`;
    const q = `RULE-Q-${run}`;
    await product(p);
    await product(q);
    expect((await http(A, 'POST', 'reordering-rules', { productId: q, warehouseId: WH, min: '10', max: '50' })).status).toBe(201);
    const ruleDraft = await waitFor(async () => (await fixture.openDrafts()).find((d) => d.lines.some((l: any) => l.productId === q)), { description: "the rule's draft" });
    await http(A, 'PUT', `mps/${p}/${WH}`, { inSchedule: true, safetyTarget: '15' });
    await forecast(p, ['0', '10']);
    const one = await http(A, 'POST', 'mps/replenish', { warehouseId: WH, productIds: [p], periodStart: week(0) });
    expect(one.status).toBe(200);
    expect(one.body.items).toEqual([{ productId: p, periodStart: week(0), quantity: '15', draftOrderId: expect.any(String) }]);
    const all = await http(A, 'POST', 'mps/replenish', { warehouseId: WH, productIds: [p] });
    expect(all.body.items).toEqual([{ productId: p, periodStart: week(1), quantity: '10', draftOrderId: expect.any(String) }]);
    const ids = new Set([one.body.items[0].draftOrderId, all.body.items[0].draftOrderId]);
    expect(ids.size).toBe(2); // one draft per column
    expect(ids.has(ruleDraft.draftOrderId)).toBe(false);
    const mpsDraft = (await http(A, 'GET', `draft-orders/${one.body.items[0].draftOrderId}`)).body;
    expect(mpsDraft.lines).toEqual([expect.objectContaining({ productId: p, quantity: '15', plannedDate: week(0), origins: [expect.objectContaining({ kind: 'mps', ref: `${p}@${WH}/${week(0)}` })] })]);
    expect((await http(A, 'GET', `draft-orders/${ruleDraft.draftOrderId}`)).body.lines.map((l: any) => l.productId)).toEqual([q]);
    const [raised] = await readEvents(fixture.brokers, fixture.marks, 'planning.draft-orders', (e) => e.envelope?.payload?.draftOrderId === one.body.items[0].draftOrderId);
    expect(raised?.envelope.type).toBe('draft-order.raised');
    expect(raised?.envelope.payload.lines[0].origins).toEqual([expect.objectContaining({ kind: 'mps', ref: `${p}@${WH}/${week(0)}`, quantity: '15' })]);
    expect(await row(p)).toMatchObject({ alreadyOrdered: ['15', '10', '0', '0', '0', '0'], toReplenish: ['0', '0', '0', '0', '0', '0'] });
    expect((await http(A, 'POST', 'mps/replenish', { warehouseId: WH, dueOnly: true })).body.items.filter((i: any) => i.productId === p)).toEqual([]);
  }, 120_000);

  it('refuses the MPS beside a reordering rule, and the reverse, naming the other (409)', async () => {
    const ruled = `MPS-X-${run}`;
    const scheduled = `MPS-Y-${run}`;
    await product(ruled);
    await product(scheduled);
    await http(A, 'POST', 'reordering-rules', { productId: ruled, warehouseId: WH, min: '0', max: '0', trigger: 'manual' });
    const refused = await http(A, 'PUT', `mps/${ruled}/${WH}`, { inSchedule: true });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'RULE_EXISTS', message: expect.stringContaining('planned by a reordering rule') });
    expect((await http(A, 'PUT', `mps/${scheduled}/${WH}`, { inSchedule: true })).status).toBe(200);
    const reverse = await http(A, 'POST', 'reordering-rules', { productId: scheduled, warehouseId: WH, min: '1', max: '5' });
    expect(reverse.status).toBe(409);
    expect(reverse.body).toMatchObject({ code: 'MPS_PLANNED', message: expect.stringContaining('planned by the MPS') });
  });

  it('refuses a period change that would lose entered forecasts, with what to do; discards them when asked to', async () => {
    const wh2 = `WH2-${run}`;
    expect((await learnWarehouse(fixture.producer, A, wh2)).status).toBe(200);
    const p = `MPS-Z-${run}`;
    await product(p);
    await http(A, 'PUT', `mps/${p}/${wh2}`, { inSchedule: true });
    expect((await http(A, 'PUT', `mps/${p}/${wh2}/forecast`, { periods: [{ periodStart: week(0), quantity: '7' }] })).status).toBe(200);
    const bad = await http(A, 'PUT', `mps/${p}/${wh2}/forecast`, { periods: [{ periodStart: addDaysIso(week(0), 1), quantity: '7' }] });
    expect(bad.body.errors).toEqual([{ field: 'periods.0.periodStart', reason: expect.stringContaining(`is not the first day of a week at warehouse ${wh2} (${week(0)} is)`) }]);
    const refused = await http(A, 'PUT', `mps/warehouses/${wh2}/settings`, { period: 'month', columns: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'MPS_ENTERED_PER_PERIOD', message: expect.stringContaining('from week to month would lose the 1 forecasts and overrides') });
    expect((await http(A, 'PUT', `mps/warehouses/${wh2}/settings`, { period: 'week', columns: 8 })).status).toBe(200); // more columns lose nothing
    expect((await http(A, 'PUT', `mps/warehouses/${wh2}/settings`, { period: 'month', columns: 3, discardEntered: true })).status).toBe(200);
    const monthly = (await http(A, 'GET', `mps?warehouseId=${wh2}`)).body;
    expect(monthly).toMatchObject({ period: 'month', periods: [expect.stringMatching(/-01$/), expect.stringMatching(/-01$/), expect.stringMatching(/-01$/)] });
    expect(monthly.rows[0].forecast).toEqual(['0', '0', '0']);
  });

  it('exports the forecasts as a CSV grid that imports back, and sets forecasts from one', async () => {
    const p = `MPS-C-${run}`;
    await product(p);
    await http(A, 'PUT', `mps/${p}/${WH}`, { inSchedule: true });
    const csv = `productId,${week(0)},${week(1)}\n${p},12,\n`;
    const imported = await fetch(new URL(`mps/import?warehouseId=${WH}`, A), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect([imported.status, await imported.json()]).toEqual([200, { cells: 1, products: 1 }]);
    expect((await row(p)).forecast).toEqual(['12', '0', '0', '0', '0', '0']);
    const exported = await (await fetch(new URL(`mps/export?warehouseId=${WH}`, A))).text();
    const line = exported.split('\n').find((l) => l.startsWith(`${p},`));
    expect(line).toBe(`${p},12,,,,,`);
    const badCell = await fetch(new URL(`mps/import?warehouseId=${WH}`, A), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `productId,${week(0)}\n${p},-3\n` });
    expect(badCell.status).toBe(400);
    expect(((await badCell.json()) as any).errors[0].reason).toContain(`line 2, column ${week(0)}`);
  });

  it("takes a forecasting system's events: each quantity into its column, a column past the quantity bound dead-lettered alone", async () => {
    const p = `MPS-F-${run}`;
    await product(p);
    await http(A, 'PUT', `mps/${p}/${WH}`, { inSchedule: true });
    const huge = '999999999999999';
    const poison = await fixture.producer.send(demandForecastChanged, { productId: p, warehouseId: WH, periods: [{ date: week(1), quantity: huge }, { date: addDaysIso(week(1), 1), quantity: huge }] });
    // two days of week 2 summed; week 3 as sent; the last event wins
    await fixture.producer.send(demandForecastChanged, { productId: p, warehouseId: WH, forecastRef: 'FC-1', periods: [{ date: week(0), quantity: '4' }, { date: addDaysIso(week(0), 3), quantity: '6' }, { date: week(2), quantity: '7' }] });
    const r = await waitFor(async () => ((await row(p))?.forecast[0] === '10' ? row(p) : undefined), { description: 'the forecast event reaches the row', timeoutMs: 60_000 });
    expect(r.forecast).toEqual(['10', '0', '7', '0', '0', '0']);
    const [dead] = await readEvents(fixture.brokers, fixture.marks, 'forecasting.demand-forecasts.dlq', (e) => e.envelope?.id === poison);
    expect(dead?.headers['dlq-reason'] ?? JSON.stringify(dead?.headers)).toContain('past the quantity bound');
  }, 120_000);
});
