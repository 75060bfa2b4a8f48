/**
 * npm run bench:e2e
 *
 * The three services (sales-orders, inventory, planning) as child processes on real Kafka and PostgreSQL
 * (one fresh database, a schema each). Planning has an automatic just-in-time rule (min = max = 0) for every
 * product, bought from one of BENCH_VENDORS vendors: every delivery (stock-move.done on warehouse.stock-moves,
 * WH/Stock -> virtual/customer) makes inventory publish a position, on which planning tops up the vendor's
 * open draft by exactly the quantity delivered. The bench reads planning.draft-orders and knows a move has
 * reached its draft when the draft line of its product holds at least the cumulative quantity delivered.
 *
 * 1. throughput: BENCH_MOVES deliveries produced as fast as possible; moves/s = moves / (last needed draft
 *    event - first produce);
 * 2. latency: once the services' consumer groups have caught up on the burst, BENCH_RATE deliveries/s, the first
 *    BENCH_LATENCY_WARMUP_SECONDS unmeasured, then BENCH_LATENCY_SECONDS measured: per move, time from its produce
 *    to the draft event that covers it: p50, p99, max (a steady state, as the target asks);
 * 3. baseline in the same run: bare kafkajs produce -> consume of the same messages (private topic).
 *
 * Env: KAFKA_BROKERS (else the local broker of deploy/kafka on KAFKA_PORT, 9092, started when down and stopped
 * after the run, as the tests do), DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres, used to create
 * and drop the bench database), BENCH_MOVES (10000), BENCH_PRODUCTS (500), BENCH_VENDORS (50), BENCH_RATE (500),
 * BENCH_LATENCY_SECONDS (10), BENCH_LATENCY_WARMUP_SECONDS (3: at the rate, unmeasured, before them), BENCH_LATENCY_DUMP (a file: one line per latency move), BENCH_NODE_ARGS (node flags for the services), BENCH_LATENCY_WAIT_MS (180000:
 * moves not in a draft by then count as unresolved and p99 is reported as a lower bound), BENCH_WARMUP (1000),
 * BENCH_KEEP_DATABASE (1: the database is not dropped). Every loop is bounded; everything runs on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnvelope, stockMoveDone, topics } from '@replenish/contracts';
import { noDelaySocketFactory } from '@replenish/messaging';
import { ensureKafka, freePort, setGroupOffsets, waitFor, withClient } from '@replenish/test-infra';
import { CompressionTypes, Kafka, logLevel, type Admin, type Consumer, type Message, type Producer } from 'kafkajs';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MOVES = Number(process.env.BENCH_MOVES ?? 10_000);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 500);
const VENDORS = Number(process.env.BENCH_VENDORS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const LATENCY_WAIT_MS = Number(process.env.BENCH_LATENCY_WAIT_MS ?? 180_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);
const LATENCY_WARMUP_SECONDS = Number(process.env.BENCH_LATENCY_WARMUP_SECONDS ?? 3);
/** A file to write every latency-phase move to (produce time, ms to its draft, product): to see when the tail happens. */
const LATENCY_DUMP = process.env.BENCH_LATENCY_DUMP;
/** Keep the bench database after the run, to inspect its tables and query plans. */
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';
/** Extra node flags for the three services, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile them. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const rid = randomBytes(3).toString('hex');
const WH = `E2EB${rid.toUpperCase()}`;
const here = dirname(fileURLToPath(import.meta.url));
const APPS = resolve(here, '../../../apps');

const log = (msg: string): void => void process.stderr.write(`[bench:e2e] ${msg}\n`);
const kafkaBroker = await ensureKafka();
const KAFKA_BROKERS = kafkaBroker.brokers.join(',');
log(`Kafka at ${KAFKA_BROKERS}${kafkaBroker.startedByUs ? ' (started for this run, stopped after it)' : ''}`);
// Piped into `head`, a closed stdout must not kill the bench before it stops the services it started.
process.stdout.on('error', () => undefined);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The services' socket settings (TCP_NODELAY, decision messaging-005): the bench is a warehouse system done right.
const kafka = new Kafka({ clientId: `bench-e2e-${rid}`, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, socketFactory: noDelaySocketFactory });
const productId = (i: number) => `EB-${rid}-${i % PRODUCTS}`;

const adminSql = (sql: string): Promise<void> => withClient(DATABASE_URL, async (c) => void (await c.query(sql)));

async function waitUntil(what: string, timeoutMs: number, probe: () => boolean | Promise<boolean>, intervalMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`${what}: not reached after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

async function call(base: string, method: string, path: string, body: unknown, ok: number[]): Promise<unknown> {
  const r = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  if (!ok.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

interface Service { name: string; child: ChildProcess; url: string }

/** Every topic one of the three services consumes. */
const CONSUMED = [topics.upstreamOrders, topics.products, topics.stockMoves, topics.salesOrderEvents, topics.stockPositions, topics.draftOrders, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders, topics.warehouses];

async function startService(name: string, dbUrl: string): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_ARGS, resolve(APPS, name, 'dist/main.js')], {
    env: { ...process.env, DATABASE_URL: dbUrl, KAFKA_BROKERS, CONSUMER_GROUP: `${name}-${new URL(dbUrl).pathname.slice(1)}`, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PLANNING_SWEEP_INTERVAL_HOURS: '0', AUTH_DISABLED: 'true', RATE_LIMIT_WRITES_PER_MINUTE: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`${name} /health`, 120_000, async () => (await fetch(`${url}/health`)).ok, 250);
  return { name, child, url };
}

/** Deliveries: product i % PRODUCTS, quantity 1..3; `cumulative` tracks what each product's draft line must reach. */
function buildMoves(prefix: string, from: number, count: number, cumulative: Map<string, number>): { messages: Message[]; targets: { product: string; cum: number }[] } {
  const messages: Message[] = [];
  const targets: { product: string; cum: number }[] = [];
  for (let i = from; i < from + count; i++) {
    const product = productId(i);
    const q = (i % 3) + 1;
    const cum = (cumulative.get(product) ?? 0) + q;
    cumulative.set(product, cum);
    const env = createEnvelope(stockMoveDone, {
      moveId: `${prefix}-${i}`, kind: 'delivery', productId: product, quantity: String(q), uom: 'Units',
      fromLocation: `${WH}/Stock`, toLocation: 'virtual/customer', doneAt: new Date().toISOString(),
    }, { source: 'bench' });
    messages.push({ key: env.key, value: JSON.stringify(env), headers: { 'event-id': env.id, 'event-type': env.type } });
    targets.push({ product, cum });
  }
  return { messages, targets };
}

async function produceAll(producer: Producer, topic: string, messages: Message[]): Promise<void> {
  const chunk = 1000;
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < messages.length; i += chunk) {
    inflight.push(producer.send({ topic, messages: messages.slice(i, i + chunk), compression: CompressionTypes.None }));
    if (inflight.length >= 8) await inflight.shift();
  }
  await Promise.all(inflight);
}

type Received = { value: Buffer | null; timestamp: number };

/** `lazy`: fetches wait for 1 MB or a second, so a diagnostic consumer costs the machine little (see the positions). */
async function joinedConsumer(groupId: string, topic: string, fromBeginning: boolean, onBatch: (messages: Received[]) => void, lazy = false): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxBytes: 50 * 1024 * 1024, ...(lazy ? { minBytes: 1024 * 1024, maxWaitTimeInMs: 1000 } : { maxWaitTimeInMs: 20 }) });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  const joined = new Promise<void>((res) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      res();
    });
  });
  // No offset commits: a bench group is never resumed, and kafkajs would commit after every batch (90 requests a
  // second at 500 moves/s, each an append to __consumer_offsets), load on the Kafka under test.
  await consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => onBatch(batch.messages.map((m) => ({ value: m.value, timestamp: Number(m.timestamp) }))) });
  await joined;
  await sleep(500);
  return consumer;
}

/** A move awaited in a draft (or a position); `measured`: false for the latency phase's warm-up. */
interface Waiter { cum: number; sentAt: number; sentWall: number; measured: boolean }

/**
 * Where a hop's time goes, per move, on the wall clock from its produce: until the covering event was written
 * (its envelope's occurredAt, taken in the service's transaction), until the relay produced it (Kafka
 * CreateTime) and until the bench received it. Millisecond clocks of one machine.
 */
class Stages {
  private readonly written: number[] = [];
  private readonly relayed: number[] = [];
  private readonly received: number[] = [];
  add(w: Waiter, occurredAt: number, kafkaTimestamp: number, receivedAt: number): void {
    this.written.push(occurredAt - w.sentWall);
    this.relayed.push(kafkaTimestamp - w.sentWall);
    this.received.push(receivedAt - w.sentWall);
  }
  summary(): { writtenP50: number; writtenP99: number; relayedP50: number; relayedP99: number; receivedP50: number; receivedP99: number } {
    const [w, r, c] = [this.written, this.relayed, this.received].map((a) => [...a].sort((x, y) => x - y)) as [number[], number[], number[]];
    return {
      writtenP50: percentile(w, 50), writtenP99: percentile(w, 99), relayedP50: percentile(r, 50), relayedP99: percentile(r, 99),
      receivedP50: percentile(c, 50), receivedP99: percentile(c, 99),
    };
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const stageLine = (what: string, s: ReturnType<Stages['summary']>, received = true): string =>
  `    ${what.padEnd(8)} written ${s.writtenP50} / ${s.writtenP99}, relayed ${s.relayedP50} / ${s.relayedP99}${received ? `, received ${s.receivedP50} / ${s.receivedP99}` : ''}\n`;

/** The consumer groups of the bench's flow, by the topic each must have caught up on. */
const FLOW: { service: string; topic: string }[] = [
  { service: 'inventory', topic: topics.stockMoves }, { service: 'sales-orders', topic: topics.stockMoves },
  { service: 'planning', topic: topics.stockPositions }, { service: 'inventory', topic: topics.draftOrders },
];

/** Waits until every group of the flow has committed the end of its topic; returns how long that took. */
async function settle(kadmin: Admin, dbName: string): Promise<number> {
  const t0 = performance.now();
  await waitUntil('services caught up', 300_000, async () => {
    for (const { service, topic } of FLOW) {
      const ends = new Map((await kadmin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      const [committed] = await kadmin.fetchOffsets({ groupId: `${service}-${dbName}`, topics: [topic] });
      for (const p of committed?.partitions ?? []) if (BigInt(p.offset) < (ends.get(p.partition) ?? 0n)) return false;
    }
    return true;
  }, 250);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dbName = `planning_e2e_bench_${rid}`;
  await adminSql(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(DATABASE_URL);
  dbUrl.pathname = `/${dbName}`;
  const services: Service[] = [];
  const consumers: Consumer[] = [];
  const baselineTopic = `bench.e2e-baseline-${rid}`;
  const kadmin = kafka.admin();
  await kadmin.connect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    // Migrations one service at a time would also work; in parallel they take their own schema locks.
    // The bench's own consumer groups (<service>-<database>), started at the end of every topic: no history
    // of earlier runs is replayed, and nothing is shared with other processes on this Kafka.
    // One group join per group for all its topics (kadmin.setOffsets joins once per topic, about 5 s each).
    const ends = new Map(
      await Promise.all(CONSUMED.map(async (t) => [t, (await kadmin.fetchTopicOffsets(t)).map((p) => ({ partition: p.partition, offset: p.offset }))] as const)),
    );
    await Promise.all(['sales-orders', 'inventory', 'planning'].map((n) => setGroupOffsets(KAFKA_BROKERS.split(','), `${n}-${dbName}`, ends)));
    log(`starting sales-orders, inventory, planning (db ${dbName})`);
    services.push(...(await Promise.all(['sales-orders', 'inventory', 'planning'].map((n) => startService(n, dbUrl.toString())))));
    const [, inventory, planning] = services as [Service, Service, Service];

    // Draft events: per product, the highest line quantity of the newest version of each draft.
    const lineQty = new Map<string, number>();
    const draftVersion = new Map<string, number>();
    let draftEvents = 0;
    let lastArrival = 0;
    const waiters = new Map<string, Waiter[]>();
    const latencies: number[] = [];
    const dumped: string[] = [];
    const draftStages = new Stages();
    consumers.push(await joinedConsumer(`bench-e2e-drafts-${rid}`, topics.draftOrders, false, (messages) => {
      const now = performance.now();
      const wall = Date.now();
      for (const m of messages) {
        if (!m.value) continue;
        const e = JSON.parse(m.value.toString()) as { occurredAt: string; payload: { draftOrderId: string; version: number; warehouseId: string; lines: { productId: string; quantity: string }[] } };
        if (e.payload.warehouseId !== WH) continue;
        draftEvents++;
        if ((draftVersion.get(e.payload.draftOrderId) ?? 0) >= e.payload.version) continue;
        draftVersion.set(e.payload.draftOrderId, e.payload.version);
        for (const l of e.payload.lines) {
          const q = Number(l.quantity);
          lineQty.set(l.productId, q);
          const queue = waiters.get(l.productId);
          while (queue && queue.length > 0 && queue[0]!.cum <= q) {
            const w = queue.shift()!;
            if (!w.measured) continue;
            latencies.push(now - w.sentAt);
            if (LATENCY_DUMP) dumped.push(`${w.sentWall}\t${Math.round(now - w.sentAt)}\t${l.productId}`);
            draftStages.add(w, Date.parse(e.occurredAt), m.timestamp, wall);
          }
        }
      }
      lastArrival = now;
    }));

    // Positions (inventory's output): the first stage of the latency, move -> position covering it (onHand <= -cum),
    // taken when inventory's relay produced it (Kafka CreateTime). The consumer is lazy: a prompt one, fetching
    // 50 times a second like the draft consumer, took a tenth of a core from the system under test.
    const positionWaiters = new Map<string, Waiter[]>();
    const positionLatencies: number[] = [];
    const positionStages = new Stages();
    consumers.push(await joinedConsumer(`bench-e2e-positions-${rid}`, topics.stockPositions, false, (messages) => {
      const wall = Date.now();
      for (const m of messages) {
        if (!m.value) continue;
        const e = JSON.parse(m.value.toString()) as { occurredAt: string; payload: { productId: string; warehouseId: string; onHand: string } };
        if (e.payload.warehouseId !== WH) continue;
        const queue = positionWaiters.get(e.payload.productId);
        while (queue && queue.length > 0 && queue[0]!.cum <= -Number(e.payload.onHand)) {
          const w = queue.shift()!;
          if (!w.measured) continue;
          positionLatencies.push(m.timestamp - w.sentWall);
          positionStages.add(w, Date.parse(e.occurredAt), m.timestamp, wall);
        }
      }
    }, true));

    // Master data through planning's catalog (product.upserted reaches inventory and sales-orders).
    log(`catalog: ${VENDORS} vendors, ${PRODUCTS} products, one automatic JIT rule each`);
    await call(inventory.url, 'POST', '/warehouses', { code: WH, timeZone: 'UTC' }, [201]);
    await waitFor(async () => (await fetch(`${planning.url}/warehouses/${WH}/settings`)).ok, { description: `planning learns warehouse ${WH}`, timeoutMs: 60_000 });
    await pool(Array.from({ length: VENDORS }, (_, v) => v), 8, (v) => call(planning.url, 'POST', '/vendors', { id: `EBV-${rid}-${v}`, name: `Bench vendor ${v}` }, [201]));
    await pool(Array.from({ length: PRODUCTS }, (_, i) => i), 8, async (i) => {
      const id = productId(i);
      await call(planning.url, 'POST', '/products', { id, sku: id, name: `Bench ${i}`, stockUom: { code: 'Units', category: 'unit', factor: '1', rounding: '1' }, routes: ['buy'] }, [201]);
      await call(planning.url, 'POST', `/products/${id}/suppliers`, { vendorId: `EBV-${rid}-${i % VENDORS}`, leadTimeDays: 1 }, [201]);
      await call(planning.url, 'POST', '/reordering-rules', { productId: id, warehouseId: WH, min: '0', max: '0', multiple: '1' }, [201]);
    });
    await waitUntil('inventory knows every product', 300_000, async () => {
      for (const i of [0, PRODUCTS - 1]) if (!(await fetch(`${inventory.url}/stock/on-hand?productId=${productId(i)}`)).ok) return false;
      return true;
    }, 250);

    const cumulative = new Map<string, number>();
    const reached = (targets: Map<string, number>) => () => {
      for (const [p, q] of targets) if ((lineQty.get(p) ?? 0) < q) return false;
      return true;
    };

    log(`warm-up: ${WARMUP} deliveries`);
    const warm = buildMoves(`W${rid}`, 0, WARMUP, cumulative);
    await produceAll(producer, topics.stockMoves, warm.messages);
    await waitUntil('warm-up drafts', 300_000, reached(new Map(cumulative)));

    log(`throughput: ${MOVES} deliveries as fast as possible`);
    const run = buildMoves(`R${rid}`, WARMUP, MOVES, cumulative);
    const eventsBefore = draftEvents;
    const t0 = performance.now();
    await produceAll(producer, topics.stockMoves, run.messages);
    const produceMs = performance.now() - t0;
    await waitUntil('throughput drafts', 900_000, reached(new Map(cumulative)));
    const seconds = (lastArrival - t0) / 1000;
    const rate = MOVES / seconds;
    const throughputDraftEvents = draftEvents - eventsBefore;
    log(`throughput: ${Math.round(rate)} moves/s (${seconds.toFixed(1)} s, produce ${(produceMs / 1000).toFixed(1)} s, ${throughputDraftEvents} draft events)`);

    // A steady state, not the tail of the burst: the services first catch up on everything the throughput phase
    // left them (sales-orders reads the moves too, and nothing waited for it), then run at the rate unmeasured.
    const settleMs = await settle(kadmin, dbName);
    const latencyMoves = RATE * LATENCY_SECONDS;
    const warmMoves = RATE * LATENCY_WARMUP_SECONDS;
    log(`latency: settled in ${(settleMs / 1000).toFixed(1)} s; ${warmMoves} deliveries at ${RATE}/s unmeasured, then ${latencyMoves} measured`);
    const lat = buildMoves(`L${rid}`, WARMUP + MOVES, warmMoves + latencyMoves, cumulative);
    const tickMs = 20;
    const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
    let l0 = performance.now();
    for (let i = 0, tick = 0; i < warmMoves + latencyMoves; i += perTick, tick++) {
      const due = l0 + tick * tickMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (i === warmMoves) [l0, tick] = [performance.now(), 0];
      const slice = lat.messages.slice(i, i + perTick);
      const sentAt = performance.now();
      const sentWall = Date.now();
      for (const t of lat.targets.slice(i, i + perTick)) {
        for (const m of [waiters, positionWaiters]) {
          const q = m.get(t.product) ?? [];
          q.push({ cum: t.cum, sentAt, sentWall, measured: i >= warmMoves });
          m.set(t.product, q);
        }
      }
      void producer.send({ topic: topics.stockMoves, messages: slice, compression: CompressionTypes.None });
    }
    const achievedRate = latencyMoves / ((performance.now() - l0) / 1000);
    await waitUntil('latency drafts', LATENCY_WAIT_MS, () => latencies.length >= latencyMoves).catch(() => undefined);
    const unresolved = latencyMoves - latencies.length;
    if (unresolved > 0) log(`latency: ${unresolved} of ${latencyMoves} moves not in a draft after ${LATENCY_WAIT_MS} ms (counted as >= that)`);
    if (LATENCY_DUMP) writeFileSync(LATENCY_DUMP, `${dumped.join('\n')}\n`);
    const sorted = [...latencies, ...Array.from({ length: unresolved }, () => LATENCY_WAIT_MS)].sort((a, b) => a - b);
    const positionSorted = [...positionLatencies].sort((a, b) => a - b);

    log('baseline: bare kafkajs produce -> consume of the same messages');
    await kadmin.createTopics({ topics: [{ topic: baselineTopic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    let received = 0;
    let baselineLast = 0;
    consumers.push(await joinedConsumer(`bench-e2e-baseline-${rid}`, baselineTopic, true, (messages) => {
      for (const m of messages) if (m.value) JSON.parse(m.value.toString());
      received += messages.length;
      baselineLast = performance.now();
    }));
    const b0 = performance.now();
    await produceAll(producer, baselineTopic, run.messages);
    await waitUntil('baseline', 300_000, () => received >= MOVES, 5);
    const baselineRate = MOVES / ((baselineLast - b0) / 1000);

    const result = {
      moves: MOVES, products: PRODUCTS, vendors: VENDORS, seconds: Number(seconds.toFixed(2)), movesPerSecond: Math.round(rate),
      produceSeconds: Number((produceMs / 1000).toFixed(2)), draftEvents: throughputDraftEvents,
      latency: { moves: latencyMoves, unresolved, targetRate: RATE, achievedRate: Math.round(achievedRate), p50Ms: Math.round(percentile(sorted, 50)), p99Ms: Math.round(percentile(sorted, 99)), maxMs: Math.round(sorted[sorted.length - 1] ?? NaN),
        positionsP50Ms: Math.round(percentile(positionSorted, 50)), positionsP99Ms: Math.round(percentile(positionSorted, 99)),
        positionStages: positionStages.summary(), draftStages: draftStages.summary() },
      baselineMovesPerSecond: Math.round(baselineRate), ratio: Number((rate / baselineRate).toFixed(3)),
      targets: { movesPerSecond: 2000, p99Ms: 200 },
    };
    process.stdout.write(
      `\ne2e: ${result.movesPerSecond} moves/s warehouse topic -> draft order events (${MOVES} deliveries, ${PRODUCTS} products, ` +
      `${VENDORS} vendors, ${result.seconds} s, ${result.draftEvents} draft events)\n` +
      `latency at ${result.latency.achievedRate}/s (${latencyMoves} deliveries): p50 ${result.latency.p50Ms} ms, p99 ${unresolved > 0 && result.latency.p99Ms >= LATENCY_WAIT_MS ? '>= ' : ''}${result.latency.p99Ms} ms, max ${result.latency.maxMs} ms${unresolved > 0 ? ` (${unresolved} unresolved)` : ''}\n` +
      `  of which move -> inventory's position (produced to Kafka): p50 ${result.latency.positionsP50Ms} ms, p99 ${result.latency.positionsP99Ms} ms\n` +
      `  timeline from the move's produce, p50 / p99 ms (written = in the service's transaction, relayed = produced to Kafka by the outbox relay):\n` +
      stageLine('position', result.latency.positionStages, false) + stageLine('draft', result.latency.draftStages) +
      `baseline (kafkajs produce -> consume): ${result.baselineMovesPerSecond} msg/s; e2e / baseline = ${result.ratio}\n` +
      `targets: >= 2000 moves/s ${result.movesPerSecond >= 2000 ? 'MET' : 'MISSED'}; p99 < 200 ms at 500/s ${result.latency.p99Ms < 200 ? 'MET' : 'MISSED'}\n` +
      `${JSON.stringify(result)}\n`,
    );
  } finally {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await kadmin.deleteTopics({ topics: [baselineTopic] }).catch(() => undefined);
    await kadmin.disconnect().catch(() => undefined);
    await Promise.all(services.map(({ child }) => child.exitCode === null
      ? new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); setTimeout(r, 15_000); })
      : undefined));
    if (KEEP_DATABASE) log(`database ${dbName} kept (BENCH_KEEP_DATABASE=1)`);
    else await adminSql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => log(`drop database: ${(e as Error).message}`));
    await kafkaBroker.stop().catch((e: unknown) => log(`stop Kafka: ${(e as Error).message}`));
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`failed: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
