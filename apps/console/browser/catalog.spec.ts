/* eslint-disable @typescript-eslint/no-explicit-any -- the service answers are read loosely */
// The console's catalog, MRP requirements, MPS settings and bulk import/export (issue 15, screens 4, 5 and 7) in
// headless chromium against the real services: what the planner does, checked through the planning API afterwards.
// Screenshots go to tmp/console-screens/.
import { readFile } from 'node:fs/promises';
import { httpJson, waitFor } from '../../../e2e/support/index.js';
import { ConsoleStack } from './console-stack.js';

let stack: ConsoleStack;
let wh: string;
let vendor: string;
let kit: string;
let part: string;
let spare: string;

beforeAll(async () => {
  stack = await ConsoleStack.start();
  const s = stack.services;
  wh = await s.warehouse('K', { purchaseSecurityLeadDays: 0, daysToPurchase: 0 });
  vendor = await s.vendor('catalog');
  kit = await s.product('kit', { routes: ['manufacture'] });
  part = await s.product('part', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
  spare = await s.product('spare', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
  await s.bom(kit, { outputQty: '1', productionDelayDays: 1, components: [{ productId: part, quantity: '3' }] });
}, 600_000);

afterAll(async () => {
  await stack?.stop();
});

async function openCatalog(tab: string): Promise<void> {
  await stack.open('#/catalog');
  await stack.page.getByRole('tab', { name: tab }).click();
}

/** The text of the element that describes `field` first (its error, when it has one). */
async function describedText(field: ReturnType<ConsoleStack['page']['getByLabel']>): Promise<string | null> {
  await waitFor(async () => (await field.getAttribute('aria-invalid')) === 'true', { description: 'the field marked invalid', timeoutMs: 60_000 });
  const id = (await field.getAttribute('aria-describedby'))!.split(' ')[0]!;
  return stack.page.locator(`[id="${id}"]`).textContent();
}

describe('catalog', () => {
  it('creates a BOM, changes a component quantity, and deletes it', async () => {
    const { page } = stack;
    const id = `BOM-UI-${stack.services.RUN}`;
    await openCatalog('BOMs');
    const create = page.getByRole('form', { name: 'New bill of materials' });
    await create.getByLabel('BOM id').fill(id);
    await create.getByLabel('Product made').fill(spare);
    await create.getByLabel('Production delay (days)').fill('1');
    await create.getByLabel('Components').fill(`${part} 2`);
    await create.getByRole('button', { name: 'Create BOM' }).click();
    await create.getByRole('status').filter({ hasText: `BOM ${id} created.` }).waitFor();

    await page.getByRole('button', { name: new RegExp(`^Edit: ${id}: `) }).click();
    const edit = page.getByRole('form', { name: `Edit BOM ${id}` });
    await expect(edit.getByLabel('Components').inputValue()).resolves.toBe(`${part} 2`);
    await edit.getByLabel('Components').fill(`${part} 5`);
    await edit.getByRole('button', { name: 'Save BOM' }).click();
    await edit.getByRole('status').filter({ hasText: `BOM ${id} saved.` }).waitFor();
    await page.getByRole('listitem').filter({ hasText: `${id}: 1 ${spare} from 5 ${part}` }).waitFor();
    const saved = await stack.services.P('GET', `/boms/${id}`);
    expect(saved.body.components).toEqual([{ productId: part, quantity: '5' }]);
    await stack.screenshot('7-catalog-bom');

    await page.getByRole('button', { name: new RegExp(`^Delete: ${id}: `) }).click();
    await page.getByRole('button', { name: new RegExp(`^Confirm delete: ${id}: `) }).click();
    await page.getByRole('status').filter({ hasText: `BOM ${id} deleted.` }).waitFor();
    await page.getByRole('listitem').filter({ hasText: `${id}:` }).waitFor({ state: 'detached' });
    expect((await stack.services.P('GET', `/boms/${id}`)).status).toBe(404);
  });

  it("shows the API's validation messages beside the BOM's refused fields", async () => {
    const { page } = stack;
    const body = { productId: kit, outputQty: 'none', productionDelayDays: 0, components: [{ productId: part, quantity: '-1' }] };
    const api = await stack.services.P('POST', '/boms', body);
    expect(api.status).toBe(400);
    const reason = (field: string) => (api.body.errors as any[]).filter((e) => e.field === field).map((e) => e.reason).join('; ');

    await openCatalog('BOMs');
    const form = page.getByRole('form', { name: 'New bill of materials' });
    await form.getByLabel('Product made').fill(kit);
    await form.getByLabel('Output quantity').fill(body.outputQty);
    await form.getByLabel('Components').fill(`${part} -1`);
    await form.getByRole('button', { name: 'Create BOM' }).click();
    await expect(describedText(form.getByLabel('Output quantity'))).resolves.toBe(reason('outputQty'));
    await expect(describedText(form.getByLabel('Components'))).resolves.toBe(`components.0.quantity: ${reason('components.0.quantity')}`);
    await stack.screenshot('7-catalog-bom-validation');
  });

  it("edits and removes a product's supplier info, and deactivates the product", async () => {
    const { page } = stack;
    await openCatalog('Supplier info');
    await page.getByLabel('Product', { exact: true }).fill(spare);
    await page.getByRole('button', { name: new RegExp(`^Edit: ${vendor}: 2 days`) }).click();
    const edit = page.getByRole('form', { name: `Edit supplier ${vendor} of ${spare}` });
    await edit.getByLabel('Lead time (days)').fill('4');
    await edit.getByRole('button', { name: 'Save supplier info' }).click();
    await page.getByRole('button', { name: new RegExp(`^Edit: ${vendor}: 4 days`) }).waitFor();
    expect((await stack.services.P('GET', `/products/${spare}/suppliers`)).body.map((x: any) => x.leadTimeDays)).toEqual([4]);

    await page.getByRole('button', { name: new RegExp(`^Remove: ${vendor}: `) }).click();
    await page.getByRole('button', { name: new RegExp(`^Confirm remove: ${vendor}: `) }).click();
    await page.getByRole('status').filter({ hasText: `Supplier ${vendor} of ${spare} removed.` }).waitFor();
    expect((await stack.services.P('GET', `/products/${spare}/suppliers`)).body).toEqual([]);

    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByRole('button', { name: new RegExp(`^Deactivate: ${spare}: `) }).click();
    await page.getByRole('button', { name: new RegExp(`^Confirm deactivate: ${spare}: `) }).click();
    await page.getByRole('status').filter({ hasText: `Product ${spare} deactivated.` }).waitFor();
    await page.getByRole('listitem').filter({ hasText: `${spare}: Product spare (buy), inactive` }).waitFor();
    expect((await stack.services.P('GET', `/products/${spare}`)).body.active).toBe(false);
  });

  it('exports BOMs as CSV and imports vendors, listing the refused row with its reason', async () => {
    const { page } = stack;
    await openCatalog('Import and export');
    await page.getByLabel('Planning data').selectOption('boms');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download boms' }).click()]);
    expect(download.suggestedFilename()).toBe('boms.csv');
    expect(await readFile(await download.path(), 'utf8')).toContain(`BOM-${kit}`);

    await page.getByLabel('Planning data').selectOption('vendors');
    const good = `V-IMP-${stack.services.RUN}`;
    const csv = `id,name,active\n${good},Imported vendor,true\nnot an id!,Refused vendor,true\n`;
    await page.getByLabel('File').setInputFiles({ name: 'vendors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload vendors.csv' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported vendors.csv into vendors: 2 row(s), 1 created, 0 updated, 0 unchanged, 1 refused.' }).waitFor();
    const refused = page.getByRole('table', { name: 'Refused rows' }).getByRole('row').nth(1);
    expect((await refused.getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['3', 'id']);
    expect((await stack.services.P('GET', `/vendors/${good}`)).body.name).toBe('Imported vendor');
    await stack.screenshot('7-catalog-import');
  });
});

describe('MRP and MPS', () => {
  it("lists a run's trace requirements with their parent documents", async () => {
    const { page } = stack;
    const s = stack.services;
    expect((await s.P('POST', '/reorder-policies', { code: `REQ${s.RUN}`, reorderQuantity: 'minimumWithRounding', safetyStock: true, suggestionType: 'withMrpPegging' })).status).toBe(201);
    expect((await s.P('PUT', `/products/${kit}/sites/${wh}/planning`, { planningMethod: 'mrp', safetyStock: '10', reorderPolicyCode: `REQ${s.RUN}` })).status).toBe(200);
    expect((await s.P('PUT', `/products/${part}/sites/${wh}/planning`, { planningMethod: 'mrp', reorderPolicyCode: `REQ${s.RUN}` })).status).toBe(200);

    await stack.open('#/mrp');
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Warehouse').fill(wh);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'Run MRP now' }).click();
    await page.getByRole('status').filter({ hasText: /^MRP run done/ }).waitFor();
    const [requirement] = (await s.P('GET', `/mrp/requirements?productId=${part}&warehouseId=${wh}`)).body.items as any[];
    expect(requirement).toMatchObject({ productId: part, parentProductId: kit, code: 'MWS' });
    const table = page.getByRole('table', { name: /requirement\(s\) of components/ });
    const row = table.getByRole('row').filter({ hasText: requirement.documentNumber });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'MWS', part, wh, requirement.quantity, requirement.dueDate, requirement.documentNumber, `${kit} at ${wh}`,
    ]);
    await stack.screenshot('5-mrp-requirements');
  });

  it('changes the columns of the MPS grid from its settings', async () => {
    const { page } = stack;
    const mps = await stack.services.product('mps', { routes: ['buy'], vendorId: vendor, leadTimeDays: 2 });
    expect((await httpJson(stack.services.planning.url, 'PUT', `/mps/${mps}/${wh}`, { inSchedule: true, safetyTarget: '0', minimum: '1' })).status).toBe(200);
    await stack.open(`#/mps?warehouseId=${wh}`);
    const grid = page.getByRole('table', { name: `Schedule of ${wh} by week` });
    await grid.waitFor();
    await page.getByText(`Schedule settings of ${wh}: 12 column(s) of a week`).click();
    const form = page.getByRole('form', { name: `Schedule settings of ${wh}` });

    await form.getByLabel('Columns').fill('0');
    await form.getByRole('button', { name: 'Save settings' }).click();
    const api = await stack.services.P('PUT', `/mps/warehouses/${wh}/settings`, { period: 'week', columns: 0 });
    await expect(describedText(form.getByLabel('Columns'))).resolves.toBe((api.body.errors as any[]).find((e) => e.field === 'columns').reason);

    await form.getByLabel('Period', { exact: true }).selectOption('month');
    await form.getByLabel('Columns').fill('4');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: `Schedule of ${wh}: 4 column(s) of a month.` }).waitFor();
    const monthly = page.getByRole('table', { name: `Schedule of ${wh} by month` });
    await monthly.waitFor();
    // Product, line, then one header per period.
    expect(await monthly.locator('thead th').count()).toBe(2 + 4);
    await stack.screenshot('4-mps-settings');
  });

  it('downloads the MPS forecasts as CSV and uploads them edited', async () => {
    const { page } = stack;
    const mps = `P-mps-${stack.services.run}`;
    await stack.open(`#/mps?warehouseId=${wh}`);
    await page.getByText(`Forecasts of ${wh} as a CSV file`).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download forecasts' }).click()]);
    const [header] = (await readFile(await download.path(), 'utf8')).split('\n');
    const periods = header!.split(',').slice(1);
    expect(periods).toHaveLength(4);

    const csv = `${header}\n${mps},7${','.repeat(periods.length - 1)}\n`;
    await page.getByLabel('Forecasts file').setInputFiles({ name: 'forecasts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload forecasts' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported forecasts.csv: 1 forecast cell(s) of 1 product(s) set.' }).waitFor();
    await waitFor(async () => (await page.getByLabel(`Forecast of ${mps} for ${periods[0]}`).inputValue()) === '7', { description: 'the grid shows the imported forecast', timeoutMs: 60_000 });
  });
});
