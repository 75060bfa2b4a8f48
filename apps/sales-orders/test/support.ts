// Test helpers for the sales-orders integration tests: a fresh database, Kafka produce / collect, HTTP.
import { randomBytes } from 'node:crypto';
import { createEnvelope, productUpserted, warehouseCreated, type AnyEventDefinition, type EventEnvelope, type PayloadOf } from '@replenish/contracts';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type pg from 'pg';
import { createTestDatabase, waitFor } from '@replenish/test-infra';
export { waitFor } from '@replenish/test-infra';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
export const runId = (): string => randomBytes(4).toString('hex');

export async function createDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = await createTestDatabase({ prefix, databaseUrl: DATABASE_URL });
  return { url: db.databaseUrl, drop: db.drop };
}

export interface Received {
  topic: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
  /** The parsed envelope, when the value is one. */
  envelope?: EventEnvelope<Record<string, unknown>>;
}

/** A producer plus a consumer (own group, from the beginning) that collects what is published on `topics`. */
export class KafkaProbe {
  private readonly kafka = new Kafka({ clientId: `so-test-${runId()}`, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  private producer?: Producer;
  private consumer?: Consumer;
  readonly received: Received[] = [];

  async start(topics: string[]): Promise<void> {
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `so-test-probe-${runId()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
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
  }

  /** Publishes an event as an upstream system would (envelope JSON as value, envelope key as key). */
  async publish<D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>): Promise<EventEnvelope<PayloadOf<D>>> {
    const envelope = createEnvelope(def, payload, { source: 'so-integration-test' }) as EventEnvelope<PayloadOf<D>>;
    await this.publishEnvelope(def.topic, envelope);
    return envelope;
  }

  async publishEnvelope(topic: string, envelope: EventEnvelope): Promise<void> {
    await this.publishRaw(topic, envelope.key, JSON.stringify(envelope), { 'event-id': envelope.id, 'event-type': envelope.type });
  }

  async publishRaw(topic: string, key: string, value: string, headers: Record<string, string> = {}): Promise<void> {
    await this.producer!.send({ topic, messages: [{ key, value, headers }] });
  }

  /**
   * The events of `type` received whose payload `where` takes. Read from the topics' beginning, so messages any other
   * run left there pass by too, the bad-input corpus's among them: an envelope without an object payload is none.
   */
  events(type: string, where: (payload: Record<string, unknown>) => boolean = () => true): EventEnvelope<Record<string, unknown>>[] {
    const isEvent = (r: Received) => r.envelope?.type === type && typeof r.envelope.payload === 'object' && r.envelope.payload !== null;
    return this.received.filter((r) => isEvent(r) && where(r.envelope!.payload)).map((r) => r.envelope!);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = Record<string, unknown>>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

/** A product.upserted payload: `Units` (step 1) and `Dozens` (factor 12) in category unit. */
export const unitProduct = (productId: string): PayloadOf<typeof productUpserted> => ({
  productId,
  sku: productId,
  name: `Product ${productId}`,
  stockUom: { code: 'Units', category: 'unit', factor: '1', rounding: '1' },
  uoms: [
    { code: 'Units', category: 'unit', factor: '1', rounding: '1' },
    { code: 'Dozens', category: 'unit', factor: '12', rounding: '0.01' },
  ],
  routes: ['buy'],
  takeFromStockFirst: false,
  active: true,
});

/**
 * Creates a warehouse as inventory would (warehouse.created on inventory.warehouses) and waits until sales-orders
 * has learnt it: an order line may only name a warehouse inventory created.
 */
export async function createWarehouse(kafka: KafkaProbe, sql: pg.Client, warehouseId: string): Promise<void> {
  await kafka.publish(warehouseCreated, { warehouseId, code: warehouseId.slice(0, 20), name: `Warehouse ${warehouseId}`, timeZone: 'UTC' });
  await waitFor(async () => (await sql.query('SELECT 1 FROM sales_orders.warehouse WHERE warehouse_id = $1', [warehouseId])).rowCount === 1, {
    description: `warehouse ${warehouseId} learnt from inventory.warehouses`,
    timeoutMs: 90_000,
  });
}
