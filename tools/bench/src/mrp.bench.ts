/**
 * npm run bench:mrp (issue 13): MRP in planning at scale, planning alone as a child process (its dist/main.js) on real
 * Kafka and PostgreSQL, a fresh database seeded with a generated catalog (mrp-catalog.ts): BENCH_MRP_ITEMS
 * product-sites in BENCH_MRP_LEVELS BOM levels, the end items with weekly demand over BENCH_MRP_HORIZON_DAYS daily
 * buckets.
 * - regenerative run: POST /mrp/runs, then GET /mrp/runs/{id} until done (target under 10 s), with the time of each
 *   phase (reading, planning, writing);
 * - net change: stock-position.changed of last-level components (a receipt: on hand 1) sent at BENCH_MRP_RATE per
 *   second for BENCH_MRP_NET_SECONDS, each timed to the mrp-suggestions.changed of its product-site on planning.mrp
 *   (p50, p99; target p99 under 200 ms at 100 events/s). It starts at planning's input: inventory's position, not the
 *   warehouse's stock move;
 * - planning's peak RSS (VmHWM of its process; target under 500 MB).
 * Baseline in the same run: libs/domain's planMrp alone on the same catalog, in this process; ratio = measured / baseline.
 * After the run it prints a digest of the plan as stored (every row of the MRP tables but the columns naming the run,
 * the event and the time), so that a change meant to be faster is seen to plan and store the same (BENCH_MRP_DIGEST=0:
 * none).
 * Targets missed are printed; the exit code stays 0. Env: KAFKA_BROKERS, DATABASE_URL, BENCH_NODE_ARGS,
 * BENCH_KEEP_DATABASE as the other benches; BENCH_MRP_SEED (13).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planMrp } from '@replenish/domain';
import { createEnvelope, stockPositionChanged, topics } from '@replenish/contracts';
import { ensureKafka, freePort, setGroupOffsets, withClient } from '@replenish/test-infra';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import { adminSql, BENCH_ENV, envNumber, logger, percentile, processMemory, runBench, sleep, waitUntil } from './bench-kit.js';
import { generateMrpCatalog, mrpInputOf, seedPlanning, WAREHOUSE } from './mrp-catalog.js';

const ITEMS = envNumber('BENCH_MRP_ITEMS', 10_000);
const LEVELS = envNumber('BENCH_MRP_LEVELS', 5);
const HORIZON = envNumber('BENCH_MRP_HORIZON_DAYS', 365);
const RATE = envNumber('BENCH_MRP_RATE', 100);
const NET_SECONDS = envNumber('BENCH_MRP_NET_SECONDS', 20);
const SEED = envNumber('BENCH_MRP_SEED', 13);
const log = logger('bench:mrp');
const PLANNING = resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/planning/dist/main.js');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
/** JSON of a request to planning; once more when the connection kept alive was closed meanwhile (the baseline holds this process for seconds). */
async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init).catch(() => fetch(url, init));
  return (await res.json()) as T;
}

interface Figure { figure: string; target: string; measured: string; baseline: string; ratio: string; result: string }

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const brokers = (await ensureKafka()).brokers;
  const dbName = `bench_mrp_${randomBytes(3).toString('hex')}`;
  await adminSql(BENCH_ENV.databaseUrl, `CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(BENCH_ENV.databaseUrl);
  dbUrl.pathname = `/${dbName}`;
  const kafka = new Kafka({ clientId: 'bench-mrp', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const group = `planning-${dbName}`;
  // Planning's group starts at the end of every topic: no history of other runs is replayed.
  const existing = new Set(await admin.listTopics());
  const inputs = Object.values(topics).filter((t) => existing.has(t));
  await setGroupOffsets(brokers, group, new Map(await Promise.all(inputs.map(async (t) => [t, (await admin.fetchTopicOffsets(t)).map((p) => ({ partition: p.partition, offset: p.offset }))] as const))));
  let planning: ChildProcess | undefined;
  try {
    const port = await freePort();
    planning = spawn(process.execPath, [...BENCH_ENV.nodeArgs, PLANNING], {
      env: {
        ...process.env, DATABASE_URL: dbUrl.toString(), KAFKA_BROKERS: brokers.join(','), CONSUMER_GROUP: group, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        PLANNING_SWEEP_INTERVAL_HOURS: '0', PLANNING_MRP_INTERVAL_HOURS: '0', PLANNING_MRP_HORIZON_DAYS: String(HORIZON), AUTH_DISABLED: 'true', RATE_LIMIT_WRITES_PER_MINUTE: '0',
      },
      stdio: ['ignore', process.stderr, 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitUntil('planning /health', 180_000, async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok === true, 250);

    const today = new Date().toISOString().slice(0, 10);
    const catalog = generateMrpCatalog(ITEMS, LEVELS, SEED, today);
    const t0 = performance.now();
    await withClient(dbUrl.toString(), (c) => seedPlanning(c, catalog));
    log(`seeded ${catalog.length} product-sites in ${LEVELS} levels in ${seconds(performance.now() - t0)} (load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`);

    // Baseline: the engine alone on the same catalog.
    const input = mrpInputOf(catalog, new Date(), HORIZON);
    const b0 = performance.now();
    const baseline = planMrp(input);
    const baselineMs = performance.now() - b0;
    const baselineSuggestions = baseline.plans.reduce((n, p) => n + p.suggestions.length, 0);
    log(`baseline planMrp: ${seconds(baselineMs)}, ${baselineSuggestions} suggestions`);

    // Regenerative run, its phases timed by polling.
    const r0 = performance.now();
    const started = await json<{ id: string }>(`${base}/mrp/runs`, { method: 'POST' });
    const phases = new Map<string, number>();
    // planning's VmRSS every 100 ms, the highest per stage: where its peak is (the run's planning or writing, the net change).
    const pid = planning.pid as number;
    const rssOf = new Map<string, number>([['before', processMemory(pid).rssMb]]);
    let stage = 'reading';
    const sampler = setInterval(() => rssOf.set(stage, Math.max(rssOf.get(stage) ?? 0, processMemory(pid).rssMb)), 100).unref();
    let run: { state: string; phase: string; done: number; total: number; suggestions: number; requirements: number; error: string | null } | undefined;
    for (;;) {
      run = await json<typeof run>(`${base}/mrp/runs/${started.id}`);
      if (run && !phases.has(run.phase)) phases.set(run.phase, performance.now() - r0);
      if (run) stage = run.phase;
      if (run?.state !== 'running') break;
      await sleep(100);
    }
    const runMs = performance.now() - r0;
    stage = 'after the run';
    log(`run ${run?.state}: ${seconds(runMs)}, ${run?.suggestions} suggestions, ${run?.requirements} requirements; phases from start: ${[...phases].map(([p, ms]) => `${p} ${seconds(ms)}`).join(', ')}${run?.error ? `; error ${run.error}` : ''}`);
    if (process.env.BENCH_MRP_DIGEST !== '0') log(`digest of the stored plan: ${await withClient(dbUrl.toString(), storedPlanDigest)}`);
    figures.push({
      figure: `regenerative run, ${catalog.length} items, ${LEVELS} levels, ${HORIZON} daily buckets`, target: '< 10 s', measured: seconds(runMs), baseline: seconds(baselineMs),
      ratio: (runMs / baselineMs).toFixed(1), result: run?.state === 'done' ? (runMs < 10_000 ? 'met' : 'MISSED') : `failed (${run?.state})`,
    });

    // Net change: receipts of last-level components with suggestions at RATE per second, each to its suggestions' event,
    // once planning's consumers are members of their group again (its /health).
    await waitUntil('planning healthy', 120_000, async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok === true, 250);
    const planned = new Set(baseline.plans.filter((p) => p.suggestions.length > 0).map((p) => p.productId));
    const leaves = catalog.filter((i) => i.level === LEVELS - 1 && planned.has(i.id)).map((i) => i.id);
    const ends = (await admin.fetchTopicOffsets(topics.mrp)).map((p) => ({ partition: p.partition, offset: p.offset }));
    const readerGroup = `bench-mrp-reader-${dbName}`;
    await setGroupOffsets(brokers, readerGroup, new Map([[topics.mrp, ends]]));
    const consumer = kafka.consumer({ groupId: readerGroup, maxWaitTimeInMs: 20 });
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.mrp] });
    stage = 'net change';
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        const sent = pending.get(key);
        if (sent === undefined || !message.value?.toString().includes('"mrp-suggestions.changed"')) return;
        pending.delete(key);
        latencies.push(performance.now() - sent);
      },
    });
    await sleep(3000); // the reader joined
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const count = Math.min(leaves.length, RATE * NET_SECONDS);
    const n0 = performance.now();
    for (let i = 0; i < count; i++) {
      const due = n0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const productId = leaves[i] as string;
      const env = createEnvelope(stockPositionChanged, {
        productId, warehouseId: WAREHOUSE, uom: 'Units', onHand: '1', incoming: [], outgoing: [], sequence: 2, asOf: new Date().toISOString(),
      }, { source: 'bench-mrp' });
      pending.set(`${productId}@${WAREHOUSE}`, performance.now());
      await producer.send({ topic: topics.stockPositions, messages: [{ key: env.key, value: JSON.stringify(env) }] });
    }
    await waitUntil('suggestions of every receipt', 120_000, () => pending.size === 0, 100).catch(() => log(`${pending.size} of ${count} receipts gave no event within 120 s`));
    await producer.disconnect();
    await consumer.disconnect();
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    log(`net change: ${latencies.length} of ${count} receipts timed, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, at ${RATE}/s`);
    figures.push({
      figure: `net change, a receipt of a level-${LEVELS} component to its suggestions' event, p99 at ${RATE}/s (p50 ${p50.toFixed(0)} ms)`, target: '< 200 ms',
      measured: `${p99.toFixed(0)} ms`, baseline: '-', ratio: '-', result: latencies.length === count && p99 < 200 ? 'met' : 'MISSED',
    });
    clearInterval(sampler);
    log(`planning's VmRSS, the highest sampled per stage: ${[...rssOf].map(([p, mb]) => `${p} ${mb} MB`).join(', ')}`);
    const memory = processMemory(pid);
    figures.push({ figure: 'planning peak RSS', target: '< 500 MB', measured: `${memory.peakMb} MB`, baseline: '-', ratio: '-', result: memory.peakMb < 500 ? 'met' : 'MISSED' });
  } finally {
    await admin.disconnect();
    if (planning && planning.exitCode === null) await new Promise((r) => { planning?.once('exit', r); planning?.kill('SIGTERM'); setTimeout(r, 15_000); });
    if (!BENCH_ENV.keepDatabase) await adminSql(BENCH_ENV.databaseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  }
  process.stdout.write(`\n| figure | target | measured | baseline (planMrp alone) | ratio | result |\n| --- | --- | --- | --- | --- | --- |\n`);
  for (const f of figures) process.stdout.write(`| ${f.figure} | ${f.target} | ${f.measured} | ${f.baseline} | ${f.ratio} | ${f.result} |\n`);
  process.stdout.write(`\nmachine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
}

/** MD5 of the MRP tables' rows without the columns that differ between two runs of one plan (run, event, times). */
async function storedPlanDigest(c: pg.Client): Promise<string> {
  const parts: string[] = [];
  for (const table of ['mrp_sites', 'mrp_suggestions', 'mrp_requirements', 'mrp_pegging', 'mrp_messages']) {
    const { rows } = await c.query<{ n: string; digest: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(r, E'\\n' ORDER BY r)) AS digest FROM (SELECT (to_jsonb(t) - 'run_id' - 'event_id' - 'created_at' - 'planned_at')::text AS r FROM planning.${table} t) x`,
    );
    parts.push(`${table} ${rows[0]?.n} ${rows[0]?.digest ?? '-'}`);
  }
  return parts.join(', ');
}

runBench(main, log);
