import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { Broker } from '@replenish/messaging';
import { LiveEvents } from './live-events.js';

/** The services whose public REST APIs the console proxies, by the path prefix it uses for each. */
export type ServiceName = 'sales-orders' | 'inventory' | 'planning';
export const SERVICE_NAMES: readonly ServiceName[] = ['sales-orders', 'inventory', 'planning'];

export interface ConsoleOptions {
  port: number;
  host?: string;
  /** Base URL of each service (http://localhost:3003). */
  services: Record<ServiceName, string>;
  /** The broker the services publish on: live updates come from it. Without one the screens refresh on actions only. */
  broker?: Broker;
  /** The built front end (apps/console/dist/web). */
  staticDir: string;
  warn?: (line: string) => void;
}

export interface RunningConsole {
  url: string;
  /** Whether live updates flow: the events consumer has joined its group (false without a broker). */
  liveJoined(): boolean;
  close(): Promise<void>;
}

/** Request headers passed to a service: the caller's credentials and what describes the body. Nothing else. */
const FORWARDED_REQUEST = ['authorization', 'content-type', 'accept', 'x-correlation-id', 'idempotency-key'];
const FORWARDED_RESPONSE = ['content-type', 'x-correlation-id', 'retry-after', 'content-disposition'];
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.map': 'application/json',
};

/**
 * The console's server: the built front end, /api/<service>/... proxied to that service's REST API (the console
 * has no data of its own) and /api/events, the live updates by server-sent events.
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const live = new LiveEvents(options.broker, warn);
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      warn(`console: ${req.method} ${req.url} failed: ${(e as Error).message}`);
      if (!res.headersSent) sendJson(res, 502, { statusCode: 502, code: 'bad_gateway', error: 'Bad Gateway', message: (e as Error).message });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    if (url.pathname === '/api/events') {
      // The stream says nothing a reader could not read over REST, but only to whom the services would answer.
      const status = await authorised(options.services.planning, req.headers.authorization);
      if (status !== 200) return sendJson(res, status, { statusCode: status, code: status === 401 ? 'unauthorized' : 'forbidden', message: 'sign in to receive live updates' });
      return live.attach(res);
    }
    const api = /^\/api\/(sales-orders|inventory|planning)(\/.*)$/.exec(url.pathname);
    if (api) return proxy(req, res, `${options.services[api[1] as ServiceName].replace(/\/$/, '')}${api[2]}${url.search}`);
    if (url.pathname.startsWith('/api/')) return sendJson(res, 404, { statusCode: 404, code: 'not_found', message: `no such console API: ${url.pathname}` });
    return serveStatic(options.staticDir, url.pathname, res);
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', () => done());
  });
  await live.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}`,
    liveJoined: () => live.joined,
    close: async () => {
      await live.close();
      await closeServer(server);
    },
  };
}

async function proxy(req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const headers: Record<string, string> = {};
  for (const h of FORWARDED_REQUEST) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  const answer = await fetch(target, { method: req.method, headers, ...(body && body.length > 0 ? { body } : {}) });
  const out: Record<string, string> = {};
  for (const h of FORWARDED_RESPONSE) {
    const v = answer.headers.get(h);
    if (v !== null) out[h] = v;
  }
  res.writeHead(answer.status, out);
  res.end(Buffer.from(await answer.arrayBuffer()));
}

/** 200 when the services would answer a reader with these credentials (none needed when their auth is off), else 401/403. */
async function authorised(planningUrl: string, authorization: string | undefined): Promise<number> {
  // A product that does not exist: the guards answer 401/403 before any lookup, so 404 means "may read".
  const answer = await fetch(`${planningUrl.replace(/\/$/, '')}/products/console-auth-probe`, { headers: authorization ? { authorization } : {} });
  await answer.arrayBuffer();
  return answer.status === 401 || answer.status === 403 ? answer.status : 200;
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The console is not built: run `npm run build:web -w @replenish/console` (npm start does it).\n');
    return;
  }
  const file = resolve(root, `.${normalize(decodeURIComponent(pathname))}`);
  const inside = file.startsWith(resolve(root)) && existsSync(file) && statSync(file).isFile();
  if (!inside && extname(pathname) !== '') {
    // A missing file (an asset of an older build): 404, not the index in its place.
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  // Any other path is a screen of the single-page app: its index.
  const chosen = inside ? file : index;
  const immutable = inside && chosen.includes(`${join(root, 'assets')}`);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(chosen)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(readFileSync(chosen));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}
