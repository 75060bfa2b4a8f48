import type { INestApplication } from '@nestjs/common';
import { topics } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { createTestDatabase, ensureKafka, freshConsumerGroup, type TestDatabase } from '@replenish/test-infra';
import { planningService } from '../src/service.js';
import { EventProducer } from './helpers.js';

/** One planning app on a database of its own, in a consumer group of its own that starts at the topics' ends. */
export interface PlanningUnderTest {
  db: TestDatabase;
  app: INestApplication;
  /** The app's base URL, with a trailing slash. */
  base: string;
  group: string;
  brokers: string[];
  producer: EventProducer;
  close(): Promise<void>;
}

export async function startPlanning(prefix: string): Promise<PlanningUnderTest> {
  const brokers = (await ensureKafka()).brokers;
  const db = await createTestDatabase({ prefix });
  const group = await freshConsumerGroup(
    prefix,
    [topics.salesOrderEvents, topics.stockPositions, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders],
    brokers,
  );
  const app = await createServiceApp(planningService, {
    env: { DATABASE_URL: db.databaseUrl, KAFKA_BROKERS: brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: group, PLANNING_SWEEP_INTERVAL_HOURS: '0' },
    logStartup: false,
  });
  await app.listen(0, '127.0.0.1');
  const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/`;
  const producer = new EventProducer(brokers);
  await producer.connect();
  return {
    db, app, base, group, brokers, producer,
    close: async () => {
      await producer.disconnect();
      await app.close();
      await db.drop();
    },
  };
}
