/**
 * npm run bench:levels
 *
 * Multi-level propagation (decision planning-016) across the services on real Kafka and PostgreSQL: sales orders
 * confirmed at BENCH_LEVELS_RATE/s (the bench plays sales-orders: sales-order.confirmed on sales-orders.events), each
 * one line of a made-to-order product, and per order the time from its produce to the draft event that covers the
 * last level's need. Two phases in the same run:
 * - single level: the product is made to order and bought (its purchase draft is the first and last level);
 * - BENCH_LEVELS levels (5): the product is made to order from a BOM of a sub-assembly, itself made from one, ...,
 *   down to a bought component; every level below the top has an automatic just-in-time rule (min = max = 0), so the
 *   purchase draft of the last level covers the order once the propagation reached it.
 * BENCH_LEVELS_CHAINS (20) products of each kind, taken round robin; every order asks for 1..3 units. Per phase it
 * also prints where the time went (p50 / p99 from the produce until the covering draft event was written by
 * planning, relayed to Kafka, received by the bench), with the watcher of bench:e2e (move-to-draft.ts, DraftWatcher).
 *
 * Env: as bench:e2e (KAFKA_BROKERS, DATABASE_URL, BENCH_KEEP_DATABASE), BENCH_LEVELS (5), BENCH_LEVELS_RATE (100),
 * BENCH_LEVELS_SECONDS (20 measured per phase), BENCH_LEVELS_WARMUP_SECONDS (3 unmeasured before them),
 * BENCH_LEVELS_WAIT_MS (120000: orders not covered by then count as unresolved at that latency).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { createEnvelope, salesOrderConfirmed, topics } from '@replenish/contracts';
import { noDelaySocketFactory } from '@replenish/messaging';
import { ensureKafka, waitFor } from '@replenish/test-infra';
import { CompressionTypes, Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { call, envNumber, logger, percentile, pool, runBench, settle, sleep, startStack, waitUntil, type Stack } from './bench-kit.js';
import { DraftWatcher, Stages, stageLine, type StageSummary } from './move-to-draft.js';

const LEVELS = envNumber('BENCH_LEVELS', 5);
const RATE = envNumber('BENCH_LEVELS_RATE', 100);
const SECONDS = envNumber('BENCH_LEVELS_SECONDS', 20);
const WARMUP_SECONDS = envNumber('BENCH_LEVELS_WARMUP_SECONDS', 3);
const CHAINS = envNumber('BENCH_LEVELS_CHAINS', 20);
const WAIT_MS = envNumber('BENCH_LEVELS_WAIT_MS', 120_000);
const rid = randomBytes(3).toString('hex');
const WH = `LVB${rid.toUpperCase()}`;
/**
 * The vendor of the `levels` kind's bought products: one per phase, so that each phase's purchase draft starts empty
 * (with one vendor the 5-level phase loaded, rewrote and republished at every wave the 1-level phase's draft, 20 lines
 * of about 65 sales-line origins each, which the single level never had to).
 */
const vendorOf = (levels: number): string => `LVV${levels}-${rid}`;
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };

const log = logger('bench:levels');
const kafkaBroker = await ensureKafka();
const KAFKA_BROKERS = kafkaBroker.brokers.join(',');
process.stdout.on('error', () => undefined);
const kafka = new Kafka({ clientId: `bench-levels-${rid}`, brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, socketFactory: noDelaySocketFactory });

/** Product of chain c at level l (0: the sold one); `levels` 1: the single-level kind. */
const productOf = (levels: number, c: number, l: number): string => `LV${levels}-${rid}-${c}-${l}`;

/** The purchase drafts of the bench's warehouse: per measured order, its latency and where the time went. */
class LastLevel {
  readonly latencies: number[] = [];
  stages = new Stages();
  readonly drafts = new DraftWatcher({
    warehouseId: WH, type: 'purchase',
    onCovered: (w, _product, at) => {
      this.latencies.push(at.now - w.sentAt);
      this.stages.add(w, at.occurredAt, at.kafkaTimestamp, at.wall);
    },
  });
}

async function catalog(planningUrl: string, levels: number): Promise<void> {
  await pool(Array.from({ length: CHAINS }, (_, c) => c), 4, async (c) => {
    for (let l = levels - 1; l >= 0; l--) {
      const id = productOf(levels, c, l);
      const bought = l === levels - 1;
      const routes = [...(l === 0 ? ['mto'] : []), bought ? 'buy' : 'manufacture'];
      await call(planningUrl, 'POST', '/products', { id, sku: id, name: id, stockUom: UNIT, routes }, [201]);
      if (bought) await call(planningUrl, 'POST', `/products/${id}/suppliers`, { vendorId: vendorOf(levels), leadTimeDays: 3 }, [201]);
      else await call(planningUrl, 'POST', '/boms', { id: `BOM-${id}`, productId: id, outputQty: '1', productionDelayDays: 2, components: [{ productId: productOf(levels, c, l + 1), quantity: '1' }] }, [201]);
      if (l > 0) await call(planningUrl, 'POST', '/reordering-rules', { productId: id, warehouseId: WH, min: '0', max: '0', trigger: 'automatic' }, [201]);
    }
  });
}

/** `warmup + seconds` of orders at RATE for the `levels` kind; the latencies of the measured ones. */
async function phase(producer: Producer, last: LastLevel, levels: number, cumulative: Map<string, number>): Promise<{ sorted: number[]; stages: StageSummary }> {
  const before = last.latencies.length;
  last.stages = new Stages();
  const total = RATE * (WARMUP_SECONDS + SECONDS);
  const tickMs = 20;
  const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
  const delivery = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const t0 = performance.now();
  for (let i = 0, tick = 0; i < total; i += perTick, tick++) {
    const wait = t0 + tick * tickMs - performance.now();
    if (wait > 0) await sleep(wait);
    const messages = [];
    const sentAt = performance.now();
    const sentWall = Date.now();
    for (let j = i; j < Math.min(total, i + perTick); j++) {
      const c = j % CHAINS;
      const q = (j % 3) + 1;
      const lastProduct = productOf(levels, c, levels - 1);
      const cum = (cumulative.get(lastProduct) ?? 0) + q;
      cumulative.set(lastProduct, cum);
      last.drafts.await(lastProduct, { cum, sentAt, sentWall, measured: j >= RATE * WARMUP_SECONDS });
      const env = createEnvelope(salesOrderConfirmed, {
        salesOrderId: `lvso-${rid}-${levels}-${j}`, orderRef: `LV-${levels}-${j}`, confirmedAt: new Date().toISOString(),
        lines: [{ lineId: `lvsol-${rid}-${levels}-${j}`, lineRef: '1', lineNo: 1, productId: productOf(levels, c, 0), warehouseId: WH, quantity: String(q), uom: 'Units', route: 'mto', deliveryDate: delivery }],
      }, { source: 'bench' });
      messages.push({ key: env.key, value: JSON.stringify(env), headers: { 'event-id': env.id, 'event-type': env.type } });
    }
    void producer.send({ topic: topics.salesOrderEvents, messages, compression: CompressionTypes.None });
  }
  const measured = RATE * SECONDS;
  await waitUntil(`${levels}-level drafts`, WAIT_MS, () => last.latencies.length - before >= measured).catch(() => undefined);
  const got = last.latencies.slice(before);
  return { sorted: [...got, ...Array.from({ length: measured - got.length }, () => WAIT_MS)].sort((a, b) => a - b), stages: last.stages.summary() };
}

/** The 1-minute load average, the figure `uptime` shows first (the machine is shared: the latencies depend on it). */
const load = (): number => Math.round((loadavg()[0] ?? NaN) * 10) / 10;

const summary = (levels: number, { sorted, stages }: { sorted: number[]; stages: StageSummary }, loadDuring: number) => ({
  levels, load: loadDuring, stages, orders: sorted.length, unresolved: sorted.filter((l) => l >= WAIT_MS).length,
  p50Ms: Math.round(percentile(sorted, 50)), p99Ms: Math.round(percentile(sorted, 99)), maxMs: Math.round(sorted[sorted.length - 1] ?? NaN),
});

async function main(): Promise<void> {
  let stack: Stack | undefined;
  const kadmin = kafka.admin();
  await kadmin.connect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const last = new LastLevel();
  let drafts: Consumer | undefined;
  try {
    stack = await startStack({ dbName: `planning_levels_bench_${rid}`, kafkaBrokers: KAFKA_BROKERS, kadmin, log });
    const { inventory, planning } = stack.services;
    drafts = await last.drafts.join(kafka, `bench-levels-drafts-${rid}`);
    await call(inventory.url, 'POST', '/warehouses', { code: WH, timeZone: 'UTC' }, [201]);
    await waitFor(async () => (await fetch(`${planning.url}/warehouses/${WH}/settings`)).ok, { description: `planning learns warehouse ${WH}`, timeoutMs: 60_000 });
    await call(planning.url, 'PUT', `/warehouses/${WH}/settings`, { manufacturingSecurityLeadDays: 0, daysToPrepare: 0, purchaseSecurityLeadDays: 0, daysToPurchase: 0 }, [200]);
    for (const levels of [1, LEVELS]) await call(planning.url, 'POST', '/vendors', { id: vendorOf(levels), name: `Levels bench vendor (${levels})` }, [201]);
    log(`catalog: ${CHAINS} chains of 1 and of ${LEVELS} levels`);
    await catalog(planning.url, 1);
    await catalog(planning.url, LEVELS);
    const cumulative = new Map<string, number>();
    const results = [];
    for (const levels of [1, LEVELS]) {
      // Planning first catches up on what came before (the previous phase's orders, anyone's positions on this Kafka).
      await settle(kadmin, stack.dbName, [{ service: 'planning', topic: topics.salesOrderEvents }, { service: 'planning', topic: topics.stockPositions }]);
      log(`${levels} level(s): ${RATE * WARMUP_SECONDS} orders at ${RATE}/s unmeasured, then ${RATE * SECONDS} measured`);
      const latencies = await phase(producer, last, levels, cumulative);
      results.push(summary(levels, latencies, load()));
    }
    const [one, deep] = results as [ReturnType<typeof summary>, ReturnType<typeof summary>];
    process.stdout.write(
      `\nlevels: sales-order.confirmed -> purchase draft event of the last level, ${RATE} orders/s, ${CHAINS} products per kind\n` +
      results.map((r) => `  ${r.levels} level(s): p50 ${r.p50Ms} ms, p99 ${r.unresolved > 0 ? '>= ' : ''}${r.p99Ms} ms, max ${r.maxMs} ms (${r.orders} orders${r.unresolved > 0 ? `, ${r.unresolved} unresolved` : ''}; load average ${r.load})\n${stageLine('p50/p99', r.stages)}`).join('') +
      `ratio: ${LEVELS} levels / 1 level, p99 ${(deep.p99Ms / one.p99Ms).toFixed(2)}\n` +
      `target: p99 < 500 ms for ${LEVELS} levels at 100/s ${deep.p99Ms < 500 && deep.unresolved === 0 ? 'MET' : 'MISSED'}\n` +
      `${JSON.stringify({ rate: RATE, chains: CHAINS, single: one, deep })}\n`,
    );
  } finally {
    await drafts?.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await kadmin.disconnect().catch(() => undefined);
    await stack?.stop();
    await kafkaBroker.stop().catch((e: unknown) => log(`stop Kafka: ${(e as Error).message}`));
  }
}

runBench(main, log);
