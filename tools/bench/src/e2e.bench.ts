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
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { topics } from '@replenish/contracts';
import { noDelaySocketFactory } from '@replenish/messaging';
import { ensureKafka, waitFor } from '@replenish/test-infra';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { call, envNumber, logger, pool, runBench, settle, startStack, waitUntil, type Flow, type Stack } from './bench-kit.js';
import { joinedConsumer, MoveToDraft, produceAll, stageLine } from './move-to-draft.js';

const MOVES = envNumber('BENCH_MOVES', 10_000);
const PRODUCTS = envNumber('BENCH_PRODUCTS', 500);
const VENDORS = envNumber('BENCH_VENDORS', 50);
const RATE = envNumber('BENCH_RATE', 500);
const LATENCY_SECONDS = envNumber('BENCH_LATENCY_SECONDS', 10);
const LATENCY_WAIT_MS = envNumber('BENCH_LATENCY_WAIT_MS', 180_000);
const WARMUP = envNumber('BENCH_WARMUP', 1000);
const LATENCY_WARMUP_SECONDS = envNumber('BENCH_LATENCY_WARMUP_SECONDS', 3);
/** A file to write every latency-phase move to (produce time, ms to its draft, product): to see when the tail happens. */
const LATENCY_DUMP = process.env.BENCH_LATENCY_DUMP;
const rid = randomBytes(3).toString('hex');
const WH = `E2EB${rid.toUpperCase()}`;

const log = logger('bench:e2e');
const kafkaBroker = await ensureKafka();
const KAFKA_BROKERS = kafkaBroker.brokers.join(',');
log(`Kafka at ${KAFKA_BROKERS}${kafkaBroker.startedByUs ? ' (started for this run, stopped after it)' : ''}`);
// Piped into `head`, a closed stdout must not kill the bench before it stops the services it started.
process.stdout.on('error', () => undefined);
// The services' socket settings (TCP_NODELAY, decision messaging-005): the bench is a warehouse system done right.
const kafka = new Kafka({ clientId: `bench-e2e-${rid}`, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, socketFactory: noDelaySocketFactory });
const productId = (i: number) => `EB-${rid}-${i % PRODUCTS}`;

/** The consumer groups of the bench's flow, by the topic each must have caught up on. */
const FLOW: Flow[] = [
  { service: 'inventory', topic: topics.stockMoves }, { service: 'sales-orders', topic: topics.stockMoves },
  { service: 'planning', topic: topics.stockPositions }, { service: 'inventory', topic: topics.draftOrders },
];

async function main(): Promise<void> {
  let stack: Stack | undefined;
  const consumers: Consumer[] = [];
  const baselineTopic = `bench.e2e-baseline-${rid}`;
  const kadmin = kafka.admin();
  await kadmin.connect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const flow = new MoveToDraft({ kafka, producer, rid, warehouseId: WH, productId, dump: LATENCY_DUMP !== undefined });
  try {
    stack = await startStack({ dbName: `planning_e2e_bench_${rid}`, kafkaBrokers: KAFKA_BROKERS, kadmin, log });
    const { inventory, planning } = stack.services;
    await flow.start();

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

    log(`warm-up: ${WARMUP} deliveries`);
    const warm = flow.build(`W${rid}`, 0, WARMUP);
    await produceAll(producer, topics.stockMoves, warm.messages);
    await waitUntil('warm-up drafts', 300_000, flow.reached());

    log(`throughput: ${MOVES} deliveries as fast as possible`);
    const run = flow.build(`R${rid}`, WARMUP, MOVES);
    const eventsBefore = flow.draftEvents;
    const t0 = performance.now();
    await produceAll(producer, topics.stockMoves, run.messages);
    const produceMs = performance.now() - t0;
    await waitUntil('throughput drafts', 900_000, flow.reached());
    const seconds = (flow.lastArrival - t0) / 1000;
    const rate = MOVES / seconds;
    const throughputDraftEvents = flow.draftEvents - eventsBefore;
    log(`throughput: ${Math.round(rate)} moves/s (${seconds.toFixed(1)} s, produce ${(produceMs / 1000).toFixed(1)} s, ${throughputDraftEvents} draft events)`);

    // A steady state, not the tail of the burst: the services first catch up on everything the throughput phase
    // left them (sales-orders reads the moves too, and nothing waited for it), then run at the rate unmeasured.
    const settleMs = await settle(kadmin, stack.dbName, FLOW);
    log(`latency: settled in ${(settleMs / 1000).toFixed(1)} s; ${RATE * LATENCY_WARMUP_SECONDS} deliveries at ${RATE}/s unmeasured, then ${RATE * LATENCY_SECONDS} measured`);
    const latency = await flow.atRate({ prefix: `L${rid}`, from: WARMUP + MOVES, rate: RATE, warmupSeconds: LATENCY_WARMUP_SECONDS, seconds: LATENCY_SECONDS, waitMs: LATENCY_WAIT_MS });
    const { unresolved, dumped, ...latencyFigures } = latency;
    if (unresolved > 0) log(`latency: ${unresolved} of ${latency.moves} moves not in a draft after ${LATENCY_WAIT_MS} ms (counted as >= that)`);
    if (LATENCY_DUMP) writeFileSync(LATENCY_DUMP, `${dumped.join('\n')}\n`);

    log('baseline: bare kafkajs produce -> consume of the same messages');
    await kadmin.createTopics({ topics: [{ topic: baselineTopic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    let received = 0;
    let baselineLast = 0;
    consumers.push(await joinedConsumer(kafka, `bench-e2e-baseline-${rid}`, baselineTopic, true, (messages) => {
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
      latency: { unresolved, ...latencyFigures },
      baselineMovesPerSecond: Math.round(baselineRate), ratio: Number((rate / baselineRate).toFixed(3)),
      targets: { movesPerSecond: 2000, p99Ms: 200 },
    };
    process.stdout.write(
      `\ne2e: ${result.movesPerSecond} moves/s warehouse topic -> draft order events (${MOVES} deliveries, ${PRODUCTS} products, ` +
      `${VENDORS} vendors, ${result.seconds} s, ${result.draftEvents} draft events)\n` +
      `latency at ${result.latency.achievedRate}/s (${latency.moves} deliveries): p50 ${result.latency.p50Ms} ms, p99 ${unresolved > 0 && result.latency.p99Ms >= LATENCY_WAIT_MS ? '>= ' : ''}${result.latency.p99Ms} ms, max ${result.latency.maxMs} ms${unresolved > 0 ? ` (${unresolved} unresolved)` : ''}\n` +
      `  of which move -> inventory's position (produced to Kafka): p50 ${result.latency.positionsP50Ms} ms, p99 ${result.latency.positionsP99Ms} ms\n` +
      `  timeline from the move's produce, p50 / p99 ms (written = in the service's transaction, relayed = produced to Kafka by the outbox relay):\n` +
      stageLine('position', result.latency.positionStages, false) + stageLine('draft', result.latency.draftStages) +
      `baseline (kafkajs produce -> consume): ${result.baselineMovesPerSecond} msg/s; e2e / baseline = ${result.ratio}\n` +
      `targets: >= 2000 moves/s ${result.movesPerSecond >= 2000 ? 'MET' : 'MISSED'}; p99 < 200 ms at 500/s ${result.latency.p99Ms < 200 ? 'MET' : 'MISSED'}\n` +
      `${JSON.stringify(result)}\n`,
    );
  } finally {
    await flow.stop();
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await kadmin.deleteTopics({ topics: [baselineTopic] }).catch(() => undefined);
    await kadmin.disconnect().catch(() => undefined);
    await stack?.stop();
    await kafkaBroker.stop().catch((e: unknown) => log(`stop Kafka: ${(e as Error).message}`));
  }
}

runBench(main, log);
