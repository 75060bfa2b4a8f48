/* eslint-disable @typescript-eslint/no-explicit-any -- the service answers are read loosely */
// The planner console in headless chromium against the real services (processes on Kafka and PostgreSQL): what a
// planner does on each screen, and what the screen shows afterwards without a reload. Screenshots of every screen
// go to tmp/console-screens/.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { REPO_ROOT, httpJson, waitFor } from '../../../e2e/support/index.js';
import { addDays, todayUtc } from '../../../e2e/support/planning-stack.js';
import { ConsoleStack } from './console-stack.js';

let stack: ConsoleStack;
let wh: string;
let vendor: string;
const product: Record<'ordered' | 'snoozed' | 'mto' | 'forecast' | 'bulk1' | 'bulk2', string> = { ordered: '', snoozed: '', mto: '', forecast: '', bulk1: '', bulk2: '' };

beforeAll(async () => {
  stack = await ConsoleStack.start();
  const s = stack.services;
  wh = await s.warehouse('C', { purchaseSecurityLeadDays: 0, daysToPurchase: 0 });
  vendor = await s.vendor('console');
  product.ordered = await s.product('ord', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
  product.snoozed = await s.product('snz', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
  product.mto = await s.product('mto', { routes: ['mto', 'buy'], vendorId: vendor, leadTimeDays: 2 });
  product.forecast = await s.product('fc', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
  product.bulk1 = await s.product('bk1', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
  product.bulk2 = await s.product('bk2', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
  for (const p of [product.ordered, product.snoozed, product.bulk1, product.bulk2]) await s.rule({ productId: p, warehouseId: wh, min: '10', max: '100', multiple: '1', trigger: 'manual' });
  await s.rule({ productId: product.forecast, warehouseId: wh, min: '20', max: '60', multiple: '1', trigger: 'manual' });
  await waitFor(() => stack.console.liveJoined(), { description: "the console's events consumer joins its group", timeoutMs: 120_000 });
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

/** The report of this file's warehouse, as the planner filters it, once it lists the line of `productId`. */
async function openReport(productId: string): Promise<void> {
  await stack.open('#/report');
  const filters = stack.page.getByRole('form', { name: 'Filters' });
  await filters.getByLabel('Warehouse').fill(wh);
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await stack.page.getByRole('cell', { name: productId, exact: true }).waitFor();
}

describe('planner console', () => {
  it('orders once from the report with an edited quantity, and the draft shows the line', async () => {
    const { page } = stack;
    await openReport(product.ordered);
    await stack.screenshot('1-report');
    await page.getByLabel(`Quantity to order of ${product.ordered} at ${wh}`).fill('37');
    await page.getByRole('button', { name: `Order ${product.ordered} at ${wh} once` }).click();
    await page.getByRole('status').filter({ hasText: `Ordered 37 ${product.ordered} at ${wh} once` }).waitFor();

    await stack.open(`#/drafts?vendorId=${vendor}&state=draft`);
    const row = page.getByRole('row').filter({ hasText: `${product.ordered} 37` });
    await row.waitFor();
    await stack.screenshot('2-drafts');
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Draft order / }).waitFor();
    await page.getByRole('cell', { name: product.ordered, exact: true }).waitFor();
    const history = page.getByRole('table', { name: /^Version history/ });
    await history.getByRole('row').filter({ hasText: `${product.ordered} added: 37 Units` }).waitFor();
    await stack.screenshot('2-draft-detail');

    // a top-up while the draft is open shows as its next version, without a reload
    const [rule] = (await stack.services.P('GET', `/reordering-rules?productId=${product.ordered}&warehouseId=${wh}`)).body as any[];
    expect((await stack.services.P('POST', `/replenishment-report/${rule.id}/order-once`, { quantity: '5' })).status).toBe(200);
    await history.getByRole('row').filter({ hasText: `${product.ordered} 37 → 42 Units` }).waitFor();
    await stack.screenshot('2-draft-history');
  });

  it('snoozes a rule from the report, and its line leaves the report', async () => {
    const { page } = stack;
    await openReport(product.snoozed);
    const line = page.getByRole('cell', { name: product.snoozed, exact: true });
    await line.waitFor();
    await page.getByLabel('Snooze until').fill(addDays(todayUtc(), 14));
    await page.getByRole('button', { name: `Snooze ${product.snoozed} at ${wh} until ${addDays(todayUtc(), 14)}` }).click();
    await page.getByRole('status').filter({ hasText: `Snoozed ${product.snoozed} at ${wh}` }).waitFor();
    await line.waitFor({ state: 'detached' });
    const rule = (await httpJson(stack.services.planning.url, 'GET', `/reordering-rules?productId=${product.snoozed}&warehouseId=${wh}`)).body as any[];
    expect(rule[0].snoozedUntil).toBe(addDays(todayUtc(), 14));
  });

  it('orders the selected lines once in bulk, and both leave the report', async () => {
    const { page } = stack;
    await openReport(product.bulk1);
    await page.getByLabel(`Select ${product.bulk1} at ${wh}`).check();
    await page.getByLabel(`Select ${product.bulk2} at ${wh}`).check();
    await page.getByLabel(`Quantity to order of ${product.bulk2} at ${wh}`).fill('45');
    await page.getByRole('button', { name: 'Order selected once (2)' }).click();
    await page.getByRole('status').filter({ hasText: 'Ordered 2 of 2 once.' }).waitFor();
    await page.getByRole('cell', { name: product.bulk1, exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: product.bulk2, exact: true }).waitFor({ state: 'detached' });
    const drafts = (await httpJson(stack.services.planning.url, 'GET', `/draft-orders?vendorId=${vendor}&state=draft`)).body as any[];
    const lines = drafts.flatMap((d) => d.lines);
    expect(lines.filter((l: any) => l.productId === product.bulk1).map((l: any) => l.quantity)).toEqual(['100']);
    expect(lines.filter((l: any) => l.productId === product.bulk2).map((l: any) => l.quantity)).toEqual(['45']);
  });

  it("follows a make-to-order draft line's why to its sales order line", async () => {
    const { page } = stack;
    const orderRef = `SO-CONSOLE-${stack.services.run}`;
    const order = await stack.services.salesOrder(orderRef, [{ lineRef: '1', productId: product.mto, warehouseId: wh, quantity: '4', requestedDate: '2030-01-15' }]);
    const draft = await waitFor(async () => {
      const r = await httpJson(stack.services.planning.url, 'GET', `/draft-orders?productId=${product.mto}&state=draft`);
      return (r.body as any[])?.find((d) => d.lines.some((l: any) => l.productId === product.mto));
    }, { description: 'the make-to-order line in a draft', timeoutMs: 60_000 });

    await stack.open(`#/drafts/${draft.draftOrderId}`);
    await page.getByRole('link', { name: `Why ${product.mto}?` }).click();
    // 4 Units, unless another test run on this Kafka confirmed an order of the same name into this planning too.
    const why = page.getByRole('region', { name: new RegExp(`^Why \\d+ Units of ${product.mto}$`) });
    // Its origin (and only it, unless another test run on this Kafka confirmed an order of the same name here too).
    const origin = why.locator(`a[href*="${order.id}"]`);
    await origin.waitFor();
    await stack.screenshot('2-draft-why');
    await origin.click();
    await page.getByRole('heading', { name: `Sales order ${orderRef}` }).waitFor();
    const line = page.locator('tr[aria-current="true"]');
    await line.getByText('origin of the draft line').waitFor();
    expect(await line.getByRole('cell').nth(1).textContent()).toBe(product.mto);
    expect(page.url()).toContain(`#/sales-orders/${order.id}`);
    await stack.screenshot('2-sales-order');
  });

  it('shows a posted stock move on the forecast chart without a reload', async () => {
    const { page } = stack;
    await stack.open(`#/forecast?productId=${product.forecast}&warehouseId=${wh}`);
    const onHand = page.getByTestId('on-hand');
    await onHand.getByText('On hand 0').waitFor();
    const chart = page.getByTestId('forecast-chart');
    await chart.locator('svg').waitFor();
    await page.evaluate(() => ((globalThis as any).sameDocument = true));

    const move = await httpJson(stack.services.inventory.url, 'POST', '/stock/moves', {
      moveId: `GRN-CONSOLE-${stack.services.run}`, kind: 'receipt', productId: product.forecast, quantity: '25', uom: 'Units',
      fromLocation: 'virtual/vendor', toLocation: `${wh}/Stock`, doneAt: new Date().toISOString(),
    });
    expect(move.status).toBe(201);

    await onHand.getByText('On hand 25').waitFor();
    await page.getByRole('img', { name: `Projected stock of ${product.forecast} at ${wh}, on hand 25` }).waitFor();
    await page.getByRole('cell', { name: `GRN-CONSOLE-${stack.services.run}` }).waitFor();
    // ECharts' own description of the drawn data (its aria option) now has the projected 25.
    const described = await chart.evaluate((el) => el.querySelector('[aria-label]')?.getAttribute('aria-label') ?? el.getAttribute('aria-label') ?? '');
    expect(described).toContain('25');
    expect(await page.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
    await stack.screenshot('3-forecast');
  });

  it("shows the API's validation message beside the refused field", async () => {
    const { page } = stack;
    const body = { productId: product.forecast, warehouseId: wh, min: 'ten', max: '5' };
    const api = await httpJson(stack.services.planning.url, 'POST', '/reordering-rules', body);
    expect(api.status).toBe(400);
    const reason = (api.body as any).errors.find((e: any) => e.field === 'min').reason as string;

    await stack.open('#/catalog');
    const form = page.getByRole('form', { name: 'New reordering rule' });
    await form.getByLabel('Product').fill(body.productId);
    await form.getByLabel('Warehouse').fill(body.warehouseId);
    await form.getByLabel('Min', { exact: true }).fill(body.min);
    await form.getByLabel('Max', { exact: true }).fill(body.max);
    await form.getByRole('button', { name: 'Create rule' }).click();
    const min = form.getByLabel('Min', { exact: true });
    await eventually(async () => (await min.getAttribute('aria-invalid')) === 'true');
    const describedBy = (await min.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent()).toBe(reason);
    await stack.screenshot('7-catalog-validation');
  });

  it('edits a forecast in the MPS grid, which shows the period to replenish, and replenishes it', async () => {
    const { page } = stack;
    const mps = await stack.services.product('mps', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
    const put = await httpJson(stack.services.planning.url, 'PUT', `/mps/${mps}/${wh}`, { inSchedule: true, safetyTarget: '0', minimum: '1' });
    expect(put.status).toBe(200);
    await stack.open(`#/mps?warehouseId=${wh}`);
    const periods = ((await httpJson(stack.services.planning.url, 'GET', `/mps?warehouseId=${wh}`)).body as any).periods as string[];
    const last = periods.at(-1)!;
    const forecast = page.getByLabel(`Forecast of ${mps} for ${last}`);
    await forecast.fill('12');
    await forecast.press('Enter');
    await page.getByRole('status').filter({ hasText: `Forecast of ${mps} for ${last} set to 12` }).waitFor();
    await page.locator('td.needs').first().waitFor();
    await stack.screenshot('4-mps');
    await page.getByRole('button', { name: `Replenish ${mps}` }).click();
    const outcome = page.getByRole('status').filter({ hasText: /^Replenished/ });
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(new RegExp(`^Replenished 1 column\\(s\\): 12 ${mps} for ${last}\\.$`));
    const drafts = (await httpJson(stack.services.planning.url, 'GET', `/draft-orders?productId=${mps}&state=draft`)).body as any[];
    expect(drafts.flatMap((d) => d.lines).filter((l: any) => l.productId === mps)).toHaveLength(1);
  });

  it('runs MRP, shows the pegging of a suggestion and firms it into a draft', async () => {
    const { page } = stack;
    const s = stack.services;
    const item = await s.product('mrp', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
    const policy = await s.P('POST', '/reorder-policies', { code: `NET${s.RUN}`, reorderQuantity: 'minimumWithRounding', safetyStock: true, suggestionType: 'withMrpPegging' });
    expect(policy.status).toBe(201);
    const site = await s.P('PUT', `/products/${item}/sites/${wh}/planning`, { planningMethod: 'mrp', safetyStock: '30', reorderPolicyCode: `NET${s.RUN}` });
    expect(site.status).toBe(200);

    await stack.open('#/mrp');
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Product').fill(item);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'Run MRP now' }).click();
    await page.getByRole('status').filter({ hasText: /^MRP run done/ }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^Pegging of POS ${item} due`) }).first().click();
    await page.getByRole('region', { name: new RegExp(`^Pegging of POS 30 ${item}`) }).getByText(/^safetyStock 30/).waitFor();
    await stack.screenshot('5-mrp');
    await page.getByLabel(new RegExp(`^Select POS ${item} due`)).first().check();
    await page.getByRole('button', { name: 'Firm selected (1)' }).click();
    await page.getByRole('status').filter({ hasText: `Firmed 1: 30 ${item}` }).waitFor();
    const drafts = (await s.P('GET', `/draft-orders?productId=${item}&state=draft`)).body as any[];
    expect(drafts.flatMap((d) => d.lines).filter((l: any) => l.productId === item).map((l: any) => l.quantity)).toEqual(['30']);
  });

  it('lists the exceptions screen', async () => {
    await stack.open('#/exceptions');
    await stack.page.getByRole('table', { name: 'Planning exceptions' }).waitFor();
    await stack.screenshot('6-exceptions');
  });

  it('typechecks against the OpenAPI documents the running services serve (its committed copies have not drifted)', async () => {
    const consoleRoot = resolve(REPO_ROOT, 'apps/console');
    const dir = resolve(REPO_ROOT, 'tmp/console-drift', stack.services.run);
    mkdirSync(resolve(dir, 'openapi'), { recursive: true });
    const urls = { 'sales-orders': stack.services.sales.url, inventory: stack.services.inventory.url, planning: stack.services.planning.url };
    for (const [service, url] of Object.entries(urls)) {
      const doc = await httpJson(url, 'GET', '/docs-json');
      writeFileSync(resolve(dir, 'openapi', `${service}.json`), JSON.stringify(doc.body));
    }
    cpSync(resolve(consoleRoot, 'web/src'), resolve(dir, 'web/src'), { recursive: true });
    cpSync(resolve(consoleRoot, 'src/live-event.ts'), resolve(dir, 'src/live-event.ts'));
    const generate = spawnSync(process.execPath, [resolve(consoleRoot, 'scripts/generate-api-types.mjs'), '--from', resolve(dir, 'openapi'), '--out', resolve(dir, 'web/src/api/generated')], { encoding: 'utf8' });
    expect(generate.stderr).toBe('');
    writeFileSync(resolve(dir, 'tsconfig.json'), JSON.stringify({ extends: resolve(consoleRoot, 'tsconfig.web.json'), include: ['web/src/**/*.ts', 'web/src/**/*.tsx'] }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const check = spawnSync(process.execPath, [tsc, '-p', resolve(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});

async function eventually(check: () => Promise<boolean>): Promise<void> {
  await waitFor(check, { description: 'the page shows it', timeoutMs: 60_000 });
}
