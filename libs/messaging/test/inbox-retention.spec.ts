import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { Broker } from '../src/broker/broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { InboxRetention } from '../src/retention/inbox-retention.js';
import { silentLogger } from '../src/logger.js';
import { MessagingMetrics } from '../src/metrics.js';
import { MessagingModule, MessagingRuntime } from '../src/nest/messaging.module.js';
import { dropSchema, env, openDataSource, randomName } from '../src/testing/fixtures.js';
import { waitFor } from './support.js';

describe('inbox retention against PostgreSQL', () => {
  const schema = randomName('msg_retention');
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource(schema);
  });

  afterEach(async () => {
    await ds.query(`TRUNCATE "${schema}".inbox`);
  });

  afterAll(async () => {
    await dropSchema(ds, schema);
    await ds.destroy();
  });

  /** Inserts `count` inbox rows processed `age` ago (a PostgreSQL interval); returns their event ids. */
  const insertRows = async (count: number, age: string, group = 'g1'): Promise<string[]> => {
    const rows = (await ds.query(
      `INSERT INTO "${schema}".inbox (event_id, consumer_group, event_type, processed_at)
       SELECT gen_random_uuid(), $1, 'test.event', now() - $2::interval FROM generate_series(1, $3) RETURNING event_id::text AS id`,
      [group, age, count],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  };

  const remainingIds = async (): Promise<string[]> =>
    ((await ds.query(`SELECT event_id::text AS id FROM "${schema}".inbox ORDER BY 1`)) as Array<{ id: string }>).map((r) => r.id);

  const seed = async (): Promise<{ old: string[]; recent: string[] }> => {
    const old = [...(await insertRows(12, '8 days 1 hour')), ...(await insertRows(10, '30 days')), ...(await insertRows(3, '9 days', 'g2'))];
    const recent = [...(await insertRows(4, '0 seconds')), ...(await insertRows(3, '7 days 23 hours')), ...(await insertRows(2, '1 day', 'g2'))];
    return { old, recent };
  };

  it('deletes exactly the rows older than the retention, in chunks, and reports how many', async () => {
    const { recent } = await seed();
    const metrics = new MessagingMetrics();
    const logged: string[] = [];
    const retention = new InboxRetention({
      dataSource: ds, schema, retentionDays: 8, chunkSize: 10, metrics,
      logger: { log: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    });

    // 25 old rows with chunks of 10: three statements (10, 10, 5).
    expect(await retention.purge()).toBe(25);
    expect(await remainingIds()).toEqual([...recent].sort());
    expect(metrics.inboxPurged).toBe(25);
    expect(logged).toEqual([expect.stringMatching(/^inbox retention: deleted 25 inbox rows processed more than 8 days ago/)]);

    expect(await retention.purge()).toBe(0);
    expect(metrics.inboxPurged).toBe(25);
    expect(logged).toHaveLength(1);
  });

  it('deletes everything old when the old rows are an exact multiple of the chunk size', async () => {
    const recent = await insertRows(2, '1 hour');
    await insertRows(20, '10 days');
    expect(await new InboxRetention({ dataSource: ds, schema, retentionDays: 8, chunkSize: 10, logger: silentLogger }).purge()).toBe(20);
    expect(await remainingIds()).toEqual([...recent].sort());
  });

  it('keeps every row with retention 0', async () => {
    const { old, recent } = await seed();
    const metrics = new MessagingMetrics();
    const retention = new InboxRetention({ dataSource: ds, schema, retentionDays: 0, chunkSize: 10, metrics });
    expect(await retention.purge()).toBe(0);
    expect(await remainingIds()).toEqual([...old, ...recent].sort());
    expect(metrics.inboxPurged).toBe(0);
  });

  it('rejects a negative retention (its cutoff would be in the future)', () => {
    expect(() => new InboxRetention({ dataSource: ds, schema, retentionDays: -1 })).toThrow(/retentionDays must be an integer >= 0/);
  });

  it('skips rows another purger holds instead of waiting for them', async () => {
    const { recent } = await seed();
    const other = ds.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      const held = (await other.query(
        `SELECT event_id::text AS id FROM "${schema}".inbox WHERE processed_at < now() - interval '8 days' ORDER BY 1 LIMIT 5 FOR UPDATE`,
      )) as Array<{ id: string }>;
      const retention = new InboxRetention({ dataSource: ds, schema, retentionDays: 8, chunkSize: 10, logger: silentLogger });
      expect(await retention.purge()).toBe(20);
      await other.rollbackTransaction();
      expect(await remainingIds()).toEqual([...recent, ...held.map((h) => h.id)].sort());
      expect(await retention.purge()).toBe(5);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('purges on its timer once started, and stops', async () => {
    const { recent } = await seed();
    const metrics = new MessagingMetrics();
    const retention = new InboxRetention({ dataSource: ds, schema, retentionDays: 8, chunkSize: 10, initialDelayMs: 0, intervalMs: 60_000, metrics, logger: silentLogger });
    retention.start();
    try {
      await waitFor(async () => metrics.inboxPurged === 25, { description: 'the first scheduled purge', timeoutMs: 90_000 });
    } finally {
      await retention.stop();
    }
    expect(await remainingIds()).toEqual([...recent].sort());
  });

  describe('in MessagingModule', () => {
    // A Kafka broker that is never connected (no relay, no consumer): only its kind matters here.
    const runtimeOf = async (inboxRetentionDays?: number, broker: Broker = new KafkaBroker(env.kafkaBrokers, 'retention-spec')) => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          { module: class DataSourceModule {}, global: true, providers: [{ provide: DataSource, useValue: ds }], exports: [DataSource] },
          MessagingModule.forRoot({ serviceName: 'retention-spec', schema, broker, relayEnabled: false, consume: false, inboxRetentionDays }),
        ],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      return { app, runtime: app.get(MessagingRuntime) };
    };

    it('starts an 8-day retention on bootstrap by default and stops it on shutdown', async () => {
      const { app, runtime } = await runtimeOf();
      try {
        expect(runtime.inboxRetention?.retentionDays).toBe(8);
      } finally {
        await app.close();
      }
      expect(runtime.inboxRetention).toBeUndefined();
    });

    it('starts none on the in-process broker, whose log is never trimmed', async () => {
      const { app, runtime } = await runtimeOf(30, new InProcessBroker({ connectionString: env.databaseUrl }));
      try {
        expect(runtime.inboxRetention).toBeUndefined();
      } finally {
        await app.close();
      }
    });

    it('starts none with inboxRetentionDays 0', async () => {
      const { app, runtime } = await runtimeOf(0);
      try {
        expect(runtime.inboxRetention).toBeUndefined();
      } finally {
        await app.close();
      }
    });
  });
});
