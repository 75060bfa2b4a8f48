/**
 * A consumer process for crash tests. Env: DATABASE_URL, KAFKA_BROKERS, SCHEMA, TOPIC, GROUP,
 * BROKER (kafka | in-process), CRASH_AFTER_DB_COMMIT (n: SIGKILL itself after the n-th batch's DB commit,
 * before its offset commit).
 */
import { InProcessBroker } from '../broker/in-process-broker.js';
import { KafkaBroker } from '../broker/kafka-broker.js';
import { EventConsumer } from '../consumer/consumer.js';
import { applyEffect, env, openDataSource, testCatalog, testEventOn } from './fixtures.js';

const schema = process.env.SCHEMA!;
const topic = process.env.TOPIC!;
const group = process.env.GROUP ?? 'crash-test';
const crashAfter = Number(process.env.CRASH_AFTER_DB_COMMIT ?? 0);

const ds = await openDataSource(schema);
const broker = process.env.BROKER === 'in-process'
  ? new InProcessBroker({ connectionString: env.databaseUrl })
  : new KafkaBroker(env.kafkaBrokers, `consumer-child-${process.pid}`, { consumer: { sessionTimeout: 10_000, heartbeatInterval: 1_000 } });
const def = testEventOn(topic);
let batches = 0;
const consumer = new EventConsumer({
  broker, dataSource: ds, schema, groupId: group, catalog: testCatalog(def),
  handlers: [{ defs: def, handle: (e, tx) => applyEffect(schema, e, tx) }],
  hooks: {
    afterDbCommit: (batch) => {
      batches++;
      if (crashAfter > 0 && batches >= crashAfter) {
        console.log(`crashing after DB commit of ${batch.topic}/${batch.partition}@${batch.messages[0].offset} (+${batch.messages.length})`);
        process.kill(process.pid, 'SIGKILL');
      }
    },
  },
});
await consumer.start();
console.log('consumer started');
const stop = async (): Promise<void> => {
  await consumer.close();
  await broker.close();
  await ds.destroy();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
