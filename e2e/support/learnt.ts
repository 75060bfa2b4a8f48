// Waiting until the services that keep a copy of catalog data (a product, a warehouse) have learnt it from its event,
// and saying, when one never does, what never arrived: how far the service's consumer group got on the shared topic,
// whether planning still holds the event in its outbox, and what the service's log says about the key.
import pg from 'pg';
import { topics } from '@replenish/contracts';
import { sleep } from '@replenish/test-infra';
import { httpJson } from './http.js';
import { CONSUMED, groupLag } from './offsets.js';
import type { ServiceProcess } from './processes.js';

/** The services of a test file (those it runs: each is asked about what it keeps a copy of). */
export interface LearningServices {
  brokers: string[];
  sales?: ServiceProcess;
  inventory?: ServiceProcess;
  planning?: ServiceProcess;
  /** The wait; a group still working through a backlog on the shared topic is waited for up to three times as long. */
  waitMs: number;
}

/** One service that keeps a copy, and how to ask it whether it has it. */
interface Learner {
  service: ServiceProcess;
  knows: () => Promise<boolean>;
}

/** What the services learn: the event's topic and key (its id), for the message when one never learns it. */
interface Learnt {
  what: string;
  topic: string;
  key: string;
  /** The service that publishes it through its outbox (the schema of the same name), when the file runs it. */
  publisher?: ServiceProcess;
}

/**
 * Resolves once inventory and sales-orders (those of them the file runs) know product `productId` (product.upserted
 * on catalog.products). sales-orders is asked with a probe order on `probeWarehouse`, a warehouse it already knows:
 * 201, or 200 / 409 for a probe repeated, once it knows the product.
 */
export function productLearnt(s: LearningServices, productId: string, probeWarehouse?: string): Promise<void> {
  const learners: Learner[] = [];
  const { inventory, sales } = s;
  if (inventory) learners.push({ service: inventory, knows: async () => (await httpJson(inventory.url, 'GET', `/stock/on-hand?productId=${encodeURIComponent(productId)}`)).status === 200 });
  if (sales) {
    if (!probeWarehouse) throw new Error(`productLearnt(${productId}): asking sales-orders needs a warehouse it knows for the probe order`);
    learners.push({
      service: sales,
      knows: async () => {
        const probe = await httpJson(sales.url, 'POST', '/sales-orders', {
          orderRef: `probe-${productId}`,
          lines: [{ lineRef: 'L1', productId, warehouseId: probeWarehouse, quantity: '1', uom: 'Units', route: 'stock', requestedDate: '2030-01-01' }],
        });
        return [200, 201, 409].includes(probe.status);
      },
    });
  }
  return untilLearnt(s, { what: `product ${productId}`, topic: topics.products, key: productId, publisher: s.planning }, learners);
}

/**
 * Resolves once sales-orders and planning (those of them the file runs) know warehouse `warehouseId`
 * (warehouse.created, which inventory publishes when it creates one). sales-orders checks a line's warehouse before
 * its product, so a probe line naming a product nobody created is refused for its product (400) once it knows the
 * warehouse, and creates nothing.
 */
export function warehouseLearnt(s: LearningServices, warehouseId: string): Promise<void> {
  const learners: Learner[] = [];
  const { sales, planning } = s;
  if (sales) {
    learners.push({
      service: sales,
      knows: async () => (await httpJson(sales.url, 'POST', '/sales-orders', {
        orderRef: `probe-warehouse-${warehouseId}`,
        lines: [{ lineRef: 'L1', productId: `no-such-product-${warehouseId}`, warehouseId, quantity: '1', uom: 'Units', route: 'stock', requestedDate: '2030-01-01' }],
      })).status === 400,
    });
  }
  if (planning) learners.push({ service: planning, knows: async () => (await httpJson(planning.url, 'GET', `/warehouses/${encodeURIComponent(warehouseId)}/settings`)).status === 200 });
  return untilLearnt(s, { what: `warehouse ${warehouseId}`, topic: topics.warehouses, key: warehouseId, publisher: s.inventory }, learners);
}

async function untilLearnt(s: LearningServices, learnt: Learnt, learners: Learner[]): Promise<void> {
  const outcomes = await Promise.allSettled(learners.map((l) => untilOneLearnt(s, learnt, l)));
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => (o.reason as Error).message);
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

/** How long a group may make no progress on the topic before a wait past its bound gives up. */
const STALL_MS = 30_000;

async function untilOneLearnt(s: LearningServices, learnt: Learnt, l: Learner): Promise<void> {
  const started = Date.now();
  const cap = started + 3 * s.waitMs;
  let deadline = started + s.waitMs;
  let committed: bigint | undefined;
  for (;;) {
    if (await l.knows().catch(() => false)) return;
    if (l.service.exited()) throw new Error(`${l.service.name} exited before it learnt ${learnt.what} (log ${l.service.logFile})`);
    if (Date.now() >= deadline) {
      // Past the bound: is the group still working through what others published on the shared topics before this
      // event (a bench importing 100,000 products, say)? Then it is slow, not stuck: wait on while it moves, up to the
      // cap. Moving on any of its topics: one fetch across them is one transaction, committed as a whole.
      const [lag, all] = await Promise.all([groupLag(s.brokers, l.service.consumerGroup, [learnt.topic]), groupLag(s.brokers, l.service.consumerGroup, CONSUMED)]);
      const moving = lag !== undefined && all !== undefined && lag.behind > 0n && (committed === undefined || all.committed > committed);
      if (moving && Date.now() < cap) {
        committed = all.committed;
        deadline = Date.now() + STALL_MS;
        continue;
      }
      throw new Error(`${l.service.name} never learnt ${learnt.what} within ${Date.now() - started} ms: ${await diagnose(s, learnt, l)}`);
    }
    await sleep(250);
  }
}

/** How many rows of the event its publisher still holds in its outbox (written, not relayed yet); undefined when the file does not run it. */
async function inOutbox(learnt: Learnt): Promise<number | undefined> {
  const publisher = learnt.publisher;
  if (!publisher) return undefined;
  const client = new pg.Client({ connectionString: publisher.databaseUrl });
  try {
    await client.connect();
    return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${publisher.name}".outbox WHERE topic = $1 AND key = $2`, [learnt.topic, learnt.key])).rows[0]!.n;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function diagnose(s: LearningServices, learnt: Learnt, l: Learner): Promise<string> {
  const group = l.service.consumerGroup;
  const lag = await groupLag(s.brokers, group, [learnt.topic]);
  const outbox = await inOutbox(learnt);
  const publisher = learnt.publisher?.name;
  const logged = l.service.logs().split('\n').filter((line) => line.includes(learnt.key)).slice(-3);
  return [
    lag ? `group ${group} on ${learnt.topic}: ${lag.behind} messages still to read${lag.partitions ? ` (committed of end: ${lag.partitions})` : ''}` : `group ${group}: its offsets on ${learnt.topic} unreadable`,
    outbox === undefined ? undefined : outbox > 0 ? `the event keyed ${learnt.key} is still in ${publisher}'s outbox (not relayed)` : `${publisher}'s outbox has relayed the event keyed ${learnt.key}`,
    logged.length > 0 ? `its log on ${learnt.key} (last ${logged.length}):\n${logged.join('\n')}` : `its log (${l.service.logFile}) does not name ${learnt.key}`,
  ].filter(Boolean).join('; ');
}
