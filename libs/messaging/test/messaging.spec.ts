import { createEnvelope, stockMoveDone, type EventEnvelope } from '@replenish/contracts';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import type { Broker, ConsumedMessage } from '../src/broker/broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { EventConsumer } from '../src/consumer/consumer.js';
import { DLQ_HEADERS } from '../src/consumer/dead-letter.js';
import { keepAlive } from '../src/consumer/heartbeat.js';
import { correlationStore } from '../src/correlation.js';
import { PermanentError } from '../src/errors.js';
import { MessagingMetrics } from '../src/metrics.js';
import { envelopeHeaders, EventPublisher } from '../src/outbox/publisher.js';
import { OutboxRelay } from '../src/outbox/relay.js';
import {
  applyEffect, dropSchema, env, openDataSource, randomName, readEffects, testCatalog, testEventOn, testPayload, type TestEventDef,
} from '../src/testing/fixtures.js';
import { assertExactlyOnceInOrder, createTopic, publishInterleaved, readDeadLetters as readDeadLettersOf, resetGroupOffsets, waitFor } from './support.js';

describe.each(['kafka', 'in-process'] as const)('messaging over %s broker and PostgreSQL', (kind) => {
  const schema = randomName(`msg_${kind === 'kafka' ? 'kafka' : 'inproc'}`);
  let ds: DataSource;
  let broker: Broker;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    ds = await openDataSource(schema, 16);
    broker = kind === 'kafka' ? new KafkaBroker(env.kafkaBrokers, 'messaging-spec') : new InProcessBroker({ connectionString: env.databaseUrl });
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

  const newTopic = async (partitions = 3): Promise<{ topic: string; def: TestEventDef }> => {
    const topic = randomName(`test.${kind}`).replace(/_/g, '.');
    await createTopic(broker, topic, partitions);
    return { topic, def: testEventOn(topic) };
  };

  const startRelay = (metrics = new MessagingMetrics()): OutboxRelay => {
    const relay = new OutboxRelay({ dataSource: ds, schema, broker, metrics, batchSize: 200, pollIntervalMs: 1000 });
    relay.start();
    closers.push(() => relay.stop());
    return relay;
  };

  const startConsumer = async (def: TestEventDef, opts: Partial<ConstructorParameters<typeof EventConsumer>[0]> = {}): Promise<EventConsumer> => {
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'g-' + def.topic, catalog: testCatalog(def),
      handlers: [{ defs: def, handle: (e, tx) => applyEffect(schema, e, tx) }],
      retry: { attempts: 3, baseMs: 50, maxMs: 200 },
      ...opts,
    });
    await consumer.start();
    closers.push(() => consumer.close());
    return consumer;
  };

  const readDeadLetters = (topic: string, count: number): Promise<ConsumedMessage[]> => readDeadLettersOf(broker, topic, count);

  it('keeps order per key from outbox to effects, with keys committing out of id order', async () => {
    const { def } = await newTopic();
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    const keys = Array.from({ length: 8 }, (_, i) => `p${i}`);
    startRelay();
    await startConsumer(def);
    await publishInterleaved(ds, publisher, def, keys, 40, 6);
    const effects = await waitFor(async () => {
      const e = await readEffects(ds, schema);
      return e.length >= 320 ? e : undefined;
    }, { description: 'all effects', timeoutMs: 90_000 });
    assertExactlyOnceInOrder(effects, keys, 40);
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0, { description: 'outbox drained', timeoutMs: 90_000 });
  });

  it('takes the per-key lock: a second writer of the same key waits for the first to commit', async () => {
    const { def } = await newTopic();
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstPublished!: () => void;
    const published = new Promise<void>((r) => (firstPublished = r));
    const first = ds.transaction(async (tx) => {
      await publisher.publish(tx, def, testPayload('k', 0));
      firstPublished();
      await firstHolds;
      order.push('first commits');
    });
    await published;
    const second = ds.transaction(async (tx) => {
      await publisher.publish(tx, def, testPayload('k', 1));
      order.push('second published');
    });
    const other = ds.transaction(async (tx) => {
      await publisher.publish(tx, def, testPayload('other-key', 0));
      order.push('other key published');
    });
    await other; // a different key is not blocked
    await new Promise((r) => setTimeout(r, 300));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['other key published', 'first commits', 'second published']);
    const rows = (await ds.query(`SELECT key, value FROM "${schema}".outbox WHERE key = 'k' ORDER BY id`)) as Array<{ value: string }>;
    expect(rows.map((r) => (JSON.parse(r.value) as EventEnvelope<{ quantity: string }>).payload.quantity)).toEqual(['1', '2']);
  });

  it('publishes with correlation from the context, the causing event, or the correlation store', async () => {
    const { def } = await newTopic();
    const publisher = new EventPublisher({ serviceName: 'spec-service', schema });
    await ds.transaction(async (tx) => {
      const a = await publisher.publish(tx, def, testPayload('c', 0));
      expect(a.source).toBe('spec-service');
      expect(a.correlationId).toBe(a.id);
      const b = await publisher.publish(tx, def, testPayload('c', 1), { causedBy: a });
      expect([b.correlationId, b.causationId]).toEqual([a.id, a.id]);
      const c = await publisher.publish(tx, def, testPayload('c', 2), { correlationId: 'req-1' });
      expect([c.correlationId, c.causationId]).toEqual(['req-1', null]);
      const d = await correlationStore.run({ correlationId: 'corr-9', eventId: a.id }, () => publisher.publish(tx, def, testPayload('c', 3)));
      expect([d.correlationId, d.causationId]).toEqual(['corr-9', a.id]);
      const many = await publisher.publishMany(tx, [0, 1, 2].map((i) => ({ def, payload: testPayload('m', i) })), { correlationId: 'batch' });
      expect(many.map((e) => e.correlationId)).toEqual(['batch', 'batch', 'batch']);
      const own = await publisher.publishMany(tx, [{ def, payload: testPayload('o', 0), ctx: { causedBy: b } }, { def, payload: testPayload('o', 1) }], { correlationId: 'shared' });
      expect(own.map((e) => [e.correlationId, e.causationId])).toEqual([[a.id, b.id], ['shared', null]]);
    });
    const rows = (await ds.query(`SELECT key, headers FROM "${schema}".outbox ORDER BY id`)) as Array<{ key: string; headers: Record<string, string> }>;
    expect(rows.map((r) => r.key)).toEqual(['c', 'c', 'c', 'c', 'm', 'm', 'm', 'o', 'o']);
    expect(rows[0].headers['event-type']).toBe('stock-move.done');
  });

  it('publishes with the caller\'s writes in one statement: one may reference a row another inserts; a failing one leaves no event', async () => {
    const { def } = await newTopic();
    const publisher = new EventPublisher({ serviceName: 'spec-service', schema });
    await ds.query(`CREATE TABLE IF NOT EXISTS "${schema}".parent (id int PRIMARY KEY, note text)`);
    await ds.query(`CREATE TABLE IF NOT EXISTS "${schema}".child (parent_id int REFERENCES "${schema}".parent (id))`);
    const child = (id: number) => ({ text: `INSERT INTO "${schema}".child (parent_id) SELECT * FROM unnest($1::int[])`, params: [[id]] });
    const parent = (id: number) => ({ text: `INSERT INTO "${schema}".parent (id, note) VALUES ($1, $2)`, params: [id, `parent ${id}`] });
    const outboxRows = async () => Number(((await ds.query(`SELECT count(*) AS n FROM "${schema}".outbox`)) as Array<{ n: string }>)[0].n);

    // the child before its parent: the foreign key is checked when the whole statement ends
    await ds.transaction((tx) => publisher.publishMany(tx, [{ def, payload: testPayload('w', 0) }], undefined, [child(1), parent(1), undefined]));
    expect(await ds.query(`SELECT p.note FROM "${schema}".child c JOIN "${schema}".parent p ON p.id = c.parent_id`)).toEqual([{ note: 'parent 1' }]);
    expect(await outboxRows()).toBe(1);

    // a child without a parent fails the statement: neither the writes nor the event are kept
    await expect(ds.transaction((tx) => publisher.publishMany(tx, [{ def, payload: testPayload('w', 1) }], undefined, [parent(2), child(3)])))
      .rejects.toThrow(/foreign key/);
    expect(await ds.query(`SELECT id FROM "${schema}".parent ORDER BY id`)).toEqual([{ id: 1 }]);
    expect(await outboxRows()).toBe(1);

    // the writes run even when there is no event to publish
    await ds.transaction((tx) => publisher.publishMany(tx, [], undefined, [parent(4)]));
    expect(await ds.query(`SELECT id FROM "${schema}".parent ORDER BY id`)).toEqual([{ id: 1 }, { id: 4 }]);
    await ds.query(`DROP TABLE "${schema}".child, "${schema}".parent`);
  });

  it('with its relay active in this process, a commit kicks the relay and sends no NOTIFY; a publisher without one notifies', async () => {
    const { topic, def } = await newTopic();
    // No poll within the test: only a kick or a NOTIFY can make the relay publish.
    const relay = new OutboxRelay({ dataSource: ds, schema, broker, batchSize: 200, pollIntervalMs: 600_000 });
    relay.start();
    closers.push(() => relay.stop());
    await waitFor(async () => relay.isActive, { description: 'relay active', timeoutMs: 90_000 });
    const listener = new pg.Client({ connectionString: env.databaseUrl });
    await listener.connect();
    closers.push(() => listener.end());
    const notified: string[] = [];
    listener.on('notification', (n) => notified.push(n.channel));
    await listener.query(`LISTEN "outbox_${schema}"`);
    const relayed = async (n: number) => waitFor(async () => (await broker.readAll(topic)).length >= n, { description: `${n} events relayed`, timeoutMs: 90_000 });

    const local = new EventPublisher({ serviceName: 'spec-service', schema });
    local.attachRelay(relay, ds);
    await ds.transaction((tx) => local.publish(tx, def, testPayload('k', 0)));
    await ds.transaction((tx) => local.publishMany(tx, [{ def, payload: testPayload('k', 1) }]));
    await relayed(2);
    await listener.query('SELECT 1'); // a notification sent at those commits would have arrived before this answer
    expect(notified).toEqual([]);

    // rolled back: nothing to relay, and the next commit of that kind still kicks
    await expect(ds.transaction(async (tx) => {
      await local.publish(tx, def, testPayload('k', 9));
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    await ds.transaction((tx) => local.publish(tx, def, testPayload('k', 2)));
    await relayed(3);

    const other = new EventPublisher({ serviceName: 'other-replica', schema });
    await ds.transaction((tx) => other.publish(tx, def, testPayload('k', 3)));
    await relayed(4);
    await waitFor(async () => notified.length > 0, { description: 'a NOTIFY', timeoutMs: 90_000 });
    expect((await broker.readAll(topic)).map((m) => JSON.parse(m.value!.toString()).payload.moveId)).toEqual(['ok-k-0', 'ok-k-1', 'ok-k-2', 'ok-k-3']);
  });

  it('vacuums the outbox once it has deleted vacuumEveryRows rows, so its reads do not walk the deleted ones', async () => {
    const { topic, def } = await newTopic();
    const metrics = new MessagingMetrics();
    const relay = new OutboxRelay({ dataSource: ds, schema, broker, metrics, batchSize: 200, pollIntervalMs: 1000, vacuumEveryRows: 100 });
    relay.start();
    closers.push(() => relay.stop());
    const publisher = new EventPublisher({ serviceName: 'spec-service', schema });
    await ds.transaction((tx) => publisher.publishMany(tx, Array.from({ length: 150 }, (_, i) => ({ def, payload: testPayload(`v${i % 7}`, i) }))));
    await waitFor(async () => (await broker.readAll(topic)).length >= 150, { description: '150 events relayed', timeoutMs: 90_000 });
    await ds.transaction((tx) => publisher.publish(tx, def, testPayload('v', 999))); // its round deletes the 150
    await waitFor(async () => metrics.outboxVacuums >= 1, { description: 'the relay vacuumed the outbox', timeoutMs: 90_000 });
    const [stats] = (await ds.query(`SELECT vacuum_count FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'outbox'`, [schema])) as Array<{ vacuum_count: string }>;
    expect(Number(stats.vacuum_count)).toBeGreaterThanOrEqual(1);
  });

  it('applies a redelivered batch only once (same batch processed twice; group offsets reset)', async () => {
    const { topic, def } = await newTopic(1);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    await ds.transaction((tx) => publisher.publishMany(tx, Array.from({ length: 30 }, (_, i) => ({ def, payload: testPayload('r', i) }))));
    const metrics = new MessagingMetrics();
    startRelay();
    const consumer = await startConsumer(def, { groupId: 'redeliver-1', metrics });
    await waitFor(async () => (await readEffects(ds, schema)).length === 30, { description: '30 effects', timeoutMs: 90_000 });
    await consumer.close();
    // The same messages delivered again, by hand: no second effect.
    const messages = await broker.readAll(topic);
    expect(messages).toHaveLength(30);
    let committed = '';
    await consumer.processBatch(
      { topic, partition: 0, messages },
      { heartbeat: async () => undefined, isRunning: () => true, isStale: () => false, commit: async (o) => void (committed = o) },
    );
    expect(committed).toBe('30');
    expect(metrics.duplicates).toBe(30);
    // And by Kafka: a new consumer of the same group after its offsets were reset to the beginning.
    await resetGroupOffsets(broker, 'redeliver-1', topic);
    const again = new MessagingMetrics();
    await startConsumer(def, { groupId: 'redeliver-1', metrics: again });
    await waitFor(async () => again.duplicates >= 30, { description: 'redelivery seen', timeoutMs: 90_000 });
    const effects = await readEffects(ds, schema);
    expect(effects).toHaveLength(30);
    assertExactlyOnceInOrder(effects, ['r'], 30);
  });

  it('dead-letters poison (invalid, permanent, exhausted retries) with the reason and moves on', async () => {
    const { topic, def } = await newTopic(1);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    const flakyAttempts = new Map<string, number>();
    const metrics = new MessagingMetrics();
    await startConsumer(def, {
      metrics,
      handlers: [{
        defs: def,
        handle: async (e, tx) => {
          const p = e.payload as { moveId: string };
          if (p.moveId.startsWith('permanent')) throw new PermanentError('unknown warehouse W9');
          if (p.moveId.startsWith('broken')) throw new Error('downstream always fails');
          if (p.moveId.startsWith('flaky')) {
            const n = (flakyAttempts.get(e.id) ?? 0) + 1;
            flakyAttempts.set(e.id, n);
            if (n < 3) throw new Error('transient');
          }
          await applyEffect(schema, e, tx);
        },
      }],
    });
    // All on one partition (one key), in this order:
    await broker.publish([{ topic, messages: [{ key: 'x', value: 'not json at all' }] }]);
    await ds.transaction(async (tx) => {
      await publisher.publish(tx, def, testPayload('x', 0));
      await publisher.publish(tx, def, testPayload('x', 1, 'permanent'));
      await publisher.publish(tx, def, testPayload('x', 2, 'flaky'));
      await publisher.publish(tx, def, testPayload('x', 3, 'broken'));
      await publisher.publish(tx, def, testPayload('x', 4));
    });
    // an envelope whose payload fails validation
    const bad = JSON.parse((await ds.query(`SELECT value FROM "${schema}".outbox ORDER BY id LIMIT 1`))[0].value as string) as EventEnvelope<Record<string, unknown>>;
    bad.payload.quantity = '-5';
    startRelay();
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0, { description: 'relay done', timeoutMs: 90_000 });
    await broker.publish([{ topic, messages: [{ key: 'x', value: JSON.stringify(bad) }] }]);
    await ds.transaction((tx) => publisher.publish(tx, def, testPayload('x', 5)));

    const effects = await waitFor(async () => {
      const e = await readEffects(ds, schema);
      return e.some((r) => r.seq === 5) ? e : undefined;
    }, { description: 'later events applied', timeoutMs: 90_000 });
    expect(effects.map((e) => `${e.tag}${e.seq}`)).toEqual(['ok0', 'flaky2', 'ok4', 'ok5']);
    const dls = await readDeadLetters(topic, 4);
    const reasons = dls.map((m) => m.headers[DLQ_HEADERS.reason]);
    expect(reasons[0]).toMatch(/^not JSON/);
    expect(reasons[1]).toBe('unknown warehouse W9');
    expect(reasons[2]).toMatch(/failed after 3 attempts: downstream always fails/);
    expect(reasons[3]).toMatch(/invalid stock-move.done payload: quantity/);
    for (const m of dls) {
      expect(m.headers[DLQ_HEADERS.originalTopic]).toBe(topic);
      expect(m.headers[DLQ_HEADERS.originalPartition]).toBe('0');
      expect(m.headers[DLQ_HEADERS.consumerGroup]).toBe('g-' + topic);
      expect(Date.parse(m.headers[DLQ_HEADERS.failedAt])).not.toBeNaN();
    }
    expect(dls.map((m) => m.headers[DLQ_HEADERS.originalOffset])).toEqual(['0', '2', '4', '6']);
    expect(dls[1].headers[DLQ_HEADERS.eventType]).toBe(stockMoveDone.type);
    expect(metrics.deadLettered).toBe(4);
    expect(metrics.retries).toBeGreaterThanOrEqual(3);
  });

  it('gives a batch handler the new events of a batch in one call, and one at a time once the batch is isolated', async () => {
    const { topic, def } = await newTopic(1);
    await broker.createTopics([{ topic: `${topic}.dlq`, numPartitions: 1 }]);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    await ds.transaction((tx) => publisher.publishMany(tx, Array.from({ length: 5 }, (_, i) => ({ def, payload: testPayload('b', i, i === 3 ? 'permanent' : 'ok') }))));
    startRelay();
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0, { description: 'relay done', timeoutMs: 90_000 });
    const messages = await broker.readAll(topic);
    const calls: string[][] = [];
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'batch-' + topic, catalog: testCatalog(def), retry: { attempts: 2, baseMs: 10, maxMs: 20 },
      handlers: [{
        defs: def,
        handleBatch: async (events, tx) => {
          calls.push(events.map((e) => (e.payload as { moveId: string }).moveId));
          for (const e of events) {
            if ((e.payload as { moveId: string }).moveId.startsWith('permanent')) throw new PermanentError('refused');
            await applyEffect(schema, e, tx);
          }
        },
      }],
    });
    const ctx = { heartbeat: async () => undefined, isRunning: () => true, isStale: () => false, commit: async () => undefined };
    await consumer.processBatch({ topic, partition: 0, messages }, ctx);
    expect(calls).toEqual([['ok-b-0', 'ok-b-1', 'ok-b-2', 'permanent-b-3', 'ok-b-4'], ['ok-b-0'], ['ok-b-1'], ['ok-b-2'], ['permanent-b-3'], ['ok-b-4']]);
    expect((await readEffects(ds, schema)).map((e) => e.seq)).toEqual([0, 1, 2, 4]);
    const dls = await readDeadLetters(topic, 1);
    expect(dls[0]?.headers[DLQ_HEADERS.reason]).toBe('refused');
    // Redelivered: the applied events are in the inbox and skipped; only the dead-lettered one is tried again.
    calls.length = 0;
    await consumer.processBatch({ topic, partition: 0, messages }, ctx);
    expect(calls).toEqual([['permanent-b-3'], ['permanent-b-3']]);
    expect((await readEffects(ds, schema)).map((e) => e.seq)).toEqual([0, 1, 2, 4]);
  });

  it('applies a fetch larger than maxEventsPerTransaction in consecutive transactions, in order, each event once', async () => {
    const { topic, def } = await newTopic(1);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    await ds.transaction((tx) => publisher.publishMany(tx, Array.from({ length: 7 }, (_, i) => ({ def, payload: testPayload('s', i) }))));
    startRelay();
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0, { description: 'relay done', timeoutMs: 90_000 });
    const messages = await broker.readAll(topic);
    const calls: Array<{ moveIds: string[]; txid: string }> = [];
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'slices-' + topic, catalog: testCatalog(def), maxEventsPerTransaction: 3,
      handlers: [{
        defs: def,
        handleBatch: async (events, tx) => {
          const [{ txid }] = await tx.query('SELECT txid_current()::text AS txid');
          calls.push({ moveIds: events.map((e) => (e.payload as { moveId: string }).moveId), txid });
          for (const e of events) await applyEffect(schema, e, tx);
        },
      }],
    });
    const ctx = { heartbeat: async () => undefined, isRunning: () => true, isStale: () => false, commit: async () => undefined };
    await consumer.processBatch({ topic, partition: 0, messages }, ctx);
    expect(calls.map((c) => c.moveIds.length)).toEqual([3, 3, 1]);
    expect(new Set(calls.map((c) => c.txid)).size).toBe(3);
    expect((await readEffects(ds, schema)).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // Redelivered whole: every slice's events are in the inbox, nothing is applied twice.
    calls.length = 0;
    await consumer.processBatch({ topic, partition: 0, messages }, ctx);
    expect(calls).toEqual([]);
    expect((await readEffects(ds, schema)).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('lets a long batch handler heartbeat its batch from inside its one call (keepAlive), and applies the batch once', async () => {
    // Planning's waves over hundreds of sales orders are one handler call: without a heartbeat inside it, a call
    // longer than the session drops the member and the batch is redone.
    const { topic, def } = await newTopic(1);
    const envelopes = [0, 1, 2].map((i) => createEnvelope(def, testPayload('h', i), { source: 'spec' }));
    await broker.publish([{ topic, messages: envelopes.map((e) => ({ key: e.key, value: JSON.stringify(e), headers: envelopeHeaders(e) })) }]);
    const messages = await broker.readAll(topic);
    let beats = 0;
    const seenByHandler: number[] = [];
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'keepalive-' + topic, catalog: testCatalog(def),
      handlers: [{
        defs: def,
        handleBatch: async (events, tx) => {
          for (const e of events) await applyEffect(schema, e, tx);
          await tx.query('SELECT pg_sleep(1.1)'); // past the heartbeater's one-a-second throttle
          await keepAlive(tx);
          seenByHandler.push(beats);
        },
      }],
    });
    const ctx = { heartbeat: async () => void beats++, isRunning: () => true, isStale: () => false, commit: async () => undefined };
    await consumer.processBatch({ topic, partition: 0, messages }, ctx);
    await consumer.processBatch({ topic, partition: 0, messages }, ctx); // redelivered: the inbox has them
    expect(seenByHandler).toEqual([1]);
    expect((await readEffects(ds, schema)).map((e) => e.seq)).toEqual([0, 1, 2]);
    // Outside a consumer's transaction it does nothing.
    await expect(ds.transaction((tx) => keepAlive(tx))).resolves.toBeUndefined();
  });

  it('handles the batches of several partitions handed over together in one transaction, then commits each partition', async () => {
    const { topic, def } = await newTopic(2);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    await publishInterleaved(ds, publisher, def, ['k0', 'k1', 'k2', 'k3'], 3, 4);
    startRelay();
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0, { description: 'relay done', timeoutMs: 90_000 });
    const messages = await broker.readAll(topic);
    const byPartition = [0, 1].map((partition) => messages.filter((m) => m.partition === partition));
    expect(byPartition.every((ms) => ms.length > 0)).toBe(true);
    const calls: string[][] = [];
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'gather-' + topic, catalog: testCatalog(def),
      handlers: [{
        defs: def,
        handleBatch: async (events, tx) => {
          calls.push(events.map((e) => (e.payload as { moveId: string }).moveId));
          for (const e of events) await applyEffect(schema, e, tx);
        },
      }],
    });
    const commits: string[] = [];
    const ctxOf = (partition: number) => ({
      heartbeat: async () => undefined, isRunning: () => true, isStale: () => false,
      commit: async (next: string) => void commits.push(`${partition}@${next}`),
    });
    // As kafkajs hands over a fetch's partitions (partitionsConsumedConcurrently > 1): in one turn of the event loop.
    await Promise.all(byPartition.map((ms, partition) => consumer.processBatch({ topic, partition, messages: ms }, ctxOf(partition))));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual(byPartition.flat().map((m) => (JSON.parse(m.value!.toString()) as { payload: { moveId: string } }).payload.moveId));
    expect(commits.sort()).toEqual(byPartition.map((ms, partition) => `${partition}@${BigInt(ms[ms.length - 1]!.offset) + 1n}`).sort());
    expect((await readEffects(ds, schema))).toHaveLength(messages.length);
  });

  it('skips, unparsed, a message whose type header names a type a handler ignores; one without a type header is validated', async () => {
    const { topic, def } = await newTopic(1);
    await broker.createTopics([{ topic: `${topic}.dlq`, numPartitions: 1 }]);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    await ds.transaction((tx) => publisher.publish(tx, def, testPayload('h', 0)));
    startRelay();
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0, { description: 'relay done', timeoutMs: 90_000 });
    await broker.publish([{ topic, messages: [
      { key: 'h', value: 'not json, of a type nobody here handles', headers: { 'event-type': 'someone-else.happened' } },
      { key: 'h', value: 'not json, no type header' },
    ] }]);
    const messages = await broker.readAll(topic);
    expect(messages).toHaveLength(3);
    const applied: string[] = [];
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: 'skip-' + topic, catalog: testCatalog(def),
      handlers: [{ defs: def, ignores: ['someone-else.happened'], handle: async (e, tx) => { applied.push((e.payload as { moveId: string }).moveId); await applyEffect(schema, e, tx); } }],
    });
    const ctx = { heartbeat: async () => undefined, isRunning: () => true, isStale: () => false, commit: async () => undefined };
    await consumer.processBatch({ topic, partition: 0, messages }, ctx);
    expect(applied).toEqual(['ok-h-0']);
    const dls = await broker.readAll(`${topic}.dlq`);
    expect(dls.map((m) => m.value?.toString())).toEqual(['not json, no type header']);
  });

  it('skips the events no handler takes (`when`) without an inbox row; the others are applied', async () => {
    const { topic, def } = await newTopic(1);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    await ds.transaction((tx) => publisher.publishMany(tx, [0, 1, 2, 3].map((i) => ({ def, payload: testPayload('w', i, i % 2 === 0 ? 'ok' : 'other') }))));
    startRelay();
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n === 0, { description: 'relay done', timeoutMs: 90_000 });
    const messages = await broker.readAll(topic);
    const applied: string[] = [];
    const groupId = 'when-' + topic;
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId, catalog: testCatalog(def),
      handlers: [{
        defs: def,
        when: (e) => (e.payload as { moveId: string }).moveId.startsWith('ok'),
        handle: async (e, tx) => { applied.push((e.payload as { moveId: string }).moveId); await applyEffect(schema, e, tx); },
      }],
    });
    const ctx = { heartbeat: async () => undefined, isRunning: () => true, isStale: () => false, commit: async () => undefined };
    await consumer.processBatch({ topic, partition: 0, messages }, ctx);
    expect(applied).toEqual(['ok-w-0', 'ok-w-2']);
    const inbox = (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".inbox WHERE consumer_group = $1`, [groupId])) as [{ n: number }];
    expect(inbox[0].n).toBe(2);
  });

  it('two consumers of one group split the partitions and apply every event exactly once', async () => {
    const { def } = await newTopic(6);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    const keys = Array.from({ length: 24 }, (_, i) => `k${i}`);
    const appliedBy = new Map<string, Set<number>>();
    const handlerFor = (member: number) => ({
      defs: def,
      handle: async (e: EventEnvelope, tx: import('typeorm').EntityManager) => {
        const key = (e.payload as { productId: string }).productId;
        if (!appliedBy.has(key)) appliedBy.set(key, new Set());
        appliedBy.get(key)!.add(member);
        await applyEffect(schema, e, tx);
      },
    });
    const a = await startConsumer(def, { groupId: 'split', handlers: [handlerFor(1)] });
    const b = await startConsumer(def, { groupId: 'split', handlers: [handlerFor(2)] });
    void a;
    void b;
    startRelay();
    await publishInterleaved(ds, publisher, def, keys, 25, 6);
    const effects = await waitFor(async () => {
      const e = await readEffects(ds, schema);
      return e.length >= 600 ? e : undefined;
    }, { description: 'all 600 effects', timeoutMs: 90_000 });
    assertExactlyOnceInOrder(effects, keys, 25);
    const members = new Set([...appliedBy.values()].flatMap((s) => [...s]));
    expect(members).toEqual(new Set([1, 2])); // both got partitions
  });
});
