// Helpers of the inventory integration tests: a fresh database, the service in-process, Kafka produce / collect, HTTP.
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createEnvelope, productUpserted, topics, type AnyEventDefinition, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { createTestDatabase, freshConsumerGroup } from '@replenish/test-infra';
export { waitFor } from '@replenish/test-infra';
import { inventoryService } from '../src/service.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
export const runId = (): string => randomBytes(4).toString('hex');

export async function createDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = await createTestDatabase({ prefix, databaseUrl: DATABASE_URL });
  return { url: db.databaseUrl, drop: db.drop };
}

/** What inventory consumes (its handlers' topics). */
export const INVENTORY_TOPICS = [topics.stockMoves, topics.products, topics.salesOrderEvents, topics.draftOrders, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders];


/** The inventory service in this process, on a free port, against `databaseUrl` and the test Kafka. */
export async function startInventory(
  databaseUrl: string, options: { env?: Record<string, string>; group?: string } = {},
): Promise<{ app: INestApplication; base: string; group: string }> {
  const group = options.group ?? (await freshConsumerGroup('inventory_it', INVENTORY_TOPICS, KAFKA_BROKERS.split(',')));
  const app = await createServiceApp(inventoryService, {
    env: { DATABASE_URL: databaseUrl, KAFKA_BROKERS, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', CONSUMER_GROUP: group, ...options.env },
    logStartup: false,
  });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1'), group };
}

export interface Received {
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
  envelope?: EventEnvelope<Record<string, unknown>>;
}

/** A producer plus a consumer (own group, from the beginning) collecting what is published on `topics`. */
export class KafkaProbe {
  private readonly kafka = new Kafka({ clientId: `inv-test-${runId()}`, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  private producer?: Producer;
  private consumer?: Consumer;
  readonly received: Received[] = [];

  async start(topics: string[]): Promise<void> {
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `inv-test-probe-${runId()}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: false });
    // fromBeginning: false only counts once the group has its partitions: wait for the assignment.
    const joined = new Promise<void>((resolve) => {
      const off = this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const value = message.value?.toString() ?? '';
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
        let envelope: Received['envelope'];
        try {
          envelope = JSON.parse(value) as Received['envelope'];
        } catch {
          envelope = undefined;
        }
        this.received.push({ topic, key: message.key?.toString() ?? null, value, headers, envelope });
      },
    });
    await joined;
  }

  async publish<D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>): Promise<EventEnvelope<PayloadOf<D>>> {
    const envelope = createEnvelope(def, payload, { source: 'inventory-integration-test' }) as EventEnvelope<PayloadOf<D>>;
    await this.publishEnvelope(def.topic, envelope);
    return envelope;
  }

  async publishEnvelope(topic: string, envelope: EventEnvelope): Promise<void> {
    await this.producer!.send({ topic, messages: [{ key: envelope.key, value: JSON.stringify(envelope), headers: { 'event-id': envelope.id, 'event-type': envelope.type } }] });
  }

  async publishRaw(topic: string, key: string, value: string, headers: Record<string, string> = {}): Promise<void> {
    await this.producer!.send({ topic, messages: [{ key, value, headers }] });
  }

  events(type: string, where: (payload: Record<string, unknown>) => boolean = () => true): EventEnvelope<Record<string, unknown>>[] {
    return this.received.filter((r) => r.envelope?.type === type && where(r.envelope.payload)).map((r) => r.envelope!);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function http<T = any>(base: string, method: string, path: string, body?: unknown): Promise<HttpAnswer<T>> {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const units = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const dozens = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };
const kg = { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' };
const g = { code: 'g', category: 'weight', factor: '0.001', rounding: '1' };

export const unitProduct = (productId: string): PayloadOf<typeof productUpserted> => ({
  productId, sku: productId, name: `Product ${productId}`, stockUom: units, uoms: [units, dozens], routes: ['buy'], takeFromStockFirst: false, active: true,
});

export const kgProduct = (productId: string): PayloadOf<typeof productUpserted> => ({
  productId, sku: productId, name: `Product ${productId}`, stockUom: kg, uoms: [kg, g], routes: ['buy'], takeFromStockFirst: false, active: true,
});
