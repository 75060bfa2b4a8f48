import { topics } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { freshConsumerGroup } from '@replenish/test-infra';
import { fuzzOpenApi } from '../../../tools/test-infra/src/rest-fuzz.js';
import { salesOrdersService } from '../src/service.js';
import { KAFKA_BROKERS, createDatabase } from './support.js';

// Every operation with its examples, then requests generated from the OpenAPI document, hostile values among
// plausible ones: never a 5xx, and every answer one the document declares for its operation, with the body its
// schema describes.
let service: { base: string; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  const db = await createDatabase('so_fuzz');
  const group = await freshConsumerGroup('sales_orders_fuzz', [topics.upstreamOrders, topics.products, topics.stockMoves, topics.warehouses], KAFKA_BROKERS.split(','));
  const app = await createServiceApp(salesOrdersService, { env: { DATABASE_URL: db.url, KAFKA_BROKERS, PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: group }, logStartup: false });
  await app.listen(0, '127.0.0.1');
  service = { base: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: async () => { await app.close(); await db.drop(); } };
}, 180_000);

afterAll(() => service?.close());

it('answers 150 requests generated from its OpenAPI document without a 5xx, each as the document declares', async () => {
  expect(await fuzzOpenApi(service!.base)).toEqual([]);
}, 90_000);
