/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import { addDaysIso, http, todayUtc } from './helpers.js';
import { useFeatureFixture } from './feature-fixture.js';

const fixture = useFeatureFixture({ prefix: 'planning_report', markedTopics: [] });
const { run, WH, product, openDrafts } = fixture;
let A: string;
beforeAll(() => {
  ({ A } = fixture);
});

describe('replenishment report', () => {
  it('lists manual rules with suggestion, snoozes, orders once and automates', async () => {
    const p = `rep-${run}`;
    await product(p);
    const rule = (await http(A, 'POST', 'reordering-rules', { productId: p, warehouseId: WH, min: '5', max: '20', multiple: '4', trigger: 'manual' })).body;
    let report = await http(A, 'GET', `replenishment-report?warehouseId=${WH}`);
    const item = report.body.items.find((i: any) => i.ruleId === rule.id);
    expect(item).toMatchObject({ suggestedQuantity: '20', forecast: '0', leadDaysDate: addDaysIso(todayUtc(), 5) });
    expect(item.explanation.text).toContain('order max 20 - 0 = 20');
    expect((await http(A, 'POST', `replenishment-report/${rule.id}/snooze`, { until: addDaysIso(todayUtc(), 3) })).status).toBe(200);
    report = await http(A, 'GET', `replenishment-report?warehouseId=${WH}`);
    expect(report.body.items.find((i: any) => i.ruleId === rule.id)).toBeUndefined();
    const once = await http(A, 'POST', `replenishment-report/${rule.id}/order-once`, { quantity: '6' });
    expect(once.status).toBe(200);
    expect(once.body).toMatchObject({ quantity: '6', edited: true });
    const auto = await http(A, 'POST', `replenishment-report/${rule.id}/automate`);
    expect(auto.body.trigger).toBe('automatic');
    // forecast 6 > min 5: automate does not order again
    const d = (await openDrafts()).find((x) => x.lines.some((l: any) => l.productId === p));
    expect(d.lines.find((l: any) => l.productId === p).quantity).toBe('6');
    const bulk = await http(A, 'POST', 'replenishment-report/order-once', { items: [{ ruleId: rule.id, quantity: '1' }, { ruleId: randomUUID() }] });
    expect(bulk.body.results.map((r: any) => r.status)).toEqual(['ordered', 'refused']);
  });
});
