/**
 * npm run bench:inventory
 *
 * Stock moves per second from warehouse.stock-moves to stock-position.changed events out, over real Kafka
 * and PostgreSQL, with the inventory process's peak RSS. The service runs as a child process
 * (apps/inventory/dist/main.js) against a fresh database; the bench produces the moves, consumes the
 * position events and stops the clock when every product's last position shows its expected on hand.
 * Then, in the same run, a baseline: bare kafkajs produce -> consume of the same messages.
 *
 * The child gets the service's production node flags (--max-old-space-size=192, see apps/inventory/package.json);
 * BENCH_NODE_ARGS overrides them, BENCH_INVENTORY_MAIN the entry point.
 * Env: KAFKA_BROKERS (else the local broker of deploy/kafka on KAFKA_PORT, 9092, started when down and stopped
 * after the run, as the tests do), DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres, used to
 * create and drop the bench database), BENCH_MOVES (100000), BENCH_PRODUCTS (1000), BENCH_WARMUP (5000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnvelope, productUpserted, stockMoveDone, topics, type PayloadOf } from '@replenish/contracts';
import { ensureKafka, freePort, freshConsumerGroup, withClient } from '@replenish/test-infra';
import { CompressionTypes, Kafka, logLevel, type Consumer, type Message } from 'kafkajs';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MOVES = Number(process.env.BENCH_MOVES ?? 100_000);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5000);
const SHELVES = 4;
const rid = randomBytes(3).toString('hex');
const WH = `BENCH${rid.toUpperCase()}`;
const here = dirname(fileURLToPath(import.meta.url));
const MAIN = process.env.BENCH_INVENTORY_MAIN ?? resolve(here, '../main.js');
/** The service runs as `npm start -w @replenish/inventory` runs it (apps/inventory/package.json): heap capped. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '--max-old-space-size=192').split(' ').filter(Boolean);

const log = (msg: string): void => void process.stderr.write(`[bench:inventory] ${msg}\n`);
const kafkaBroker = await ensureKafka();
const KAFKA_BROKERS = kafkaBroker.brokers.join(',');
log(`Kafka at ${KAFKA_BROKERS}${kafkaBroker.startedByUs ? ' (started for this run, stopped after it)' : ''}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kafka = new Kafka({ clientId: `bench-inventory-${rid}`, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });

const admin = (sql: string): Promise<void> => withClient(DATABASE_URL, async (c) => void (await c.query(sql)));

const statusKb = (pid: number, field: 'VmHWM' | 'VmRSS'): number => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
};

async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function post(base: string, path: string, body: unknown): Promise<void> {
  const r = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
}

/** Builds `count` moves (60% receipts, 30% deliveries, 10% internal) and the on hand each product ends with. */
function buildMoves(prefix: string, count: number, expected: Map<string, number>): Message[] {
  const messages: Message[] = [];
  const shelf = (i: number) => `${WH}/Stock/S${i % SHELVES}`;
  for (let i = 0; i < count; i++) {
    const product = `BP-${rid}-${i % PRODUCTS}`;
    const q = (i % 3) + 1;
    const k = Math.floor(i / PRODUCTS) % 10;
    let payload: PayloadOf<typeof stockMoveDone>;
    const base = { moveId: `${prefix}-${i}`, productId: product, quantity: String(q), uom: 'Units', doneAt: new Date().toISOString() };
    if (k < 6) {
      payload = { ...base, kind: 'receipt', fromLocation: 'virtual/vendor', toLocation: shelf(i) };
      expected.set(product, (expected.get(product) ?? 0) + q);
    } else if (k < 9) {
      payload = { ...base, kind: 'delivery', fromLocation: shelf(i), toLocation: 'virtual/customer' };
      expected.set(product, (expected.get(product) ?? 0) - q);
    } else {
      payload = { ...base, kind: 'internal', fromLocation: shelf(i), toLocation: shelf(i + 1) };
    }
    const env = createEnvelope(stockMoveDone, payload, { source: 'bench' });
    messages.push({ key: env.key, value: JSON.stringify(env), headers: { 'event-id': env.id, 'event-type': env.type } });
  }
  return messages;
}

async function produceAll(topic: string, messages: Message[]): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const t0 = performance.now();
  const chunk = 2000;
  const inflight: Promise<unknown>[] = [];
  for (let i = 0; i < messages.length; i += chunk) {
    inflight.push(producer.send({ topic, messages: messages.slice(i, i + chunk), compression: CompressionTypes.None }));
    if (inflight.length >= 8) await inflight.shift();
  }
  await Promise.all(inflight);
  const ms = performance.now() - t0;
  await producer.disconnect();
  return ms;
}

async function joinedConsumer(groupId: string, topic: string, fromBeginning: boolean, onBatch: (values: (Buffer | null)[]) => void): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, maxBytes: 50 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  const joined = new Promise<void>((res) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      res();
    });
  });
  await consumer.run({ eachBatch: async ({ batch }) => onBatch(batch.messages.map((m) => m.value)) });
  await joined;
  await sleep(500);
  return consumer;
}

async function main(): Promise<void> {
  const dbName = `inventory_bench_${rid}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(DATABASE_URL);
  dbUrl.pathname = `/${dbName}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const consumers: Consumer[] = [];
  const baselineTopic = `bench.inventory-baseline-${rid}`;
  const kadmin = kafka.admin();
  await kadmin.connect();
  try {
    // The bench's own consumer group, started at the end of every topic the service reads: no history of earlier
    // runs (or tests) on this Kafka is replayed, and no partition is taken from another inventory.
    const group = await freshConsumerGroup('inventory_bench', [
      topics.products, topics.stockMoves, topics.draftOrders, topics.salesOrderEvents, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders,
    ], KAFKA_BROKERS.split(','));
    log(`starting node ${NODE_ARGS.join(' ')} ${MAIN} (db ${dbName}, port ${port})`);
    child = spawn(process.execPath, [...NODE_ARGS, MAIN], {
      env: { ...process.env, DATABASE_URL: dbUrl.toString(), KAFKA_BROKERS, CONSUMER_GROUP: group, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', AUTH_DISABLED: 'true', RATE_LIMIT_WRITES_PER_MINUTE: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const pid = child.pid as number;
    await waitHttp(`${base}/health`);

    // Position events: the last on hand seen per product.
    const lastOnHand = new Map<string, { seq: number; onHand: string }>();
    let positionEvents = 0;
    let lastArrival = 0;
    consumers.push(await joinedConsumer(`bench-positions-${rid}`, topics.stockPositions, false, (values) => {
      for (const v of values) {
        if (!v) continue;
        const e = JSON.parse(v.toString()) as { payload: { productId: string; warehouseId: string; onHand: string; sequence: number } };
        if (e.payload.warehouseId !== WH) continue;
        positionEvents++;
        const prev = lastOnHand.get(e.payload.productId);
        if (!prev || prev.seq < e.payload.sequence) lastOnHand.set(e.payload.productId, { seq: e.payload.sequence, onHand: e.payload.onHand });
      }
      lastArrival = performance.now();
    }));

    // Master data: products, the warehouse and its shelves.
    const products: Message[] = [];
    for (let i = 0; i < PRODUCTS; i++) {
      const unit = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
      const env = createEnvelope(productUpserted, { productId: `BP-${rid}-${i}`, sku: `BP${i}`, name: `Bench ${i}`, stockUom: unit, uoms: [unit, { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' }], routes: ['buy'], takeFromStockFirst: false, active: true }, { source: 'bench' });
      products.push({ key: env.key, value: JSON.stringify(env) });
    }
    await produceAll(topics.products, products);
    await post(base, '/warehouses', { code: WH, timeZone: 'UTC' });
    for (let s = 0; s < SHELVES; s++) await post(base, '/locations', { parent: `${WH}/Stock`, name: `S${s}` });
    const lastProduct = `BP-${rid}-${PRODUCTS - 1}`;
    for (const p of [`BP-${rid}-0`, lastProduct]) await waitHttp(`${base}/stock/on-hand?productId=${p}`, 120_000);

    const expected = new Map<string, number>();
    const done = () => {
      for (const [p, q] of expected) if (lastOnHand.get(p)?.onHand !== String(q)) return false;
      return true;
    };
    const waitDone = async (what: string, timeoutMs: number) => {
      const until = Date.now() + timeoutMs;
      while (!done()) {
        if (Date.now() > until) throw new Error(`${what}: not all positions reached their expected on hand after ${timeoutMs} ms`);
        await sleep(20);
      }
    };

    log(`warm-up: ${WARMUP} moves (also drains any backlog of the inventory consumer group)`);
    await produceAll(topics.stockMoves, buildMoves(`W${rid}`, WARMUP, expected));
    await waitDone('warm-up', 300_000);

    const messages = buildMoves(`R${rid}`, MOVES, expected);
    const eventsBefore = positionEvents;
    let peakRssKb = 0;
    const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, statusKb(pid, 'VmRSS'))), 200);
    log(`run: ${MOVES} moves over ${PRODUCTS} products`);
    const t0 = performance.now();
    const produceMs = await produceAll(topics.stockMoves, messages);
    await waitDone('run', 600_000);
    const seconds = (lastArrival - t0) / 1000;
    clearInterval(sampler);
    const hwmKb = statusKb(pid, 'VmHWM');
    const rate = MOVES / seconds;

    log('baseline: bare kafkajs produce -> consume of the same messages');
    await kadmin.createTopics({ topics: [{ topic: baselineTopic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    let received = 0;
    let baselineLast = 0;
    consumers.push(await joinedConsumer(`bench-baseline-${rid}`, baselineTopic, true, (values) => {
      for (const v of values) if (v) JSON.parse(v.toString());
      received += values.length;
      baselineLast = performance.now();
    }));
    const b0 = performance.now();
    await produceAll(baselineTopic, messages);
    while (received < MOVES) await sleep(5);
    const baselineRate = MOVES / ((baselineLast - b0) / 1000);

    const result = {
      moves: MOVES, products: PRODUCTS, seconds: Number(seconds.toFixed(2)), movesPerSecond: Math.round(rate),
      produceSeconds: Number((produceMs / 1000).toFixed(2)), positionEvents: positionEvents - eventsBefore,
      peakRssMb: Math.round(Math.max(hwmKb, peakRssKb) / 1024), baselineMovesPerSecond: Math.round(baselineRate),
      ratio: Number((rate / baselineRate).toFixed(3)), targets: { movesPerSecond: 5000, rssMb: 300 },
    };
    process.stdout.write(
      `\ninventory: ${result.movesPerSecond} moves/s (${MOVES} moves, ${PRODUCTS} products, ${result.seconds} s, ` +
      `${result.positionEvents} position events), peak RSS ${result.peakRssMb} MB\n` +
      `baseline (kafkajs produce -> consume): ${result.baselineMovesPerSecond} msg/s; inventory / baseline = ${result.ratio}\n` +
      `targets: >= 5000 moves/s ${result.movesPerSecond >= 5000 ? 'MET' : 'MISSED'}; < 300 MB RSS ${result.peakRssMb < 300 ? 'MET' : 'MISSED'}\n` +
      `${JSON.stringify(result)}\n`,
    );
  } finally {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await kadmin.deleteTopics({ topics: [baselineTopic] }).catch(() => undefined);
    await kadmin.disconnect().catch(() => undefined);
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => { child!.once('exit', r); setTimeout(r, 10_000); });
    }
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => log(`drop database: ${(e as Error).message}`));
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
