// The console's server against a stand-in service (a plain HTTP server that records what reaches it): the proxy
// passes the caller's credentials and the request, and nothing else; the event stream asks the planning service
// whether the caller may read; the built files are served, a missing asset is a 404.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole, type RunningConsole } from '../src/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const KEY = 'Bearer planner-key-0123456789';
let service: Server;
let serviceUrl: string;
let seen: Seen[] = [];
let running: RunningConsole;

beforeAll(async () => {
  // A service whose every route needs KEY, as service-kit's guard does: 401 without it, before any lookup.
  service = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.headers.authorization !== KEY) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ statusCode: 401, code: 'unauthorized', error: 'Unauthorized', message: 'missing or invalid credentials' }));
      }
      res.writeHead(req.url!.startsWith('/products/console-auth-probe') ? 404 : 201, { 'content-type': 'application/json', 'x-correlation-id': 'c-1', 'set-cookie': 'x=1' });
      res.end(JSON.stringify({ echoed: true }));
    });
  });
  await new Promise<void>((done) => service.listen(0, '127.0.0.1', done));
  serviceUrl = `http://127.0.0.1:${(service.address() as { port: number }).port}`;
  const staticDir = mkdtempSync(join(tmpdir(), 'console-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};');
  running = await startConsole({ port: 0, services: { 'sales-orders': serviceUrl, inventory: serviceUrl, planning: serviceUrl }, staticDir, warn: () => undefined });
});

afterAll(async () => {
  await running?.close();
  await new Promise((done) => service?.close(done));
});

beforeEach(() => {
  seen = [];
});

describe('console server', () => {
  it("proxies /api/<service>/... with the caller's credentials, method, query and body, and nothing else", async () => {
    const res = await fetch(`${running.url}/api/planning/reordering-rules?productId=bolt`, {
      method: 'POST',
      headers: { authorization: KEY, 'content-type': 'application/json', cookie: 'session=secret', 'x-correlation-id': 'corr-9', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ min: '1' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ echoed: true });
    expect(res.headers.get('x-correlation-id')).toBe('c-1');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/reordering-rules?productId=bolt', body: '{"min":"1"}' });
    expect(seen[0]!.headers).toMatchObject({ authorization: KEY, 'content-type': 'application/json', 'x-correlation-id': 'corr-9' });
    expect(seen[0]!.headers.cookie).toBeUndefined();
    expect(seen[0]!.headers['x-forwarded-for']).toBeUndefined();
  });

  it("passes the service's refusal through as it is", async () => {
    const res = await fetch(`${running.url}/api/inventory/stock/on-hand`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('answers 404 for an API path that is no service', async () => {
    const res = await fetch(`${running.url}/api/billing/invoices`);
    expect(res.status).toBe(404);
    expect(seen).toHaveLength(0);
  });

  it('streams events only to a caller the planning service would answer', async () => {
    const refused = await fetch(`${running.url}/api/events`);
    expect(refused.status).toBe(401);

    const stream = await fetch(`${running.url}/api/events`, { headers: { authorization: KEY } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    // No broker here: the console says so, and the screens refresh after actions only.
    expect(value).toBe('event: ready\ndata: {"live":false}\n\n');
    await reader.cancel();
  });

  it('serves the built files; a screen path is the index, a missing asset a 404', async () => {
    const asset = await fetch(`${running.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const screen = await fetch(`${running.url}/drafts/anything`);
    expect(await screen.text()).toContain('<title>console</title>');
    expect((await fetch(`${running.url}/assets/old-build.js`)).status).toBe(404);
    // An encoded climb out of the folder stays in it (and finds nothing there).
    expect((await fetch(`${running.url}/assets/..%2f..%2f..%2f..%2fetc%2fhostname.txt`)).status).toBe(404);
  });
});
