// Every route of every service, as the Nest router knows it (not a list kept by hand): each declares its roles
// (@Roles) or is deliberately public, answers 401 without valid credentials and 403 to a caller without one of its
// roles, whatever the resource. A new endpoint without a role fails here, by name.
import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { InProcessBroker } from '@replenish/messaging';
import { PUBLIC_METADATA, ROLES, ROLES_METADATA, createServiceApp, effectiveRoles, type Role } from '@replenish/service-kit';
import { createTestDatabase, type TestDatabase } from '@replenish/test-infra';
import { serviceDefinitions } from '../src/launcher.js';

const keyOf = (role: Role) => `${role}-key-0123456789abcdef`;
const API_KEYS = ROLES.map((r) => `${r}=${keyOf(r)}:${r}`).join(';');
const UUID = '0b9a3f0e-6c1d-4b8e-9a7f-2d3c4b5a6e7f';

interface Route {
  service: string;
  method: string;
  path: string;
  roles?: Role[];
  public?: string;
}

/** The routes of an application from its controllers' metadata, as Nest's router registers them. */
function routesOf(service: string, app: INestApplication): Route[] {
  const routes: Route[] = [];
  const join = (...parts: unknown[]) => `/${parts.flatMap((p) => (Array.isArray(p) ? p : [p])).filter((p) => typeof p === 'string' && p !== '' && p !== '/').join('/')}`.replace(/\/+/g, '/');
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!controller) continue;
      const base: unknown = Reflect.getMetadata(PATH_METADATA, controller);
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
        if (path === undefined || typeof method !== 'number') continue;
        const meta = <T>(key: string): T | undefined => (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
        for (const p of Array.isArray(path) ? path : [path]) {
          routes.push({ service, method: RequestMethod[method], path: join(base, p), roles: meta<Role[]>(ROLES_METADATA), public: meta<string>(PUBLIC_METADATA) });
        }
      }
    }
  }
  return routes;
}

describe('roles of every route of every service', () => {
  let db: TestDatabase;
  let broker: InProcessBroker;
  const apps: { name: string; app: INestApplication; base: string }[] = [];
  const routes: Route[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ prefix: 'replenish_route_roles' });
    broker = new InProcessBroker({ connectionString: db.databaseUrl, schema: 'broker' });
    for (const def of serviceDefinitions()) {
      const env = {
        DATABASE_URL: db.databaseUrl, KAFKA_BROKERS: undefined, LOG_LEVEL: 'silent', CONSUMER_GROUP: `${def.name}-${db.name}`,
        AUTH_DISABLED: 'false', AUTH_API_KEYS: API_KEYS, RATE_LIMIT_WRITES_PER_MINUTE: '0',
      };
      const app = await createServiceApp(def, { broker, env });
      await app.listen(0, '127.0.0.1');
      apps.push({ name: def.name, app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') });
      routes.push(...routesOf(def.name, app));
    }
  });

  afterAll(async () => {
    for (const { app } of apps.reverse()) await app.close();
    await broker?.close();
    await db?.drop();
  });

  const call = async ({ service, method, path }: Route, token?: string): Promise<number> => {
    const base = apps.find((a) => a.name === service)!.base;
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const write = method !== 'GET';
    if (write) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path.replace(/:[A-Za-z]+/g, UUID)}`, { method, headers, body: write ? '{}' : undefined });
    await res.arrayBuffer();
    return res.status;
  };

  it('finds the routes of the three services', () => {
    expect(new Set(routes.map((r) => r.service))).toEqual(new Set(['sales-orders', 'inventory', 'planning']));
    expect(routes.length).toBeGreaterThan(40);
  });

  it('has every route declare its roles, unless it is one of the public operations routes', () => {
    const undeclared = routes.filter((r) => !r.roles?.length && r.public !== 'always').map((r) => `${r.service} ${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /health', 'GET /metrics']));
  });

  it('opens no write to a caller who only reads', () => {
    const writableByViewers = routes.filter((r) => r.method !== 'GET' && r.roles?.includes('viewer')).map((r) => `${r.service} ${r.method} ${r.path}`);
    expect(writableByViewers).toEqual([]);
  });

  it('answers 401 without credentials and with an unknown key, 403 to each role not allowed, and lets the allowed roles through', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => !r.public)) {
      const name = `${route.service} ${route.method} ${route.path}`;
      for (const token of [undefined, 'unknown-key-0123456789abcdef']) {
        const status = await call(route, token);
        if (status !== 401) wrong.push(`${name} ${token ? 'with an unknown key' : 'without credentials'}: ${status}, expected 401`);
      }
      for (const role of ROLES) {
        const allowed = (route.roles ?? []).some((r) => effectiveRoles([role]).has(r));
        const status = await call(route, keyOf(role));
        if (allowed ? status === 401 || status === 403 : status !== 403) wrong.push(`${name} as ${role}: ${status}, expected ${allowed ? 'not 401/403' : 403}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers /health without credentials', async () => {
    for (const { name } of apps) expect(await call({ service: name, method: 'GET', path: '/health' })).toBe(200);
  });
});
