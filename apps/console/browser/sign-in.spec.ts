// Signing in (service-kit-005) in headless chromium: the console against a stand-in service that requires a key, as
// the services do outside npm start. A 401 makes the console ask for a key; once given, every request and the event
// stream carry it, and the screen loads.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { consoleStaticDir, startConsole, type RunningConsole } from '../src/index.js';
import { SCREENSHOTS } from './console-stack.js';

const KEY = 'planner-key-0123456789abcdef';
let service: Server;
let running: RunningConsole;
let browser: Browser;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  service = createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers });
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== `Bearer ${KEY}`) {
      res.writeHead(401);
      return res.end(JSON.stringify({ statusCode: 401, code: 'unauthorized', error: 'Unauthorized', message: 'missing or invalid credentials' }));
    }
    if (req.url!.startsWith('/products/console-auth-probe')) {
      res.writeHead(404);
      return res.end(JSON.stringify({ statusCode: 404, code: 'not_found', error: 'Not Found', message: 'product console-auth-probe not found' }));
    }
    res.end(JSON.stringify(req.url === '/reordering-rules'
      ? [{ id: 'r1', productId: 'bolt', warehouseId: 'WH1', min: '200', max: '1000', multiple: '100', trigger: 'manual', route: null, vendorId: null, bomId: null, visibilityDays: 0, snoozedUntil: null }]
      : []));
  });
  await new Promise<void>((done) => service.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(service.address() as { port: number }).port}`;
  running = await startConsole({ port: 0, services: { 'sales-orders': url, inventory: url, planning: url }, staticDir: consoleStaticDir(), warn: () => undefined });
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await new Promise((done) => service?.close(done));
});

it('asks for a key when the services answer 401, then sends it with every request and the event stream', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(60_000);
  await page.goto(`${running.url}/#/catalog`);
  const dialog = page.getByRole('dialog', { name: 'Sign in' });
  await dialog.getByLabel('API key or token').fill(KEY);
  await page.screenshot({ path: resolve(SCREENSHOTS, '0-sign-in.png') });
  await dialog.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('list', { name: 'Reordering rules' }).getByText('bolt @ WH1: min 200, max 1000').waitFor();
  // The event stream answered (its ready event says there is no broker here): the planning service let the key read.
  await page.getByText('no live updates (the console has no broker)').waitFor();
  expect(await dialog.count()).toBe(0);

  seen.length = 0;
  await page.getByRole('tab', { name: 'Vendors' }).click();
  await page.getByRole('list', { name: 'Vendors' }).getByText('None yet.').waitFor();
  expect(seen.map((r) => r.url)).toContain('/vendors');
  expect(seen.filter((r) => r.headers.authorization !== `Bearer ${KEY}`)).toEqual([]);
});
