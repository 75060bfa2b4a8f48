import type { INestApplication } from '@nestjs/common';
import { topics, warehouseCreated } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { createTestDatabase, ensureKafka, freshConsumerGroup, waitFor, type TestDatabase } from '@replenish/test-infra';
import { planningService } from '../src/service.js';
import { EventProducer, http, type HttpResult } from './helpers.js';

/** The topics planning consumes: a test's consumer group starts at their ends. */
export const PLANNING_INPUTS: string[] = [
  topics.salesOrderEvents, topics.stockPositions, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders, topics.warehouses, topics.demandForecasts,
];

/**
 * Plays inventory, which owns warehouses: announces one (warehouse.created), waits until planning has learnt it,
 * then puts planning's own settings of it. Returns the answer to that PUT.
 */
export async function learnWarehouse(producer: EventProducer, base: string, warehouseId: string, settings: Record<string, unknown> = {}): Promise<HttpResult> {
  await producer.send(warehouseCreated, { warehouseId, code: 'WH', name: `Warehouse ${warehouseId}`, timeZone: 'UTC' });
  await waitFor(async () => (await http(base, 'GET', `warehouses/${warehouseId}/settings`)).status === 200, { description: `planning learns warehouse ${warehouseId}` });
  return http(base, 'PUT', `warehouses/${warehouseId}/settings`, settings);
}

/** One planning app on a database of its own, in a consumer group of its own that starts at the topics' ends; `env` adds variables. */
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

export async function startPlanning(prefix: string, env: Record<string, string> = {}): Promise<PlanningUnderTest> {
  const brokers = (await ensureKafka()).brokers;
  const db = await createTestDatabase({ prefix });
  const group = await freshConsumerGroup(prefix, PLANNING_INPUTS, brokers);
  const app = await createServiceApp(planningService, {
    env: { DATABASE_URL: db.databaseUrl, KAFKA_BROKERS: brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: group, PLANNING_SWEEP_INTERVAL_HOURS: '0', ...env },
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
