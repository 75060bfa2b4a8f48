/**
 * An outbox relay process for crash tests. Env: DATABASE_URL, KAFKA_BROKERS, SCHEMA, RELAY_BATCH,
 * BROKER (kafka | in-process), CRASH_AFTER_PUBLISH (n: SIGKILL itself after the n-th publish, before the
 * rows are deleted).
 */
import { InProcessBroker } from '../broker/in-process-broker.js';
import { KafkaBroker } from '../broker/kafka-broker.js';
import { OutboxRelay } from '../outbox/relay.js';
import { env, openDataSource } from './fixtures.js';

const schema = process.env.SCHEMA!;
const crashAfter = Number(process.env.CRASH_AFTER_PUBLISH ?? 0);
const ds = await openDataSource(schema);
const broker = process.env.BROKER === 'in-process'
  ? new InProcessBroker({ connectionString: env.databaseUrl })
  : new KafkaBroker(env.kafkaBrokers, `relay-child-${process.pid}`);
let published = 0;
const relay = new OutboxRelay({
  dataSource: ds, schema, broker, batchSize: Number(process.env.RELAY_BATCH ?? 1000), standbyRetryMs: 200,
  hooks: {
    afterPublish: (rows) => {
      published++;
      if (crashAfter > 0 && published >= crashAfter) {
        console.log(`crashing after publishing batch ${published} (${rows} rows), before deleting them`);
        process.kill(process.pid, 'SIGKILL');
      }
    },
  },
});
relay.start();
console.log('relay started');
process.on('SIGTERM', () => {
  void (async () => {
    await relay.stop();
    await broker.close();
    await ds.destroy();
    process.exit(0);
  })();
});
