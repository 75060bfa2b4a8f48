// Boots a tiny service on real PostgreSQL (DATABASE_URL from the jest global setup) and the in-process
// broker, and checks what service-kit gives every service: /health, /metrics, /docs-json, the 400 body,
// the correlation id header, migrations in the service schema.
import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Body, Controller, Get, Injectable, Logger, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsString, ValidateNested } from 'class-validator';
import pg from 'pg';
import { Column, DataSource, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { productUpserted, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { EventPublisher, InProcessBroker } from '@replenish/messaging';
import { ConfigValidationError, IsDecimalString, createServiceApp, type ServiceDefinition } from '@replenish/service-kit';
import { waitFor } from '@replenish/test-infra';

const SCHEMA = 'service_kit_it';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

@Entity({ name: 'widget' })
class Widget {
  @PrimaryColumn('text') id!: string;
  @Column('numeric') quantity!: string;
}

class CreateWidgets1750000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "${SCHEMA}"."widget" (id text PRIMARY KEY, quantity numeric NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${SCHEMA}"."widget"`);
  }
}

class WidgetLineDto {
  @ApiProperty() @IsString() id!: string;
  @ApiProperty({ example: '1.5' }) @IsDecimalString({ positive: true }) quantity!: string;
}

class CreateWidgetsDto {
  @ApiProperty({ type: [WidgetLineDto] })
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => WidgetLineDto)
  lines!: WidgetLineDto[];
}

const handled: EventEnvelope[] = [];

@Injectable()
class WidgetService {
  private readonly logger = new Logger('WidgetService');
  constructor(
    private readonly ds: DataSource,
    private readonly events: EventPublisher,
  ) {}
  /** Publishes product.upserted in the request's transaction: it carries the request's correlation id. */
  announce(id: string) {
    const uom = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
    return this.ds.transaction((tx) =>
      this.events.publish(tx, productUpserted, { productId: id, sku: id, name: id, stockUom: uom, uoms: [uom], routes: [], takeFromStockFirst: false, active: true }),
    );
  }
  onProduct(event: EventEnvelope<PayloadOf<typeof productUpserted>>) {
    this.logger.warn(`handled product ${event.payload.productId}`);
    handled.push(event);
  }
  save(lines: WidgetLineDto[]) {
    return this.ds.transaction((tx) => tx.getRepository(Widget).save(lines.map((l) => Object.assign(new Widget(), l))));
  }
  get(id: string) {
    return this.ds.getRepository(Widget).findOneBy({ id });
  }
}

@Controller()
class ProductConsumer {
  constructor(private readonly widgets: WidgetService) {}
  @EventPattern<string>(productUpserted.type)
  async onProduct(@Payload() event: EventEnvelope<PayloadOf<typeof productUpserted>>) {
    this.widgets.onProduct(event);
  }
}

@Controller('widgets')
class WidgetController {
  constructor(private readonly widgets: WidgetService) {}
  @Post() async create(@Body() body: CreateWidgetsDto) {
    return { saved: (await this.widgets.save(body.lines)).length };
  }
  @Get(':id') get(@Param('id') id: string) {
    return this.widgets.get(id);
  }
  @Post(':id/announce') async announce(@Param('id') id: string) {
    const envelope = await this.widgets.announce(id);
    return { eventId: envelope.id, correlationId: envelope.correlationId };
  }
}

@Module({ controllers: [WidgetController, ProductConsumer], providers: [WidgetService] })
class WidgetModule {}

const def: ServiceDefinition = {
  name: 'inventory',
  schema: SCHEMA,
  defaultPort: 3002,
  entities: [Widget],
  migrations: [CreateWidgets1750000000000],
  imports: [WidgetModule],
};

const env = { DATABASE_URL, KAFKA_BROKERS: undefined, LOG_LEVEL: 'warn' };

const logLines: Record<string, unknown>[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

describe('service-kit app on PostgreSQL and the in-process broker', () => {
  let app: INestApplication;
  let base: string;
  let broker: InProcessBroker;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.end();
    broker = new InProcessBroker({ connectionString: DATABASE_URL, schema: `${SCHEMA}_broker` });
    app = await createServiceApp(def, { broker, env: { ...env, LOG_LEVEL: 'info' }, logDestination });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    // The broker was handed over, so the service left it open: still usable by its owner.
    expect(await broker.healthCheck()).toBe(true);
    await broker.close();
  });

  it('created the schema and ran the migrations, recorded in <schema>_migrations', async () => {
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    try {
      const tables = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [SCHEMA]);
      expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['widget', `${SCHEMA}_migrations`]));
      const ran = await c.query(`SELECT name FROM "${SCHEMA}"."${SCHEMA}_migrations"`);
      expect(ran.rows.map((r) => r.name)).toContain('CreateWidgets1750000000000');
    } finally {
      await c.end();
    }
  });

  it('GET /health is up with the database and the broker', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, broker: { status: 'up' } } });
  });

  it('GET /metrics serves default, HTTP and messaging metrics', async () => {
    await fetch(`${base}/widgets/none`);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^messaging_broker_up 1$/m);
    expect(text).toMatch(/^messaging_relay_lag_rows \d+$/m);
    expect(text).toMatch(/^messaging_events_published_total 0$/m);
    expect(text).toMatch(/^messaging_inbox_purged_total 0$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/widgets\/:id",status="200"\} \d+$/m);
  });

  it('GET /docs-json is the OpenAPI document with the service routes', async () => {
    const res = await fetch(`${base}/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; info: { title: string }; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Replenish inventory');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/widgets', '/widgets/{id}', '/health']));
    expect(doc.paths['/metrics']).toBeUndefined();
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it('refuses bad input with 400 naming each field and reason', async () => {
    const res = await fetch(`${base}/widgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ id: 'w1', quantity: '1' }, { id: 'w2', quantity: 2 }], colour: 'red' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: unknown[] };
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'validation_failed',
      message: 'Validation failed',
      errors: expect.arrayContaining([
        { field: 'lines.1.quantity', reason: expect.stringMatching(/decimal string/) },
        { field: 'colour', reason: expect.stringMatching(/should not exist/) },
      ]),
    });
    expect(body.errors).toHaveLength(2);
  });

  it('accepts valid input and writes through TypeORM', async () => {
    const res = await fetch(`${base}/widgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ id: 'w1', quantity: '1.25' }] }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ saved: 1 });
    const got = await fetch(`${base}/widgets/w1`);
    expect(await got.json()).toEqual({ id: 'w1', quantity: '1.25' });
  });

  it('echoes x-correlation-id, and generates one when absent', async () => {
    const given = await fetch(`${base}/health`, { headers: { 'x-correlation-id': 'corr-123' } });
    expect(given.headers.get('x-correlation-id')).toBe('corr-123');
    const generated = await fetch(`${base}/widgets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(generated.status).toBe(400);
    expect(generated.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs JSON lines carrying the correlation id, from HTTP through the outbox to the event handler', async () => {
    const res = await fetch(`${base}/widgets/p-1/announce`, { method: 'POST', headers: { 'x-correlation-id': 'corr-flow-1' } });
    expect(res.status).toBe(201);
    const { eventId, correlationId } = (await res.json()) as { eventId: string; correlationId: string };
    expect(correlationId).toBe('corr-flow-1'); // EventPublisher read it from correlationStore
    await waitFor(() => handled.some((e) => e.id === eventId), { timeoutMs: 15_000 });
    expect(handled.find((e) => e.id === eventId)?.correlationId).toBe('corr-flow-1');
    // The handler's log line: correlation id and event id from correlationStore (no HTTP request there).
    await waitFor(() => logLines.some((l) => l.msg === 'handled product p-1'), { timeoutMs: 15_000 });
    expect(logLines.find((l) => l.msg === 'handled product p-1')).toMatchObject({
      level: 'warn',
      service: 'inventory',
      context: 'WidgetService',
      correlationId: 'corr-flow-1',
      eventId,
    });
    // pino-http's line for the request, bound to the same correlation id.
    expect(logLines.find((l) => l.msg === 'request completed' && l.correlationId === 'corr-flow-1')).toMatchObject({
      level: 'info',
      req: { method: 'POST', url: '/widgets/p-1/announce' },
      res: { statusCode: 201 },
    });
    expect(logLines.every((l) => typeof l.time === 'string' && typeof l.level === 'string')).toBe(true);
  });

  it('boots again on the migrated schema (migrations are not re-run)', async () => {
    const again = await createServiceApp(def, { broker, env });
    await again.close();
  });

  it('refuses to start with a clear error when the environment is invalid', async () => {
    await expect(createServiceApp(def, { broker, env: { ...env, PORT: 'eighty' } })).rejects.toThrow(
      ConfigValidationError,
    );
    await expect(createServiceApp(def, { env })).rejects.toThrow(/KAFKA_BROKERS is not set and no in-process broker was given/);
  });
});
