// "Settled" read from observable state, not from time: every consumer group has committed up to the end of every
// topic it reads, every outbox is empty, and that holds on consecutive looks. Nothing is then in flight: an event
// still to be applied is lag, an effect still to be published is an outbox row.
import { Kafka, logLevel } from 'kafkajs';
import { topics } from '@replenish/contracts';
import { sleep, waitFor, withClient } from '@replenish/test-infra';

/** What each service consumes (README, "What each service owns"). */
export const CONSUMED: Record<'sales-orders' | 'inventory' | 'planning', string[]> = {
  'sales-orders': [topics.upstreamOrders, topics.products, topics.warehouses, topics.stockMoves],
  inventory: [topics.stockMoves, topics.products, topics.salesOrderEvents, topics.draftOrders, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders],
  planning: [topics.stockPositions, topics.warehouses, topics.salesOrderEvents, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders],
};

const SCHEMAS = ['sales_orders', 'inventory', 'planning'];

/** Unconsumed messages per group and topic, and unpublished outbox rows per schema; empty when settled. */
export async function inFlight(brokers: string[], databaseUrl: string, groupOf: (service: string) => string): Promise<string[]> {
  const admin = new Kafka({ clientId: `replenish-chaos-settle-${process.pid}`, brokers, logLevel: logLevel.NOTHING }).admin();
  const pending: string[] = [];
  await admin.connect();
  try {
    for (const [service, consumed] of Object.entries(CONSUMED)) {
      const committed = await admin.fetchOffsets({ groupId: groupOf(service), topics: consumed });
      for (const topic of consumed) {
        const ends = await admin.fetchTopicOffsets(topic);
        const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
        const lag = ends.reduce((sum, p) => {
          const at = Number(mine.find((c) => c.partition === p.partition)?.offset ?? '-1');
          return sum + Number(p.high) - Math.max(at, Number(p.low));
        }, 0);
        if (lag > 0) pending.push(`${groupOf(service)} lags ${lag} on ${topic}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
  await withClient(databaseUrl, async (c) => {
    for (const schema of SCHEMAS) {
      const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".outbox`);
      if (Number(rows[0]!.n) > 0) pending.push(`${rows[0]!.n} rows in ${schema}.outbox`);
    }
  });
  return pending;
}

/** Waits for three looks in a row, a second apart, with nothing in flight. */
export async function waitUntilSettled(brokers: string[], databaseUrl: string, groupOf: (service: string) => string, timeoutMs: number): Promise<void> {
  let quiet = 0;
  let last: string[] = [];
  try {
    await waitFor(
      async () => {
        last = await inFlight(brokers, databaseUrl, groupOf);
        quiet = last.length === 0 ? quiet + 1 : 0;
        if (quiet > 0 && quiet < 3) await sleep(1000);
        return quiet >= 3;
      },
      { timeoutMs, intervalMs: 500, description: 'the system to settle' },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; still in flight: ${last.join('; ')}`, { cause: e });
  }
}

/** Messages on the dead-letter topics: valid input must never end there. */
export async function deadLetters(brokers: string[]): Promise<Record<string, number>> {
  const admin = new Kafka({ clientId: `replenish-chaos-dlq-${process.pid}`, brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const out: Record<string, number> = {};
    for (const topic of (await admin.listTopics()).filter((t) => t.endsWith('.dlq'))) {
      const n = (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
      if (n > 0) out[topic] = n;
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}
