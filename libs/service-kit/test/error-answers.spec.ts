// Boots a tiny service on real PostgreSQL and the in-process broker and checks the one error answer every
// service gives: the body shape, named path and query parameters, malformed JSON, 415, 404 and 409 with a code,
// a service's own domain errors, a generic 500 that carries no stack trace or SQL, a query parameter the operation
// does not declare, and the error answers every operation of the document declares.
import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Module, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { InProcessBroker, PermanentError } from '@replenish/messaging';
import { freshSchemaName, resolveDatabaseUrl } from '@replenish/test-infra';
import {
  ParseIntegerPipe, ParseUuidPipe, PG_UNIQUE_VIOLATION, conflict, createServiceApp, notFound, pgCode, type ServiceDefinition,
} from '@replenish/service-kit';

const SCHEMA = freshSchemaName('service_kit_errors');

class GadgetDto {
  @ApiProperty() @IsString() name!: string;
}

class GadgetSearchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() colour?: string;
}

/** A domain error of the test service, mapped by its definition. */
class GadgetRetiredError extends Error {}

@Controller('gadgets')
class GadgetController {
  constructor(private readonly ds: DataSource) {}

  @Get() list(@Query('limit', new ParseIntegerPipe(10)) limit: number) {
    return { limit };
  }
  @Get('named/:name') named(@Param('name') name: string, @Query('note') note?: string) {
    return { name, note };
  }
  @Get('drafts')
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'vendorId', required: false })
  drafts(@Query('state') state?: string, @Query('vendorId') vendorId?: string) {
    return { state, vendorId };
  }
  @Get('search') search(@Query() q: GadgetSearchDto) {
    return q;
  }
  @Post('publishing') publishing() {
    // What the outbox publisher throws when the effect of a write breaks the event's contract.
    throw new PermanentError('stock-position.changed event breaks its contract: onHand must be at most 40 characters');
  }
  @Get(':id') get(@Param('id', ParseUuidPipe) id: string) {
    throw notFound('id', `unknown gadget ${id}`);
  }
  @Post() create(@Body() body: GadgetDto) {
    if (body.name === 'taken') throw conflict('a gadget named taken exists', 'GADGET_EXISTS');
    if (body.name === 'retired') throw new GadgetRetiredError('gadget retired');
    return body;
  }
  @Post('empty') @HttpCode(204) empty() {}
  @Post('twice') async twice() {
    try {
      await this.ds.query(`SELECT * FROM (VALUES (1), (1)) AS v(x) GROUP BY x HAVING count(*) > 1 AND 1/0 = 1`);
    } catch (e) {
      throw Object.assign(e as Error, { detail: 'SELECT secret FROM gadgets' });
    }
  }
  @Post('duplicate') async duplicate() {
    await this.ds.query(`CREATE TEMP TABLE IF NOT EXISTS t (id int PRIMARY KEY)`);
    try {
      await this.ds.query(`INSERT INTO t VALUES (1), (1)`);
    } catch (e) {
      return { code: pgCode(e), unique: pgCode(e) === PG_UNIQUE_VIOLATION };
    }
  }
}

@Module({ controllers: [GadgetController] })
class GadgetModule {}

const def: ServiceDefinition = {
  name: 'inventory',
  schema: SCHEMA,
  defaultPort: 3002,
  entities: [],
  migrations: [],
  imports: [GadgetModule],
  httpErrors: (e) => (e instanceof GadgetRetiredError ? conflict(e.message, 'GADGET_RETIRED') : undefined),
};

/** The service's JSON log, where the unexpected errors go. */
let log = '';
const logDestination = new Writable({ write: (chunk: Buffer, _enc, done) => done(void (log += chunk.toString())) });

describe('error answers of every service', () => {
  let app: INestApplication;
  let base: string;
  let broker: InProcessBroker;

  const send = async (method: string, path: string, body?: string, contentType?: string) => {
    const res = await fetch(`${base}${path}`, { method, body, headers: contentType ? { 'content-type': contentType } : {} });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const postJson = (path: string, body: unknown) => send('POST', path, JSON.stringify(body), 'application/json');

  beforeAll(async () => {
    const DATABASE_URL = await resolveDatabaseUrl();
    broker = new InProcessBroker({ connectionString: DATABASE_URL, schema: `${SCHEMA}_broker` });
    app = await createServiceApp(def, { broker, env: { DATABASE_URL, KAFKA_BROKERS: undefined, LOG_LEVEL: 'error' }, logDestination });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await broker?.close();
  });

  it('a path parameter that is not a UUID answers 400 naming the parameter', async () => {
    const res = await send('GET', '/gadgets/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: 'Validation failed',
      errors: [{ field: 'id', reason: 'must be a UUID' }],
    });
  });

  it('a query parameter that is not an integer answers 400 naming the parameter', async () => {
    expect((await send('GET', '/gadgets?limit=7')).body).toEqual({ limit: 7 });
    expect((await send('GET', '/gadgets')).body).toEqual({ limit: 10 });
    for (const limit of ['ten', '1.5']) {
      const res = await send('GET', `/gadgets?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'limit', reason: 'must be an integer' }] });
    }
  });

  it('an integer parameter beyond the documented maximum answers 400 naming the parameter', async () => {
    for (const limit of ['100000000000000000000', '-1000000001']) {
      const res = await send('GET', `/gadgets?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errors: [{ field: 'limit', reason: 'must be at most 1000000000 in absolute value' }] });
    }
    expect((await send('GET', '/gadgets?limit=1000000000')).body).toEqual({ limit: 1_000_000_000 });
  });

  it('a NUL or other control character in a path, query or body string answers 400 naming the field', async () => {
    const control = /control characters/;
    const inPath = await send('GET', '/gadgets/named/a%00b');
    expect(inPath.status).toBe(400);
    expect(inPath.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'name', reason: expect.stringMatching(control) }] });
    const inQuery = await send('GET', '/gadgets/named/a?note=%1B');
    expect(inQuery.status).toBe(400);
    expect(inQuery.body).toMatchObject({ errors: [{ field: 'note', reason: expect.stringMatching(control) }] });
    const inBody = await postJson('/gadgets', { name: 'bell\u0007' });
    expect(inBody.status).toBe(400);
    expect(inBody.body).toMatchObject({ errors: [{ field: 'name', reason: expect.stringMatching(control) }] });
    // Tabs and line breaks are text a person types.
    expect((await send('GET', '/gadgets/named/a?note=two%0Alines%09tabbed')).body).toEqual({ name: 'a', note: 'two\nlines\ttabbed' });
  });

  it('a write whose event would break its contract answers 400 with the reason, not 500', async () => {
    const res = await send('POST', '/gadgets/publishing');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '(body)', reason: 'stock-position.changed event breaks its contract: onHand must be at most 40 characters' }],
    });
  });

  it('sends security headers and no X-Powered-By; the CSP lets the Swagger UI load its own scripts', async () => {
    const res = await fetch(`${base}/gadgets`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const docs = await fetch(`${base}/docs/`);
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    const html = await docs.text();
    // Every script of the page is a same-origin file the CSP allows, none inline.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/g)).toBeNull();
    for (const src of [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!)) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      expect((await fetch(new URL(src, `${base}/docs/`))).status).toBe(200);
    }
  });

  it('a bad body field answers 400 naming the field, with the code', async () => {
    const res = await postJson('/gadgets', { name: 7 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: 'Validation failed',
      errors: [{ field: 'name', reason: expect.stringMatching(/string/) }],
    });
  });

  it('malformed JSON answers 400 naming the body', async () => {
    const res = await send('POST', '/gadgets', '{"name": ', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: 'Malformed JSON' });
    expect(res.body!.errors).toEqual([{ field: '(body)', reason: expect.stringMatching(/^malformed JSON: /) }]);
  });

  it('a body that is not application/json answers 415 naming application/json, not a list of missing fields', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const res = await send('POST', '/gadgets', contentType?.includes('form') ? 'name=x' : '{"name":"x"}', contentType);
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', code: 'unsupported_media_type' });
      expect(res.body!.message).toContain('application/json');
      expect(res.body!.errors).toEqual([{ field: '(body)', reason: expect.stringContaining('application/json') }]);
    }
    expect((await send('POST', '/gadgets', '{"name":"x"}', 'application/json; charset=utf-8')).status).toBe(201);
    expect((await send('POST', '/gadgets/empty')).status).toBe(204);
  });

  it('a missing reference answers 404 naming it, with the code', async () => {
    const res = await send('GET', '/gadgets/7c0f2b3e-52a4-4d0e-9d7f-6f1f0c1e2a3b');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      statusCode: 404, error: 'Not Found', code: 'not_found', message: 'unknown gadget 7c0f2b3e-52a4-4d0e-9d7f-6f1f0c1e2a3b',
      errors: [{ field: 'id', reason: 'unknown gadget 7c0f2b3e-52a4-4d0e-9d7f-6f1f0c1e2a3b' }],
    });
    const route = await send('GET', '/nowhere');
    expect(route.status).toBe(404);
    expect(route.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'not_found' });
  });

  it('a conflict answers 409 with its own code; a domain error maps through the service definition', async () => {
    expect(await postJson('/gadgets', { name: 'taken' })).toMatchObject({
      status: 409, body: { statusCode: 409, error: 'Conflict', code: 'GADGET_EXISTS', message: 'a gadget named taken exists' },
    });
    expect(await postJson('/gadgets', { name: 'retired' })).toMatchObject({
      status: 409, body: { statusCode: 409, error: 'Conflict', code: 'GADGET_RETIRED', message: 'gadget retired' },
    });
  });

  it('an unexpected error answers a generic 500 without stack trace or SQL', async () => {
    const res = await send('POST', '/gadgets/twice');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'internal_error', message: 'Internal server error' });
    expect(res.text).not.toMatch(/SELECT|division|at .*\.ts/);
    expect(log).toMatch(/division by zero/);
  });

  it('a query parameter the operation does not declare answers 400 naming it and those the operation takes', async () => {
    const res = await send('GET', '/gadgets/drafts?state=draft&productId=P1&sort=asc');
    expect(res.status).toBe(400);
    const offer = 'this operation takes: state, vendorId';
    expect(res.body).toEqual({
      statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: `unknown query parameters productId, sort; ${offer}`,
      errors: [{ field: 'productId', reason: `unknown query parameter; ${offer}` }, { field: 'sort', reason: `unknown query parameter; ${offer}` }],
    });
    expect((await send('GET', '/gadgets/drafts?state=draft&vendorId=V1')).body).toEqual({ state: 'draft', vendorId: 'V1' });
  });

  it('a query parameter not declared is refused the same way by an operation taking a query DTO, or none', async () => {
    expect((await send('GET', '/gadgets/search?colour=red')).body).toEqual({ colour: 'red' });
    expect(await send('GET', '/gadgets/search?color=red')).toMatchObject({
      status: 400, body: { message: 'unknown query parameter color; this operation takes: colour', errors: [{ field: 'color' }] },
    });
    expect(await send('GET', '/gadgets/7c0f2b3e-52a4-4d0e-9d7f-6f1f0c1e2a3b?expand=parts')).toMatchObject({
      status: 400, body: { errors: [{ field: 'expand', reason: 'unknown query parameter; this operation takes no query parameters' }] },
    });
    expect((await send('GET', '/health?verbose=1')).status).toBe(400);
  });

  it('the document declares the error answers every operation can give, with the one error body', async () => {
    const doc = (await send('GET', '/docs-json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.responses).sort();
    expect(statuses('/health', 'get')).toEqual(['200', '400', '503']);
    expect(statuses('/gadgets/{id}', 'get')).toEqual(['200', '400', '404']);
    expect(statuses('/gadgets', 'post')).toEqual(['201', '400', '413', '415', '429']);
    expect(doc.paths['/gadgets/{id}']!['get']!.responses['404']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } },
    });
  });

  it('reads the SQLSTATE of a PostgreSQL error through TypeORM', async () => {
    expect((await send('POST', '/gadgets/duplicate')).body).toEqual({ code: PG_UNIQUE_VIOLATION, unique: true });
  });
});
