/**
 * npm run bench:sweep (issue 18): planning at scale, the three services as child processes on real Kafka and
 * PostgreSQL as bench:e2e runs them (bench-kit), on generated catalogs (sweep-catalog) of BENCH_SMALL_RULES and
 * BENCH_LARGE_RULES rules, each on a fresh database:
 * - small: sweep with nothing to change; the warehouses' daysToPurchase raised (no evaluation on its own), so that
 *   ~10% of the rules order: sweep again; 10,000 moves in one POST /stock/moves/batch;
 * - large: import of every rule as CSV (the answer comes once they are evaluated); daysToPurchase raised, sweep
 *   (~10% ordering) with planning's peak RSS (VmHWM of its process, /proc/<pid>/status); bench:e2e's move-to-draft
 *   latency at BENCH_RATE moves/s while sweeps run back to back; the replenishment report's first page with one
 *   filter, p99 of BENCH_REPORT_REQUESTS requests.
 * Baseline in the same run: libs/domain evaluating the same rules from in-memory inputs; ratio = measured / baseline.
 * A step whose endpoint is missing prints "not available yet". Targets missed are printed, the exit code stays 0.
 *
 * Env: KAFKA_BROKERS, DATABASE_URL, BENCH_NODE_ARGS, BENCH_KEEP_DATABASE as bench:e2e; BENCH_SMALL_RULES (15000),
 * BENCH_LARGE_RULES (100000; 0 skips the large catalog), BENCH_SEED (18), BENCH_VENDORS (50), BENCH_RATE (500),
 * BENCH_LATENCY_SECONDS (10), BENCH_LATENCY_WARMUP_SECONDS (3), BENCH_LATENCY_PRODUCTS (500), BENCH_REPORT_REQUESTS
 * (200), BENCH_SWEEP_TIMEOUT_MS (900000).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { noDelaySocketFactory } from '@replenish/messaging';
import { ensureKafka, waitFor } from '@replenish/test-infra';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { call, envNumber, logger, percentile, pool, processMemory, runBench, sleep, startStack, type Stack } from './bench-kit.js';
import { MoveToDraft, type LatencyResult, type StageSummary } from './move-to-draft.js';
import { baseline, generateCatalog, LONG_DAYS_TO_PURCHASE, rulesOf, TIME_ZONE, type Catalog, type Product, type Rule } from './sweep-catalog.js';
import {
  loadProducts, loadReceipts, loadRules, loadSales, loadVendors, MOVES_BATCH, movesBatchAvailable, operations, postMovesBatch, receipt, rulesImportAvailable, settleLoad,
} from './sweep-load.js';

const SMALL = envNumber('BENCH_SMALL_RULES', 15_000);
const LARGE = envNumber('BENCH_LARGE_RULES', 100_000);
const SEED = envNumber('BENCH_SEED', 18);
const VENDORS = envNumber('BENCH_VENDORS', 50);
const RATE = envNumber('BENCH_RATE', 500);
const LATENCY_SECONDS = envNumber('BENCH_LATENCY_SECONDS', 10);
const LATENCY_WARMUP_SECONDS = envNumber('BENCH_LATENCY_WARMUP_SECONDS', 3);
const LATENCY_PRODUCTS = envNumber('BENCH_LATENCY_PRODUCTS', 500);
const REPORT_REQUESTS = envNumber('BENCH_REPORT_REQUESTS', 200);
const SWEEP_TIMEOUT_MS = envNumber('BENCH_SWEEP_TIMEOUT_MS', 900_000);
const rid = randomBytes(3).toString('hex');
const RID = rid.toUpperCase();

const log = logger('bench:sweep');
process.stdout.on('error', () => undefined);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** One row of the final table. */
interface Figure { figure: string; target: string; measured: string; ratio: string; result: 'met' | 'MISSED' | 'not available yet' | 'failed'; note?: string }
const figures: Figure[] = [];
const notes: string[] = [];
const record = (f: Figure): void => {
  figures.push(f);
  log(`${f.figure}: ${f.measured} (${f.result})${f.note ? ` ${f.note}` : ''}`);
};
const unavailable = (figure: string, target: string, why: string): void => record({ figure, target, measured: '-', ratio: '-', result: 'not available yet', note: why });
const timed = (figure: string, target: string, ms: number, limitMs: number, baselineMs?: number, note?: string): void => record({
  figure, target, measured: seconds(ms), ratio: baselineMs === undefined ? '-' : (ms / baselineMs).toFixed(1), result: ms < limitMs ? 'met' : 'MISSED', ...(note ? { note } : {}),
});

/** Runs a figure's step; an error is recorded as that figure failing, and the bench goes on with the next. */
async function step(figure: string, target: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    log(`${figure}: ${(e as Error).stack ?? String(e)}`);
    record({ figure, target, measured: '-', ratio: '-', result: 'failed', note: (e as Error).message.slice(0, 200) });
  }
}

interface SweepOutcome { ms: number; evaluated: number; ordered: number; how: string; postMs?: number; serverMs?: number }

/**
 * One sweep, from the request to its end: `POST /reordering-rules/sweep?wait=true`, which answers once the run is
 * finished (polling it over HTTP every 20 ms, as runs 1 to 6 did, took 2 to 4% of planning's CPU during the sweep);
 * a run still running in the answer is followed by GET /reordering-rules/sweeps/{id} every 20 ms until it is done.
 */
async function sweep(planning: string): Promise<SweepOutcome> {
  const t0 = performance.now();
  const answer = (await call(planning, 'POST', '/reordering-rules/sweep?wait=true', undefined, [200, 202])) as Record<string, unknown>;
  const postMs = performance.now() - t0;
  if (answer.id === undefined) {
    return { ms: performance.now() - t0, evaluated: Number(answer.evaluated), ordered: Number(answer.ordered), how: 'POST /reordering-rules/sweep (synchronous)' };
  }
  if (answer.state === 'done') {
    return {
      ms: postMs, evaluated: Number(answer.done), ordered: Number(answer.ordered), serverMs: Date.parse(String(answer.finishedAt)) - Date.parse(String(answer.startedAt)),
      how: 'POST /reordering-rules/sweep?wait=true, measured from the request to its answer (200, the finished run)',
    };
  }
  const until = Date.now() + SWEEP_TIMEOUT_MS;
  for (;;) {
    const run = (await call(planning, 'GET', `/reordering-rules/sweeps/${String(answer.id)}`, undefined, [200])) as { state: string; done: number; ordered: number; failed: number; startedAt: string; finishedAt: string | null };
    if (run.state === 'done') {
      return {
        ms: performance.now() - t0, evaluated: run.done, ordered: run.ordered, postMs, serverMs: Date.parse(run.finishedAt ?? '') - Date.parse(run.startedAt),
        how: 'POST /reordering-rules/sweep (202, the run), then GET /reordering-rules/sweeps/{id} every 20 ms until done; measured from the POST to the first GET that sees it done',
      };
    }
    if (run.state !== 'running') throw new Error(`sweep ${String(answer.id)} ${run.state}: ${JSON.stringify(run).slice(0, 500)}`);
    if (Date.now() > until) throw new Error(`sweep ${String(answer.id)} not done after ${SWEEP_TIMEOUT_MS} ms (${run.done} of the rules)`);
    await sleep(20);
  }
}

/** Where a hop's time went (move-to-draft's Stages): written in the service's transaction, relayed, received by the bench. */
const stages = (s: StageSummary): string =>
  `${fmt(s.writtenP50)} / ${fmt(s.writtenP99)}, relayed ${fmt(s.relayedP50)} / ${fmt(s.relayedP99)}, received ${fmt(s.receivedP50)} / ${fmt(s.receivedP99)}`;

/** `others`: automatic rules besides the catalog's (the latency flow's), which the sweep evaluates and the baseline not. */
const sweepNote = (s: SweepOutcome, expected: { rules: number; ordering: number }, others = 0): string =>
  `(${fmt(s.evaluated)} rules evaluated, ${fmt(s.ordered)} ordered; the baseline: ${fmt(expected.rules)}${others ? ` + ${fmt(others)} latency rules` : ''} and ${fmt(expected.ordering)}` +
  `${s.postMs === undefined ? '' : `; the POST answered in ${seconds(s.postMs)}`}${s.serverMs === undefined ? '' : `; ${seconds(s.serverMs)} from the run's startedAt to its finishedAt`}` +
  `${s.ordered === expected.ordering ? '' : '; NOT the baseline\'s count: the catalog did not load as generated or the sweep differs, see the services\' log'})`;

async function warehouses(stack: Stack, ids: string[]): Promise<void> {
  const { inventory, planning } = stack.services;
  for (const id of ids) {
    await call(inventory.url, 'POST', '/warehouses', { code: id, timeZone: TIME_ZONE }, [201]);
    await waitFor(async () => (await fetch(`${planning.url}/warehouses/${id}/settings`)).ok, { description: `planning learns warehouse ${id}`, timeoutMs: 60_000 });
    await call(planning.url, 'PUT', `/warehouses/${id}/settings`, { purchaseSecurityLeadDays: 0, daysToPurchase: 0 }, [200]);
  }
}

/** Lead days 1 to 5 become 21 to 25: the sales dated in 15 days come within reach. No evaluation happens by itself. */
async function longerLeadDays(stack: Stack, c: Catalog): Promise<void> {
  for (const id of c.warehouses) await call(stack.services.planning.url, 'PUT', `/warehouses/${id}/settings`, { daysToPurchase: LONG_DAYS_TO_PURCHASE }, [200]);
}

/** Catalog, receipts and sales, settled, without the rules. */
async function loadAllButRules(stack: Stack, kadmin: Admin, producer: Producer, c: Catalog, extraProducts: Product[]): Promise<void> {
  const { inventory, planning } = stack.services;
  const [planningOps, inventoryOps] = await Promise.all([operations(planning.url), operations(inventory.url)]);
  let t0 = performance.now();
  await loadVendors(planning.url, c);
  const productsPath = await loadProducts(planning.url, planningOps, [...c.products, ...extraProducts]);
  notes.push(`${fmt(c.sites.length)} rules: ${fmt(c.products.length + extraProducts.length)} products with supplier info through ${productsPath}: ${seconds(performance.now() - t0)}`);
  await settleLoad(kadmin, stack.dbName);
  t0 = performance.now();
  const receiptsPath = await loadReceipts(inventory.url, inventoryOps, producer, kadmin, stack.dbName, c);
  const salesPath = await loadSales(producer, kadmin, stack.dbName, c);
  const settled = await settleLoad(kadmin, stack.dbName);
  const stocked = c.sites.filter((s) => s.onHand !== '0').length;
  notes.push(`${fmt(c.sites.length)} rules: ${fmt(stocked)} receipts through ${receiptsPath}; ${fmt(c.sites.filter((s) => s.sold !== '0').length)} sales order lines through ${salesPath}: ${seconds(performance.now() - t0)} until settled (${seconds(settled)} of it waiting for the services)`);
}

async function smallCatalog(kadmin: Admin, producer: Producer): Promise<void> {
  const c = generateCatalog(SMALL, SEED, `SB${RID}`, [`SA${RID}`, `SB${RID}`], VENDORS);
  const quiet = baseline(c, 0, true);
  const ordering = baseline(c, LONG_DAYS_TO_PURCHASE, true);
  notes.push(`baseline, ${fmt(SMALL)} rules: libs/domain evaluates the ${fmt(quiet.rules)} automatic ones in ${quiet.ms.toFixed(1)} ms (${quiet.ordering} order); with the longer lead days in ${ordering.ms.toFixed(1)} ms (${fmt(ordering.ordering)} order)`);
  const stack = await startStack({ dbName: `planning_sweep_bench_${rid}_small`, kafkaBrokers: kafka.brokers, kadmin, log });
  try {
    const { inventory, planning } = stack.services;
    await warehouses(stack, c.warehouses);
    await loadAllButRules(stack, kadmin, producer, c, []);
    const t0 = performance.now();
    const rulesPath = await loadRules(planning.url, await operations(planning.url), rulesOf(c));
    notes.push(`${fmt(SMALL)} rules: the rules through ${rulesPath}: ${seconds(performance.now() - t0)}`);
    await settleLoad(kadmin, stack.dbName);

    const nothing = `sweep, ${fmt(SMALL)} rules, nothing to change`;
    await step(nothing, '< 1 s', async () => {
      const s = await sweep(planning.url);
      notes.push(`sweeps: ${s.how}`);
      timed(nothing, '< 1 s', s.ms, 1000, quiet.ms, sweepNote(s, quiet));
    });
    const tenth = `sweep, ${fmt(SMALL)} rules, ~10% ordering`;
    await step(tenth, '< 2 s', async () => {
      await longerLeadDays(stack, c);
      const s = await sweep(planning.url);
      timed(tenth, '< 2 s', s.ms, 2000, ordering.ms, sweepNote(s, ordering));
    });

    const batch = `${fmt(MOVES_BATCH)} moves in one batch`;
    if (!movesBatchAvailable(await operations(inventory.url))) unavailable(batch, '< 2 s', '(no POST /stock/moves/batch in inventory)');
    else {
      await step(batch, '< 2 s', async () => {
        // Receipts of 1 into the catalog's sites, one move per site (round robin), after the sweeps.
        const moves = Array.from({ length: MOVES_BATCH }, (_, i) => {
          const s = c.sites[i % c.sites.length]!;
          return receipt(`${c.prefix}-B${i}`, c.products[s.productIndex]!.id, s.warehouseId, '1');
        });
        const ms = await postMovesBatch(inventory.url, moves);
        timed(batch, '< 2 s', ms, 2000, undefined, '(POST /stock/moves/batch, receipts of known products, answered with per-move results)');
      });
    }
  } finally {
    await stack.stop();
  }
}

/** `requests` requests of the report's first page, one at a time after 5 unmeasured. */
async function reportPages(planning: string, figure: string, path: string, requests: number): Promise<void> {
  await pool([1, 2, 3, 4, 5], 1, () => call(planning, 'GET', path, undefined, [200]));
  const times: number[] = [];
  let rows = 0;
  let total: unknown;
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const page = (await call(planning, 'GET', path, undefined, [200])) as { items?: unknown[]; rows?: unknown[]; total?: number };
    times.push(performance.now() - t0);
    rows = (page.items ?? page.rows ?? []).length;
    total = page.total;
  }
  const sorted = times.sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  record({
    figure, target: '< 150 ms', measured: `${p99.toFixed(0)} ms`, ratio: '-', result: p99 < 150 ? 'met' : 'MISSED',
    note: `(GET ${path}: p50 ${percentile(sorted, 50).toFixed(0)} ms, ${rows} rows a page${total === undefined ? '' : ` of ${String(total)}`})`,
  });
}

/** The latency flow's own warehouse: 500 products with an automatic JIT rule each, as bench:e2e. */
function latencyCatalog(c: Catalog, warehouseId: string): { products: Product[]; rules: Rule[] } {
  const products = Array.from({ length: LATENCY_PRODUCTS }, (_, i) => ({ id: `${c.prefix}-J${i}`, vendorId: `${c.prefix}-V${i % c.vendors}`, leadTimeDays: 1 }));
  return { products, rules: products.map((p) => ({ productId: p.id, warehouseId, min: '0', max: '0', multiple: '1', trigger: 'automatic' })) };
}

async function largeCatalog(kadmin: Admin, producer: Producer): Promise<void> {
  const importFigure = `import of ${fmt(LARGE)} rules (CSV) with evaluation`;
  const sweepFigure = `sweep, ${fmt(LARGE)} rules, ~10% ordering`;
  const rssFigure = `planning's peak RSS (VmHWM) through the ${fmt(LARGE)}-rule import and sweep`;
  const latencyFigure = `move-to-draft p99 at ${RATE}/s during ${fmt(LARGE)}-rule sweeps`;
  const reportFigure = `report first page, ${fmt(LARGE)} rules, one filter, p99 of ${REPORT_REQUESTS}`;
  const c = generateCatalog(LARGE, SEED + 1, `LB${RID}`, [`LA${RID}`, `LB${RID}`], VENDORS);
  const imported = baseline(c, 0, false);
  const ordering = baseline(c, LONG_DAYS_TO_PURCHASE, true);
  notes.push(`baseline, ${fmt(LARGE)} rules: libs/domain evaluates all of them in ${imported.ms.toFixed(0)} ms; the ${fmt(ordering.rules)} automatic ones with the longer lead days in ${ordering.ms.toFixed(0)} ms (${fmt(ordering.ordering)} order)`);
  const stack = await startStack({ dbName: `planning_sweep_bench_${rid}_large`, kafkaBrokers: kafka.brokers, kadmin, log });
  const latencyWarehouse = `LE${RID}`;
  const flow = new MoveToDraft({ kafka: kafka.client, producer, rid, warehouseId: latencyWarehouse, productId: (i) => `${c.prefix}-J${i % LATENCY_PRODUCTS}` });
  try {
    const { planning } = stack.services;
    if (!rulesImportAvailable(await operations(planning.url))) {
      for (const [f, t] of [[importFigure, '< 15 s'], [sweepFigure, '< 5 s'], [rssFigure, '< 500 MB'], [latencyFigure, '< 500 ms'], [reportFigure, '< 150 ms']] as const) {
        unavailable(f, t, `(no rules import in planning: the ${fmt(LARGE)} rules would take ~20 minutes one POST at a time)`);
      }
      return;
    }
    await warehouses(stack, [...c.warehouses, latencyWarehouse]);
    const latency = latencyCatalog(c, latencyWarehouse);
    await loadAllButRules(stack, kadmin, producer, c, latency.products);
    await loadRules(planning.url, await operations(planning.url), latency.rules);

    await step(importFigure, '< 15 s', async () => {
      const t0 = performance.now();
      const path = await loadRules(planning.url, await operations(planning.url), rulesOf(c));
      timed(importFigure, '< 15 s', performance.now() - t0, 15_000, imported.ms, `(${path}; the baseline evaluates the same rules)`);
    });
    await settleLoad(kadmin, stack.dbName);

    const pid = stack.services.planning.child.pid!;
    await step(sweepFigure, '< 5 s', async () => {
      await longerLeadDays(stack, c);
      const beforeMb = processMemory(pid).rssMb; // what the process kept of the loading and the import
      let sampledMb = 0;
      const sampler = setInterval(() => void (sampledMb = Math.max(sampledMb, processMemory(pid).rssMb)), 100);
      const s = await sweep(planning.url).finally(() => clearInterval(sampler));
      timed(sweepFigure, '< 5 s', s.ms, 5000, ordering.ms, sweepNote(s, ordering, LATENCY_PRODUCTS));
      const { peakMb } = processMemory(pid);
      record({ figure: rssFigure, target: '< 500 MB', measured: `${peakMb} MB`, ratio: '-', result: peakMb < 500 ? 'met' : 'MISSED', note: `(/proc/${pid}/status of the planning process; VmRSS ${beforeMb} MB before the sweep, sampled every 100 ms during it: max ${sampledMb} MB)` });
    });
    await settleLoad(kadmin, stack.dbName);

    await step(latencyFigure, '< 500 ms', async () => {
      await flow.start();
      const sweeps: SweepOutcome[] = [];
      let measuring = false;
      let sweeping: Promise<void> | undefined;
      const result: LatencyResult = await flow.atRate({
        prefix: `${c.prefix}-L`, from: 0, rate: RATE, warmupSeconds: LATENCY_WARMUP_SECONDS, seconds: LATENCY_SECONDS, waitMs: 180_000,
        onMeasuring: () => {
          measuring = true;
          sweeping = (async () => {
            while (measuring) sweeps.push(await sweep(planning.url));
          })();
        },
      }).finally(() => {
        measuring = false;
      });
      await sweeping;
      const sweepMs = sweeps.map((s) => s.ms);
      record({
        figure: latencyFigure, target: '< 500 ms', measured: `${fmt(result.p99Ms)} ms`, ratio: '-', result: result.p99Ms < 500 && result.unresolved === 0 ? 'met' : 'MISSED',
        note: `(p50 ${fmt(result.p50Ms)} ms, max ${fmt(result.maxMs)} ms, ${fmt(result.moves)} moves at ${result.achievedRate}/s, ${result.unresolved} unresolved; sweeps back to back from the first measured move: ${sweeps.length}, ${sweepMs.map((m) => seconds(m)).join(', ')}; ` +
          `p50 / p99 ms from the produce: position written ${stages(result.positionStages)}, draft written ${stages(result.draftStages)})`,
      });
    });

    // The figure: one filter (the warehouse), every rule of it; then the report's default, to order only, a quarter as often.
    await step(reportFigure, '< 150 ms', () => reportPages(planning.url, reportFigure, `/replenishment-report?warehouseId=${c.warehouses[0]}&includeAll=true`, REPORT_REQUESTS));
    const toOrderRequests = Math.ceil(REPORT_REQUESTS / 4);
    const toOrder = `report first page, ${fmt(LARGE)} rules, warehouse and to order only, p99 of ${toOrderRequests}`;
    await step(toOrder, '< 150 ms', () => reportPages(planning.url, toOrder, `/replenishment-report?warehouseId=${c.warehouses[0]}`, toOrderRequests));
  } finally {
    await flow.stop();
    await stack.stop();
  }
}

const kafkaBroker = await ensureKafka();
// The services' socket settings (TCP_NODELAY, decision messaging-005), as bench:e2e.
const kafka = { brokers: kafkaBroker.brokers.join(','), client: new Kafka({ clientId: `bench-sweep-${rid}`, brokers: kafkaBroker.brokers, logLevel: logLevel.NOTHING, socketFactory: noDelaySocketFactory }) };

async function main(): Promise<void> {
  log(`Kafka at ${kafka.brokers}${kafkaBroker.startedByUs ? ' (started for this run, stopped after it)' : ''}`);
  const loadBefore = loadavg();
  const kadmin = kafka.client.admin();
  await kadmin.connect();
  const producer = kafka.client.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    if (SMALL > 0) await smallCatalog(kadmin, producer);
    if (LARGE > 0) await largeCatalog(kadmin, producer);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await kadmin.disconnect().catch(() => undefined);
    await kafkaBroker.stop().catch((e: unknown) => log(`stop Kafka: ${(e as Error).message}`));
  }
  const loadAfter = loadavg();
  const rows = [['figure', 'target', 'measured', 'ratio to baseline', 'result'], ...figures.map((f) => [f.figure, f.target, f.measured, f.ratio, f.result])];
  process.stdout.write(
    `\nbench:sweep, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} at the end; seed ${SEED}\n` +
    `${rows.map((r) => `| ${r.join(' | ')} |`).join('\n').replace(/^(\|[^\n]*\|)\n/, `$1\n|${' --- |'.repeat(5)}\n`)}\n\n` +
    `${figures.filter((f) => f.note).map((f) => `- ${f.figure}: ${f.note}`).join('\n')}\n` +
    `${notes.map((n) => `- ${n}`).join('\n')}\n` +
    `${JSON.stringify({ figures, notes })}\n`,
  );
}

runBench(main, log);
