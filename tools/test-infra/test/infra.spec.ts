// Proves the test infrastructure works: a real Kafka broker round-trips a message and PostgreSQL answers.
// Runs in the jest "integration" project, whose global setup provides KAFKA_BROKERS and DATABASE_URL.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
// Explicit per-test timeouts: jest 30 ignores `testTimeout` inside a `projects` entry (it is a global option).
const SLOW = 120_000;

import {
  createTestDatabase,
  createTestSchema,
  createTopics,
  deleteTopics,
  freshSchemaName,
  freshTopicName,
  kafkaBrokers,
  readDeployTopics,
  resolveDatabaseUrl,
  waitFor,
} from '../src/index.js';

describe('test infrastructure', () => {
  describe('Kafka', () => {
    const brokers = kafkaBrokers();
    const kafka = new Kafka({ clientId: 'test-infra-spec', brokers, logLevel: logLevel.ERROR });

    it('has KAFKA_BROKERS from the global setup', () => {
      expect(process.env.KAFKA_BROKERS).toBeTruthy();
      expect(brokers.length).toBeGreaterThan(0);
    });

    it('has the deploy topics with their declared partition counts', async () => {
      const declared = readDeployTopics();
      const admin = kafka.admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: declared.map((t) => t.topic) });
        const actual = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
        // Partitions can grow but not shrink; an existing broker may have more than declared.
        for (const t of declared) expect({ topic: t.topic, enough: (actual[t.topic] ?? 0) >= t.numPartitions }).toEqual({ topic: t.topic, enough: true });
      } finally {
        await admin.disconnect();
      }
    }, SLOW);

    it('round-trips a message on a fresh topic', async () => {
      const topic = freshTopicName('test-infra.roundtrip');
      await createTopics(brokers, [{ topic, numPartitions: 3 }]);
      const received: { key: string | undefined; value: string | undefined; partition: number }[] = [];
      // maxWaitTimeInMs: disconnect() waits for the in-flight fetch long-poll (default 5 s); keep it short in tests.
      const consumer = kafka.consumer({ groupId: `${topic}.group`, maxWaitTimeInMs: 250 });
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      try {
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message, partition }) => {
            received.push({ key: message.key?.toString(), value: message.value?.toString(), partition });
          },
        });
        await producer.connect();
        const payload = JSON.stringify({ sku: 'SKU-1', qty: 3, at: new Date().toISOString() });
        await producer.send({ topic, messages: [{ key: 'SKU-1', value: payload }] });

        const got = await waitFor(() => received.find((m) => m.key === 'SKU-1'), { timeoutMs: 60_000, description: `message on ${topic}` });
        expect(got.value).toBe(payload);
      } finally {
        await producer.disconnect();
        await consumer.disconnect();
        await deleteTopics(brokers, [topic]);
      }
    }, SLOW);
  });

  describe('PostgreSQL', () => {
    it('answers on DATABASE_URL', async () => {
      const url = await resolveDatabaseUrl();
      expect(url).toBe(process.env.DATABASE_URL);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ db: string; one: number }>('select current_database() as db, 1::int as one');
        expect(rows[0]).toEqual({ db: expect.any(String), one: 1 });
      } finally {
        await client.end();
      }
    });

    it('gives each test an isolated schema via createTestSchema', async () => {
      const s = await createTestSchema({ prefix: 'test_infra' });
      const client = new pg.Client({ connectionString: s.databaseUrl });
      await client.connect();
      try {
        await client.query('create table widget (id int primary key)'); // unqualified: lands in the test schema
        const { rows } = await client.query<{ schema: string }>("select table_schema as schema from information_schema.tables where table_name = 'widget'");
        expect(rows.map((r) => r.schema)).toContain(s.schema);
        const { rows: sp } = await client.query<{ s: string }>('select current_schema() as s');
        expect(sp[0].s).toBe(s.schema);
      } finally {
        await client.end();
        await s.drop();
      }
    });

    it('creates and drops a throwaway database via createTestDatabase', async () => {
      const db = await createTestDatabase({ prefix: 'test_infra' });
      const client = new pg.Client({ connectionString: db.databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      await client.end();
      expect(rows[0].db).toBe(db.name);
      await db.drop();
    });
  });

  describe('helpers', () => {
    it('freshSchemaName yields distinct, valid identifiers', () => {
      const a = freshSchemaName('Planning-Tests');
      const b = freshSchemaName('Planning-Tests');
      expect(a).not.toBe(b);
      expect(a).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
      expect(freshSchemaName('9x'.repeat(60)).length).toBeLessThanOrEqual(63);
    });

    it('waitFor resolves with the first truthy value and explains a timeout', async () => {
      let n = 0;
      await expect(waitFor(() => ++n >= 3 && n, { intervalMs: 1 })).resolves.toBe(3);
      await expect(waitFor(() => false, { timeoutMs: 50, intervalMs: 10, description: 'the impossible' })).rejects.toThrow(
        /Timed out after 50 ms .*waiting for the impossible; last value: false/,
      );
      await expect(
        waitFor(
          () => {
            throw new Error('boom');
          },
          { timeoutMs: 30, intervalMs: 10 },
        ),
      ).rejects.toThrow(/last error: boom/);
    });
  });
});
