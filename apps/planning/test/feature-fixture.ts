/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@replenish/service-kit';
import { createTestDatabase, ensureKafka, freshConsumerGroup, type TestDatabase } from '@replenish/test-infra';
import { planningService } from '../src/service.js';
import { EventProducer, http } from './helpers.js';
import { markTopics, type TopicMarks } from './kafka.js';
import { learnWarehouse, PLANNING_INPUTS } from './planning-app.js';

export const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };

/**
 * What a feature's spec works with: planning instances (A, and B when asked for two) on one database of their own,
 * in a consumer group of their own that starts at the topics' ends; a warehouse WH learnt from inventory (purchase
 * security lead time 1 day, 1 day to purchase) and a vendor VENDOR. The fields past `run`, `WH` and `VENDOR` are
 * set once the spec's beforeAll has run.
 */
export interface FeatureFixture {
  run: string;
  WH: string;
  VENDOR: string;
  db: TestDatabase;
  A: string;
  B: string;
  producer: EventProducer;
  brokers: string[];
  /** Where the `markedTopics` ended when the spec started: readEvents reads what came after. */
  marks: TopicMarks;
  group: string;
  /** A bought product with VENDOR as its supplier (lead time 3 days). */
  product(id: string, extra?: Record<string, unknown>): Promise<void>;
  /** The open drafts of a vendor (VENDOR by default) at WH. */
  openDrafts(vendorId?: string): Promise<any[]>;
}

/** Starts the fixture before the spec's tests and stops it after them. */
export function useFeatureFixture(options: { prefix: string; markedTopics: string[]; instances?: 1 | 2 }): FeatureFixture {
  const run = randomUUID().slice(0, 8);
  const apps: INestApplication[] = [];
  const f = { run, WH: `WH-${run}`, VENDOR: `acme-${run}` } as FeatureFixture;
  f.product = async (id, extra = {}) => {
    const r = await http(f.A, 'POST', 'products', { id, sku: `SKU-${id}`, name: `Product ${id}`, stockUom: UNIT, routes: ['buy'], ...extra });
    expect(r.status).toBe(201);
    const s = await http(f.A, 'POST', `products/${id}/suppliers`, { vendorId: f.VENDOR, leadTimeDays: 3, minQty: '1', price: '2.5' });
    expect(s.status).toBe(201);
  };
  f.openDrafts = async (vendorId = f.VENDOR) => (await http<any[]>(f.A, 'GET', `draft-orders?state=draft&vendorId=${vendorId}&warehouseId=${f.WH}`)).body;

  const startApp = async (): Promise<string> => {
    const app = await createServiceApp(planningService, {
      env: { DATABASE_URL: f.db.databaseUrl, KAFKA_BROKERS: f.brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: f.group, PLANNING_SWEEP_INTERVAL_HOURS: '0' },
      logStartup: false,
    });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/`;
  };

  beforeAll(async () => {
    f.brokers = (await ensureKafka()).brokers;
    f.marks = await markTopics(f.brokers, options.markedTopics);
    // Not the default group `planning`: other runs on the same Kafka would share its partitions (and its offsets).
    f.group = await freshConsumerGroup(`${options.prefix}_it`, PLANNING_INPUTS, f.brokers);
    f.db = await createTestDatabase({ prefix: options.prefix });
    f.A = await startApp();
    if (options.instances === 2) f.B = await startApp();
    f.producer = new EventProducer(f.brokers);
    await f.producer.connect();
    expect((await learnWarehouse(f.producer, f.A, f.WH, { purchaseSecurityLeadDays: 1, daysToPurchase: 1 })).status).toBe(200);
    expect((await http(f.A, 'POST', 'vendors', { id: f.VENDOR, name: 'ACME' })).status).toBe(201);
  });

  afterAll(async () => {
    await f.producer?.disconnect();
    for (const app of apps.reverse()) await app.close();
    await f.db?.drop();
  });
  return f;
}
