import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Broker } from '../src/broker/broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { EventConsumer } from '../src/consumer/consumer.js';
import { MessagingMetrics } from '../src/metrics.js';
import { EventPublisher } from '../src/outbox/publisher.js';
import { OutboxRelay } from '../src/outbox/relay.js';
import {
  applyEffect, dropSchema, env, openDataSource, randomName, readEffects, testCatalog, testEventOn, testPayload,
} from '../src/testing/fixtures.js';
import { assertExactlyOnceInOrder, createTopic, distDir, runChild, stopChild, waitFor, type Child } from './support.js';

// Child processes run the compiled library: `npx tsc -b libs/messaging` (npm test builds first).
const built = existsSync(path.join(distDir, 'testing/consumer-child.js'));

const outboxCount = async (ds: DataSource, schema: string): Promise<number> =>
  ((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`)) as Array<{ n: number }>)[0].n;

describe.each(['kafka', 'in-process'] as const)('crash recovery (%s broker)', (kind) => {
  const schema = randomName(`msg_crash_${kind === 'kafka' ? 'k' : 'ip'}`);
  let ds: DataSource;
  let broker: Broker;
  const children: Child[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    if (!built) throw new Error(`build libs/messaging first (npx tsc -b libs/messaging): ${distDir} has no testing/consumer-child.js`);
    ds = await openDataSource(schema);
    broker = kind === 'kafka' ? new KafkaBroker(env.kafkaBrokers, 'messaging-crash-spec') : new InProcessBroker({ connectionString: env.databaseUrl });
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await stopChild(c);
    while (closers.length) await closers.pop()!();
  });
  afterAll(async () => {
    await broker.close();
    await dropSchema(ds, schema);
    await ds.destroy();
  });

  const childEnv = (extra: Record<string, string>): Record<string, string> => ({
    DATABASE_URL: env.databaseUrl, KAFKA_BROKERS: env.kafkaBrokers.join(','), SCHEMA: schema, BROKER: kind, ...extra,
  });

  it('a consumer killed between its DB commit and its offset commit loses nothing and repeats nothing', async () => {
    await ds.query(`TRUNCATE "${schema}".effects, "${schema}".inbox`);
    const topic = randomName('test.crash.consumer').replace(/_/g, '.');
    await createTopic(broker, topic, 3);
    const def = testEventOn(topic);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    const keys = Array.from({ length: 6 }, (_, i) => `c${i}`);
    await ds.transaction((tx) => publisher.publishMany(tx, Array.from({ length: 300 }, (_, i) => ({ def, payload: testPayload(keys[i % 6], Math.floor(i / 6)) }))));
    const relay = new OutboxRelay({ dataSource: ds, schema, broker });
    relay.start();
    closers.push(() => relay.stop());
    await waitFor(async () => (await outboxCount(ds, schema)) === 0, { description: 'outbox relayed', timeoutMs: 90_000 });

    const group = randomName('crash-group');
    const first = runChild('testing/consumer-child.js', childEnv({ TOPIC: topic, GROUP: group, CRASH_AFTER_DB_COMMIT: '1' }));
    children.push(first);
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(first.output()).toContain('crashing after DB commit');
    const afterCrash = await readEffects(ds, schema);
    expect(afterCrash.length).toBeGreaterThan(0); // that batch's effects are committed, its offset is not

    const second = runChild('testing/consumer-child.js', childEnv({ TOPIC: topic, GROUP: group }));
    children.push(second);
    const effects = await waitFor(async () => {
      const e = await readEffects(ds, schema);
      return e.length >= 300 ? e : undefined;
    }, { description: '300 effects', timeoutMs: 90_000 });
    // let the restarted consumer see (and skip) the redelivered batch and commit past it
    await new Promise((r) => setTimeout(r, 1500));
    const final = await readEffects(ds, schema);
    expect(final).toHaveLength(300);
    assertExactlyOnceInOrder(final, keys, 50);
    expect(effects.slice(0, afterCrash.length)).toEqual(afterCrash);
    const inbox = (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".inbox WHERE consumer_group = $1`, [group])) as Array<{ n: number }>;
    expect(inbox[0].n).toBe(300);
  });

  it('a relay killed mid-publish resumes with nothing lost, key order intact, duplicates deduped', async () => {
    await ds.query(`TRUNCATE "${schema}".effects, "${schema}".inbox, "${schema}".outbox`);
    const topic = randomName('test.crash.relay').replace(/_/g, '.');
    await createTopic(broker, topic, 3);
    const def = testEventOn(topic);
    const publisher = new EventPublisher({ serviceName: 'spec', schema });
    const keys = Array.from({ length: 10 }, (_, i) => `r${i}`);
    await ds.transaction((tx) => publisher.publishMany(tx, Array.from({ length: 1000 }, (_, i) => ({ def, payload: testPayload(keys[i % 10], Math.floor(i / 10)) }))));

    const metrics = new MessagingMetrics();
    const consumer = new EventConsumer({
      broker, dataSource: ds, schema, groupId: randomName('relay-crash'), catalog: testCatalog(def), metrics,
      handlers: [{ defs: def, handle: (e, tx) => applyEffect(schema, e, tx) }],
    });
    await consumer.start();
    closers.push(() => consumer.close());

    const first = runChild('testing/relay-child.js', childEnv({ RELAY_BATCH: '100', CRASH_AFTER_PUBLISH: '3' }));
    children.push(first);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(first.output()).toContain('crashing after publishing batch 3');
    expect(await outboxCount(ds, schema)).toBe(800); // the third batch is in the broker and still in the outbox

    const second = runChild('testing/relay-child.js', childEnv({ RELAY_BATCH: '100' }));
    children.push(second);
    await waitFor(async () => (await outboxCount(ds, schema)) === 0, { description: 'outbox drained', timeoutMs: 90_000 });
    const effects = await waitFor(async () => {
      const e = await readEffects(ds, schema);
      return e.length >= 1000 ? e : undefined;
    }, { description: '1000 effects', timeoutMs: 90_000 });
    assertExactlyOnceInOrder(effects, keys, 100);
    const inLog = await broker.readAll(topic);
    expect(inLog.length).toBe(1100); // batch 3 was published twice...
    await waitFor(async () => metrics.duplicates >= 100, { description: 'duplicates skipped', timeoutMs: 90_000 }); // ...and applied once
  });
});
