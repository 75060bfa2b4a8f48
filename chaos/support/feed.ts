// Feeds the load the way upstream systems would under faults: over Kafka (a producer that is rebuilt after an
// error) and over REST, each send retried until it is acknowledged. A retry repeats the same event (same envelope
// id) or the same request (same moveId, same Idempotency-Key), so what it may duplicate is exactly what the
// services must take once.
import { Kafka, Partitioners, logLevel, type Producer } from 'kafkajs';
import {
  createEnvelope, stockMoveDone, upstreamOrderConfirmRequested, upstreamOrderSubmitted, type AnyEventDefinition, type PayloadOf,
} from '@replenish/contracts';
import { envelopeHeaders } from '@replenish/messaging';
import { sleep } from '@replenish/test-infra';
import type { LoadItem, MoveInput, OrderInput } from './workload.js';

/** Upper bound of one send's retries: far beyond any planned outage, short of the jest timeout. */
const GIVE_UP_MS = 150_000;

export class LoadFeeder {
  private producer: Promise<Producer> | undefined;
  private readonly kafka: Kafka;
  /** Sends that needed more than one attempt (a fault was in the way). */
  retried = 0;

  constructor(
    brokers: string[],
    private readonly urls: () => { sales: string; inventory: string },
  ) {
    this.kafka = new Kafka({ clientId: `replenish-chaos-feed-${process.pid}`, brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  }

  async feed(item: LoadItem): Promise<void> {
    if (item.what === 'move') await (item.channel === 'kafka' ? this.moveOverKafka(item) : this.moveOverRest(item));
    else await (item.channel === 'kafka' ? this.orderOverKafka(item) : this.orderOverRest(item));
  }

  async close(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    await p?.then((x) => x.disconnect()).catch(() => undefined);
  }

  private moveOverKafka(m: MoveInput): Promise<void> {
    return this.publish(stockMoveDone, movePayload(m));
  }

  private async orderOverKafka(o: OrderInput): Promise<void> {
    // Same key (orderRef), same partition: the confirmation is read after the submission.
    await this.publish(upstreamOrderSubmitted, { orderRef: o.orderRef, customerId: 'C-CHAOS', lines: o.lines.map((l) => ({ ...l, uom: 'Units' })) });
    await this.publish(upstreamOrderConfirmRequested, { orderRef: o.orderRef });
  }

  private moveOverRest(m: MoveInput): Promise<void> {
    return this.request('inventory', '/stock/moves', movePayload(m), [200, 201]);
  }

  private async orderOverRest(o: OrderInput): Promise<void> {
    const body = { orderRef: o.orderRef, customerId: 'C-CHAOS', lines: o.lines.map((l) => ({ ...l, uom: 'Units' })) };
    await this.request('sales', '/sales-orders', body, [200, 201], `submit-${o.orderRef}`);
    await this.request('sales', `/sales-orders/by-ref/${o.orderRef}/confirm`, {}, [200], `confirm-${o.orderRef}`);
  }

  private async publish<D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>): Promise<void> {
    const envelope = createEnvelope(def, payload, { source: 'chaos' });
    const message = { key: envelope.key, value: JSON.stringify(envelope), headers: envelopeHeaders(envelope) };
    await this.retrying(`${envelope.type} ${envelope.key}`, async () => {
      try {
        const producer = await (this.producer ??= this.connect());
        await producer.send({ topic: def.topic, acks: -1, messages: [message] });
      } catch (e) {
        // A producer that lived through a broker restart may keep failing: the next attempt starts a new one.
        await this.close();
        throw e;
      }
    });
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, maxInFlightRequests: 1 });
    await producer.connect();
    return producer;
  }

  private request(service: 'sales' | 'inventory', path: string, body: unknown, ok: number[], idempotencyKey?: string): Promise<void> {
    return this.retrying(`POST ${path}`, async () => {
      const res = await fetch(`${this.urls()[service]}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      if (ok.includes(res.status)) return;
      const error = new Error(`POST ${path}: ${res.status} ${text.slice(0, 500)}`);
      // 5xx and 429 are the fault's (a database or broker away): retried. Anything else is a wrong answer.
      if (res.status >= 500 || res.status === 429) throw error;
      throw Object.assign(error, { permanent: true });
    });
  }

  private async retrying(what: string, attempt: () => Promise<void>): Promise<void> {
    const started = Date.now();
    for (let n = 1; ; n++) {
      try {
        await attempt();
        if (n > 1) this.retried++;
        return;
      } catch (e) {
        if ((e as { permanent?: boolean }).permanent || Date.now() - started > GIVE_UP_MS) {
          throw new Error(`${what} failed after ${n} attempts: ${(e as Error).message}`, { cause: e });
        }
        await sleep(Math.min(2000, 200 * n));
      }
    }
  }
}

const movePayload = (m: MoveInput) => {
  const [fromLocation, toLocation] = m.kind === 'receipt' ? ['virtual/vendor', `${m.warehouseId}/Stock`] : [`${m.warehouseId}/Stock`, 'virtual/customer'];
  return { moveId: m.moveId, kind: m.kind, productId: m.productId, quantity: m.quantity, uom: 'Units', fromLocation, toLocation, doneAt: new Date().toISOString() };
};
