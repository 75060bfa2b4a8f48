// Two services in one process (as the embedded launcher runs them) on real PostgreSQL and one in-process broker:
// every line of an event's handling carries the event's correlation id and the name of the service handling it,
// although Nest's static logger is shared and points at the service started last.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Controller, Get, Logger, Module, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import pg from 'pg';
import { createEnvelope, productUpserted, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { batchCorrelation, correlationStore, envelopeHeaders, InProcessBroker } from '@replenish/messaging';
import { createServiceApp, type ServiceDefinition } from '@replenish/service-kit';
import { waitFor } from '@replenish/test-infra';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = randomUUID().slice(0, 8);
const SCHEMAS = ['service_kit_logs_inventory', 'service_kit_logs_planning', 'service_kit_logs_broker'];

@Controller()
class ProductListener {
  private readonly logger = new Logger('ProductListener');
  @EventPattern<string>(productUpserted.type)
  async onProduct(@Payload() event: EventEnvelope<PayloadOf<typeof productUpserted>>) {
    this.logger.log(`learnt product ${event.payload.productId}`);
  }
}

@Controller('ping')
class PingController {
  private readonly logger = new Logger('PingController');
  @Get() ping() {
    this.logger.log('pinged');
    return { pong: true };
  }
}

@Module({ controllers: [PingController, ProductListener] })
class ListeningModule {}

@Module({ controllers: [PingController] })
class QuietModule {}

const service = (name: 'inventory' | 'planning', imports: ServiceDefinition['imports']): ServiceDefinition => ({
  name, schema: `service_kit_logs_${name}`, defaultPort: 0, entities: [], migrations: [], imports,
});

const logLines: Record<string, unknown>[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

const lineWhere = (match: (l: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<Record<string, unknown>> =>
  waitFor(() => logLines.find(match), { description: 'a matching log line', timeoutMs });

describe('log lines of services sharing a process', () => {
  let broker: InProcessBroker;
  const apps: INestApplication[] = [];
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    for (const s of SCHEMAS) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
    broker = new InProcessBroker({ connectionString: DATABASE_URL, schema: 'service_kit_logs_broker' });
    // inventory first: Nest's static logger ends up pointing at planning's, started last. Consumer groups of this
    // run only: the in-process broker's partition claims are database-wide, whatever its schema.
    for (const def of [service('inventory', [ListeningModule]), service('planning', [QuietModule])]) {
      const env = { DATABASE_URL, KAFKA_BROKERS: undefined, LOG_LEVEL: 'info', CONSUMER_GROUP: `${def.name}-${run}` };
      const app = await createServiceApp(def, { broker, env, logDestination });
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      urls[def.name] = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    }
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await broker.close();
  });

  it("an event's handling logs its correlation id, its event id and the handling service's name", async () => {
    const uom = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
    const event = createEnvelope(productUpserted, {
      productId: 'p-logged', sku: 'p-logged', name: 'p', stockUom: uom, uoms: [uom], routes: [], takeFromStockFirst: false, active: true,
    }, { source: 'test', correlationId: 'corr-known-1' });
    await broker.publish([{ topic: productUpserted.topic, messages: [{ key: event.key, value: JSON.stringify(event), headers: envelopeHeaders(event) }] }]);
    expect(await lineWhere((l) => l.msg === 'learnt product p-logged')).toMatchObject({
      level: 'info', service: 'inventory', context: 'ProductListener', correlationId: 'corr-known-1', eventId: event.id,
    });
  });

  it("each service's consumer and request lines carry that service's name", async () => {
    expect(await lineWhere((l) => l.context === 'Messaging' && String(l.msg).startsWith(`group inventory-${run} consuming`))).toMatchObject({ service: 'inventory' });
    for (const name of ['inventory', 'planning']) {
      const res = await fetch(`${urls[name]}/ping`, { headers: { 'x-correlation-id': `corr-ping-${name}` } });
      expect(res.status).toBe(200);
      expect(await lineWhere((l) => l.msg === 'pinged' && l.correlationId === `corr-ping-${name}`)).toMatchObject({ service: name, context: 'PingController' });
      expect(await lineWhere((l) => l.msg === 'request completed' && l.correlationId === `corr-ping-${name}`)).toMatchObject({ service: name });
    }
  });

  it('a line about a batch of events carries the correlation id of each', async () => {
    const logger = new Logger('BatchSummary');
    correlationStore.run(batchCorrelation([{ correlationId: 'c-1' }, { correlationId: 'c-2' }, { correlationId: 'c-1' }]), () => logger.log('batch applied'));
    expect(await lineWhere((l) => l.msg === 'batch applied')).toMatchObject({ correlationIds: ['c-1', 'c-2'] });
  });
});
