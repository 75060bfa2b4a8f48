import { createEnvelope, type EventEnvelope } from '@replenish/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { BatchContext, ConsumedMessage } from '../src/broker/broker.js';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { EventConsumer, type EventConsumerOptions } from '../src/consumer/consumer.js';
import { DLQ_HEADERS } from '../src/consumer/dead-letter.js';
import { silentLogger } from '../src/logger.js';
import { MessagingMetrics } from '../src/metrics.js';
import { MessagingHealth } from '../src/nest/messaging.module.js';
import { envelopeHeaders, EventPublisher } from '../src/outbox/publisher.js';
import {
  applyEffect, dropSchema, env, openDataSource, randomName, readEffects, testCatalog, testEventOn, testPayload, type TestEventDef, type TestPayload,
} from '../src/testing/fixtures.js';
import { createTopic, readDeadLetters, waitFor } from './support.js';

/** 15 digits: a valid quantity whose consequences (here: a hundredfold) no longer fit the contract's bound of 15 (contracts-002). */
const HUGE = '999999999999999';

describe('poison isolation over Kafka and PostgreSQL', () => {
  const schema = randomName('poison');
  let ds: DataSource;
  let broker: KafkaBroker;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    ds = await openDataSource(schema, 8);
    broker = new KafkaBroker(env.kafkaBrokers, 'poison-spec');
  });

  afterEach(async () => {
    while (closers.length) await closers.pop()!();
    await ds.query(`TRUNCATE "${schema}".effects, "${schema}".inbox, "${schema}".outbox`);
  });

  afterAll(async () => {
    await broker.close();
    await dropSchema(ds, schema);
    await ds.destroy();
  });

  const newTopic = async (): Promise<{ topic: string; def: TestEventDef }> => {
    const topic = randomName('test.poison').replace(/_/g, '.');
    await createTopic(broker, topic, 1);
    return { topic, def: testEventOn(topic) };
  };

  /** Sends the payloads as events of `def`, in order, on one partition (one key). */
  const send = async (def: TestEventDef, payloads: TestPayload[], extra: Array<{ value: string; headers: Record<string, string> }> = []): Promise<EventEnvelope[]> => {
    const envelopes = payloads.map((p) => createEnvelope(def, p, { source: 'spec' }));
    await broker.publish([{ topic: def.topic, messages: [
      ...envelopes.map((e) => ({ key: 'x', value: JSON.stringify(e), headers: envelopeHeaders(e) })),
      ...extra.map((m) => ({ key: 'x', ...m })),
    ] }]);
    return envelopes;
  };

  const consumerOf = (def: TestEventDef, handle: (e: EventEnvelope, tx: EntityManager) => Promise<void>, opts: Partial<EventConsumerOptions> = {}): EventConsumer =>
    new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'g-' + def.topic, catalog: testCatalog(def),
      handlers: [{ defs: def, handle }], retry: { attempts: 3, baseMs: 20, maxMs: 50 }, ...opts,
    });

  /** A broker batch handed over by hand, recording the offset committed. */
  const deliver = async (consumer: EventConsumer, messages: ConsumedMessage[]): Promise<string[]> => {
    const commits: string[] = [];
    const ctx: BatchContext = { heartbeat: async () => undefined, isRunning: () => true, isStale: () => false, commit: async (o) => void commits.push(o) };
    await consumer.processBatch({ topic: messages[0]!.topic, partition: 0, messages }, ctx);
    return commits;
  };

  const deadLetters = (topic: string, count: number): Promise<ConsumedMessage[]> => readDeadLetters(broker, topic, count);

  it('dead-letters the one event whose published consequence breaks its contract, applies every valid one once, and moves on', async () => {
    const { topic, def } = await newTopic();
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    const metrics = new MessagingMetrics();
    // Like inventory: the handler publishes what the move causes (here a hundredfold quantity) with its effect.
    const consumer = consumerOf(def, async (e, tx) => {
      const p = e.payload as TestPayload;
      await publisher.publish(tx, def, { ...p, quantity: `${p.quantity}00` });
      await applyEffect(schema, e, tx);
    }, { metrics });
    const payloads = Array.from({ length: 20 }, (_, i) => testPayload('x', i));
    payloads.splice(10, 0, { ...testPayload('x', 99, 'poison'), quantity: HUGE });
    await send(def, payloads);
    await consumer.start();
    closers.push(() => consumer.close());
    await send(def, [testPayload('x', 20)]); // fetched after the poison: not held behind it

    const effects = await waitFor(async () => {
      const rows = await readEffects(ds, schema);
      return rows.length >= 21 ? rows : undefined;
    }, { description: '21 valid events applied', timeoutMs: 90_000 });
    expect(effects.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    const [dl] = await deadLetters(topic, 1);
    expect(dl!.headers[DLQ_HEADERS.reason]).toMatch(/^stock-move.done event breaks its contract: quantity: /);
    expect(dl!.headers[DLQ_HEADERS.originalOffset]).toBe('10');
    expect(metrics.deadLettered).toBe(1);
    expect(metrics.retries).toBe(0); // the event's own fault: never retried
    expect(Number((await ds.query(`SELECT count(*) AS n FROM "${schema}".outbox`))[0].n)).toBe(21);
  });

  it('isolates an event whose effect is refused only at commit (a deferred constraint) and commits the others', async () => {
    const { topic, def } = await newTopic();
    await ds.query(`CREATE TABLE "${schema}".known (move_id text PRIMARY KEY)`);
    await ds.query(`CREATE TABLE "${schema}".refs (move_id text REFERENCES "${schema}".known (move_id) DEFERRABLE INITIALLY DEFERRED)`);
    closers.push(async () => void (await ds.query(`DROP TABLE "${schema}".refs, "${schema}".known`)));
    const payloads = Array.from({ length: 12 }, (_, i) => testPayload('x', i, i === 7 ? 'unknown' : 'ok'));
    await ds.query(`INSERT INTO "${schema}".known SELECT unnest($1::text[])`, [payloads.filter((p) => p.moveId.startsWith('ok')).map((p) => p.moveId)]);
    await send(def, payloads);
    const metrics = new MessagingMetrics();
    const consumer = consumerOf(def, async (e, tx) => {
      await tx.query(`INSERT INTO "${schema}".refs VALUES ($1)`, [(e.payload as TestPayload).moveId]);
      await applyEffect(schema, e, tx);
    }, { metrics });

    const commits = await deliver(consumer, await broker.readAll(topic));
    expect(commits).toEqual(['12']);
    expect((await readEffects(ds, schema)).map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
    const [dl] = await deadLetters(topic, 1);
    expect(dl!.headers[DLQ_HEADERS.reason]).toMatch(/^rejected at commit: .*foreign key.*\(SQLSTATE 23503\)$/);
    expect(dl!.headers[DLQ_HEADERS.originalOffset]).toBe('7');
    expect(metrics.consumed).toBe(11);
    expect(consumer.stuckPartitions()).toEqual([]);
  });

  it('dead-letters a type no handler takes, naming type and topic; counts and skips a type a handler ignores', async () => {
    const { topic, def } = await newTopic();
    await send(def, [testPayload('x', 0)], [
      { value: '{"never":"parsed"}', headers: { 'event-type': 'nobody.handles' } },
      { value: '{"never":"parsed"}', headers: { 'event-type': 'someone-else.happened' } },
    ]);
    const metrics = new MessagingMetrics();
    const debug: string[] = [];
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'g-' + topic, catalog: testCatalog(def), metrics,
      handlers: [{ defs: def, ignores: ['someone-else.happened'], handle: (e, tx) => applyEffect(schema, e, tx) }],
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined, debug: (m) => void debug.push(m) },
    });
    expect(await deliver(consumer, await broker.readAll(topic))).toEqual(['3']);
    expect(await readEffects(ds, schema)).toHaveLength(1);
    const dls = await deadLetters(topic, 1);
    expect(dls.map((m) => m.headers[DLQ_HEADERS.reason])).toEqual([`unknown event type nobody.handles on topic ${topic}`]);
    expect(dls[0]!.headers[DLQ_HEADERS.eventType]).toBe('nobody.handles');
    expect(metrics.snapshot()).toMatchObject({ deadLettered: 1, ignored: 1 });
    expect(debug.some((l) => l.includes('someone-else.happened'))).toBe(true);
  });

  it('reports a partition as stuck once its batch failed on the same offset past the bound, and clears it when it goes through', async () => {
    const { topic, def } = await newTopic();
    await send(def, [testPayload('x', 0), testPayload('x', 1)]);
    const messages = await broker.readAll(topic);
    // The consumer's own schema has no inbox yet: every attempt fails in the database, not in the events.
    const missing = randomName('missing');
    closers.push(async () => void (await ds.query(`DROP SCHEMA IF EXISTS "${missing}" CASCADE`)));
    const metrics = new MessagingMetrics();
    const consumer = consumerOf(def, (e, tx) => applyEffect(schema, e, tx), { schema: missing, metrics, stuckAfterFailures: 3, logger: silentLogger });

    for (let i = 0; i < 2; i++) expect(await deliver(consumer, messages)).toEqual([]);
    expect(consumer.stuckPartitions()).toEqual([]);
    expect(await deliver(consumer, messages)).toEqual([]);
    expect(consumer.stuckPartitions()).toEqual([expect.objectContaining({ topic, partition: 0, offset: '0', failures: 3, reason: expect.stringMatching(/inbox/) })]);
    expect(metrics.snapshot()).toMatchObject({ stuckPartitions: 1, redeliveries: 3 });
    // What /health reads (service-kit answers 503 with it).
    const health = new MessagingHealth({ serviceName: 'spec', schema, broker }, ds, metrics);
    expect((await health.check()).stuck).toEqual([expect.objectContaining({ topic, partition: 0, offset: '0' })]);

    await ds.query(`CREATE SCHEMA "${missing}"; CREATE TABLE "${missing}".inbox (LIKE "${schema}".inbox INCLUDING ALL)`);
    expect(await deliver(consumer, messages)).toEqual(['2']);
    expect(consumer.stuckPartitions()).toEqual([]);
    expect(metrics.snapshot().stuckPartitions).toBe(0);
    expect(await readEffects(ds, schema)).toHaveLength(2);
  });
});
