// Boots a tiny service with authentication on (API keys, an HS256 secret and a JWKS served by this test) on real
// PostgreSQL and the in-process broker: 401/403 in the one error body before any validation or lookup, roles from
// keys and token claims, the audit of planner actions and the `actor` header of the events they cause, the body and
// string limits and the write rate limit.
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { Body, Controller, Get, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { eventHeaders, productUpserted } from '@replenish/contracts';
import { EventPublisher, InProcessBroker } from '@replenish/messaging';
import { freshSchemaName, resolveDatabaseUrl, waitFor } from '@replenish/test-infra';
import { ParseUuidPipe, Roles, StartupError, createServiceApp, notFound, type ServiceDefinition } from '@replenish/service-kit';

const SCHEMA = freshSchemaName('service_kit_auth');
const KEY = { viewer: 'viewer-key-0123456789', planner: 'planner-key-0123456789', admin: 'admin-key-0123456789', burst: 'burst-key-0123456789' };
const API_KEYS = `reader=${KEY.viewer}:viewer;plans=${KEY.planner}:planner;boss=${KEY.admin}:admin;burst=${KEY.burst}:integrator`;
const SECRET = 'a-shared-secret-of-at-least-32-characters';
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'replenish';
const WRITES_PER_MINUTE = 5;
const MAX_STRING = 50;
const UUID = '0b9a3f0e-6c1d-4b8e-9a7f-2d3c4b5a6e7f';

class GizmoDto {
  @ApiProperty() @IsString() name!: string;
  @ApiProperty() @IsOptional() @IsString() note?: string;
}

@Controller('gizmos')
class GizmoController {
  constructor(
    private readonly ds: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  @Get() @Roles('viewer') list() {
    return [];
  }
  @Get('undeclared') undeclared() {
    return 'open by accident';
  }
  @Get(':id') @Roles('viewer') get(@Param('id', ParseUuidPipe) id: string) {
    throw notFound('id', `unknown gizmo ${id}`);
  }
  @Post() @Roles('admin') create(@Body() body: GizmoDto) {
    return body;
  }
  @Post('moves') @Roles('integrator') move(@Body() body: GizmoDto) {
    return body;
  }
  @Post(':id/snooze') @HttpCode(200) @Roles('planner') async snooze(@Param('id', ParseUuidPipe) id: string) {
    const uom = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
    const event = await this.publisher.publish(this.ds.manager, productUpserted, {
      productId: id, sku: id, name: 'gizmo', stockUom: uom, uoms: [uom], routes: [], takeFromStockFirst: false, active: true,
    });
    return { snoozed: id, eventId: event.id };
  }
}

@Module({ controllers: [GizmoController] })
class GizmoModule {}

const def: ServiceDefinition = { name: 'planning', schema: SCHEMA, defaultPort: 3003, entities: [], migrations: [], imports: [GizmoModule] };

describe('authentication and roles', () => {
  let app: INestApplication;
  let base: string;
  let broker: InProcessBroker;
  let jwksServer: Server;
  let signWithIssuerKey: (claims: Record<string, unknown>) => Promise<string>;

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) as unknown };
  };
  const hs256 = (claims: Record<string, unknown>, secret = SECRET) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('alice').setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as { port: number }).port}/.well-known/jwks.json`;
    signWithIssuerKey = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('bob').setExpirationTime('5m')
        .sign(privateKey);

    const DATABASE_URL = await resolveDatabaseUrl();
    broker = new InProcessBroker({ connectionString: DATABASE_URL, schema: `${SCHEMA}_broker` });
    const env = {
      DATABASE_URL, KAFKA_BROKERS: undefined, LOG_LEVEL: 'error', AUTH_DISABLED: 'false', AUTH_API_KEYS: API_KEYS,
      AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_ROLES_CLAIM: 'realm_access.roles',
      RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES_PER_MINUTE), HTTP_BODY_LIMIT_KB: '1', HTTP_MAX_STRING_LENGTH: String(MAX_STRING),
    };
    app = await createServiceApp(def, { broker, env });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await broker?.close();
    jwksServer?.close();
  });

  it('refuses a request without credentials with 401 in the one error body, before validating or looking anything up', async () => {
    for (const [method, path, body] of [['GET', '/gizmos'], ['GET', `/gizmos/${UUID}`], ['GET', '/gizmos/not-a-uuid'], ['POST', '/gizmos', { bad: 1 }]] as const) {
      const res = await call(method, path, undefined, body);
      expect({ path, status: res.status, body: res.body }).toEqual({
        path, status: 401, body: { statusCode: 401, error: 'Unauthorized', code: 'unauthorized', message: expect.stringContaining('Bearer') },
      });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses an unknown key, a token signed with another secret and an expired token with 401', async () => {
    const expired = await new SignJWT({ realm_access: { roles: ['viewer'] } }).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER)
      .setAudience(AUDIENCE).setSubject('alice').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(SECRET));
    for (const token of ['not-a-key-0123456789', await hs256({ realm_access: { roles: ['viewer'] } }, 'another-secret-of-at-least-32-characters'), expired]) {
      expect((await call('GET', '/gizmos', token)).status).toBe(401);
    }
  });

  it('answers 403 to a caller without the role, whether or not the resource exists, in the one error body', async () => {
    for (const [method, path] of [['POST', '/gizmos'], ['POST', `/gizmos/${UUID}/snooze`], ['POST', '/gizmos/not-a-uuid/snooze']] as const) {
      const res = await call(method, path, KEY.viewer, { name: 'x' });
      expect({ path, status: res.status, body: res.body }).toEqual({
        path, status: 403, body: { statusCode: 403, error: 'Forbidden', code: 'forbidden', message: expect.any(String) },
      });
    }
  });

  it('lets a key in with its roles: every role reads, admin implies every role, the rest only their own', async () => {
    expect((await call('GET', '/gizmos', KEY.planner)).status).toBe(200);
    expect((await call('GET', `/gizmos/${UUID}`, KEY.viewer)).status).toBe(404);
    expect((await call('POST', '/gizmos', KEY.admin, { name: 'g' })).status).toBe(201);
    expect((await call('POST', '/gizmos/moves', KEY.admin, { name: 'g' })).status).toBe(201);
    expect((await call('POST', '/gizmos', KEY.planner, { name: 'g' })).status).toBe(403);
  });

  it('refuses to everyone, admin included, a route that declares no role', async () => {
    for (const token of [KEY.viewer, KEY.admin]) expect((await call('GET', '/gizmos/undeclared', token)).status).toBe(403);
  });

  it('takes HS256 tokens signed with the shared secret, roles from the configured claim', async () => {
    expect((await call('GET', '/gizmos', await hs256({ realm_access: { roles: ['viewer'] } }))).status).toBe(200);
    expect((await call('POST', '/gizmos', await hs256({ realm_access: { roles: ['viewer'] } }), { name: 'g' })).status).toBe(403);
    expect((await call('POST', '/gizmos', await hs256({ realm_access: { roles: ['admin'] } }), { name: 'g' })).status).toBe(201);
    expect((await call('GET', '/gizmos', await hs256({ roles: ['viewer'] }))).status).toBe(403); // roles not in the configured claim
  });

  it("takes tokens signed with the issuer's JWKS keys and checks their issuer and audience", async () => {
    expect((await call('POST', '/gizmos', await signWithIssuerKey({ realm_access: { roles: ['admin'] } }), { name: 'g' })).status).toBe(201);
    const otherAudience = await new SignJWT({ realm_access: { roles: ['admin'] } }).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER)
      .setAudience('someone-else').setSubject('alice').setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
    expect((await call('GET', '/gizmos', otherAudience)).status).toBe(401);
  });

  it('records a planner action with its caller in the audit list and puts the caller in the headers of the events it causes', async () => {
    const res = await call('POST', `/gizmos/${UUID}/snooze`, KEY.planner);
    expect(res.status).toBe(200);
    const audit = await call('GET', '/audit?actor=apikey:plans', KEY.viewer);
    expect(audit.status).toBe(200);
    expect(audit.body).toEqual([expect.objectContaining({
      actor: 'apikey:plans', action: 'POST /gizmos/:id/snooze', path: `/gizmos/${UUID}/snooze`, status: 200, request: expect.objectContaining({ params: { id: UUID } }),
    })]);
    const eventId = (res.body as { eventId: string }).eventId;
    const message = await waitFor(async () => (await broker.readAll(productUpserted.topic)).find((m) => m.headers[eventHeaders.id] === eventId), {
      description: 'the snooze event on the broker',
    });
    expect(message.headers[eventHeaders.actor]).toBe('apikey:plans');
  });

  it('does not audit reads nor the writes of other roles', async () => {
    await call('POST', '/gizmos', KEY.admin, { name: 'not audited' });
    const audit = await call('GET', '/audit', KEY.viewer);
    expect((audit.body as { actor: string }[]).map((e) => e.actor)).not.toContain('apikey:boss');
  });

  it('answers /health, and /metrics unless METRICS_AUTH=true, without credentials', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('GET', '/metrics')).status).toBe(200);
    const DATABASE_URL = await resolveDatabaseUrl();
    const guarded = await createServiceApp(def, { broker, env: { DATABASE_URL, KAFKA_BROKERS: undefined, LOG_LEVEL: 'error', AUTH_DISABLED: 'false', AUTH_API_KEYS: API_KEYS, METRICS_AUTH: 'true' } });
    try {
      await guarded.listen(0, '127.0.0.1');
      const url = `${(await guarded.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${KEY.viewer}` } })).status).toBe(403);
      expect((await fetch(url, { headers: { authorization: `Bearer ${KEY.admin}` } })).status).toBe(200);
      expect((await fetch(url.replace('/metrics', '/health'))).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('answers 413 in the one error body to a body above the limit', async () => {
    const res = await call('POST', '/gizmos', KEY.admin, { name: 'g', note: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
  });

  it('answers 400 naming the field to a string above the maximum length, though its DTO sets none', async () => {
    const res = await call('POST', '/gizmos', KEY.admin, { name: 'g', note: 'x'.repeat(MAX_STRING + 1) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'note', reason: `must be at most ${MAX_STRING} characters` }] });
  });

  it('answers 429 with Retry-After to a client above the write rate limit, leaving other clients and reads alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= WRITES_PER_MINUTE; i++) statuses.push((await call('POST', '/gizmos/moves', KEY.burst, { name: `m${i}` })).status);
    expect(statuses).toEqual([...Array<number>(WRITES_PER_MINUTE).fill(201), 429]);
    const refused = await call('POST', '/gizmos/moves', KEY.burst, { name: 'again' });
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'too_many_requests' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('GET', '/gizmos', KEY.burst)).status).toBe(200);
    expect((await call('POST', '/gizmos/moves', await hs256({ realm_access: { roles: ['integrator'] } }), { name: 'other client' })).status).toBe(201);
  });

  it('declares the bearer scheme and the 401 and 403 answers in the OpenAPI document', async () => {
    const doc = (await call('GET', '/docs-json')).body as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown>; 'x-roles'?: string[] }>>;
    };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const snooze = doc.paths['/gizmos/{id}/snooze']!.post!;
    expect(snooze.security).toEqual([{ bearer: [] }]);
    expect(snooze['x-roles']).toEqual(['planner']);
    expect(Object.keys(snooze.responses)).toEqual(expect.arrayContaining(['401', '403', '413', '429']));
  });

  it('refuses to start without credentials, naming the variables, unless AUTH_DISABLED=true', async () => {
    const DATABASE_URL = await resolveDatabaseUrl();
    const start = createServiceApp(def, { broker, env: { DATABASE_URL, KAFKA_BROKERS: undefined, AUTH_DISABLED: undefined, AUTH_API_KEYS: undefined } });
    await expect(start).rejects.toThrow(StartupError);
    await expect(start).rejects.toThrow(/AUTH_API_KEYS, AUTH_JWT_SECRET or AUTH_JWKS_URL.*AUTH_DISABLED=true/);
  });
});
