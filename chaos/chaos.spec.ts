// The chaos suite (decision 0010): the three services as separate processes on a broker and a PostgreSQL of the
// run's own, a bounded load of stock moves and sales orders over Kafka and REST, and meanwhile kill -9 of each
// service, a broker restart and a PostgreSQL restart at moments drawn from a seed. Once nothing is in flight the
// drafts, stock positions, moves and sales orders must be exactly what the same input gives without faults
// (expectedEndState), so that nothing was lost and nothing applied twice; and nothing may be dead-lettered.
//   CHAOS_SEED=<seed>   replays a run's workload and fault schedule (the seed is printed first)
//   CHAOS_FAULTS=off    the same load without faults (checks the expectation itself)
//   CHAOS_WINDOW_MS, CHAOS_MOVES, CHAOS_ORDERS, CHAOS_FEEDERS   the load: its window (30 s), deliveries (120), sales
//                       orders (30) and concurrent senders (3); more senders, more transactions on one position at once
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../e2e/support/index.js';
import { PlanningStack, todayUtc } from '../e2e/support/planning-stack.js';
import { DedicatedKafka, DedicatedPostgres, reapLeftovers, runDir } from './support/dedicated-infra.js';
import { describeRules } from './support/diagnose.js';
import { describeFault, drawFaults, injectFaults } from './support/faults.js';
import { LoadFeeder } from './support/feed.js';
import { observeEndState, planningPositions } from './support/observe.js';
import { chaosSeed, SeededRandom } from './support/seeded-random.js';
import { deadLetters, waitUntilSettled } from './support/settle.js';
import { ROLES, Supervisor } from './support/supervisor.js';
import { drawWorkload, expectedEndState, LEAD_DAYS, type Catalog, type LoadItem } from './support/workload.js';

const seed = chaosSeed();
const random = new SeededRandom(seed);
const WINDOW_MS = Number(process.env.CHAOS_WINDOW_MS ?? 30_000);
const SIZE = { moves: Number(process.env.CHAOS_MOVES ?? 120), orders: Number(process.env.CHAOS_ORDERS ?? 30) };
const FAULTS = process.env.CHAOS_FAULTS !== 'off';
const FEEDERS = Number(process.env.CHAOS_FEEDERS ?? 3);
const SETTLE_MS = 240_000;

const ROOT = resolve(REPO_ROOT, 'tmp/chaos');
const dir = runDir(ROOT, seed);
const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[chaos +${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}\n`);

let postgres: DedicatedPostgres | undefined;
let kafka: DedicatedKafka | undefined;
let stack: PlanningStack | undefined;
let passed = false;

beforeAll(async () => {
  log(`seed ${seed} (replay: CHAOS_SEED=${seed} npm run test:chaos); faults ${FAULTS ? 'on' : 'off'}; files in ${dir}`);
  await reapLeftovers(ROOT);
  mkdirSync(dir, { recursive: true });
  const [pgStarted, kafkaStarted] = await Promise.allSettled([DedicatedPostgres.start(dir), DedicatedKafka.start(dir)]);
  // Each one that started is kept for afterAll to stop, even when the other failed.
  postgres = pgStarted.status === 'fulfilled' ? pgStarted.value : undefined;
  kafka = kafkaStarted.status === 'fulfilled' ? kafkaStarted.value : undefined;
  for (const s of [pgStarted, kafkaStarted]) if (s.status === 'rejected') throw s.reason;
  log(`PostgreSQL on ${postgres!.port}, Kafka on ${kafka!.bootstrap}`);
  // The services (child processes) and the e2e helpers read these; this project has no jest global setup.
  Object.assign(process.env, { KAFKA_BROKERS: kafka!.bootstrap, DATABASE_URL: postgres!.adminUrl, AUTH_DISABLED: 'true', RATE_LIMIT_WRITES_PER_MINUTE: '0' });
  stack = await PlanningStack.start({ waitMs: 120_000 });
  log('services up');
}, 400_000);

afterAll(async () => {
  // Killed, not stopped: nothing of theirs is looked at any more, and a graceful stop takes seconds each.
  await Promise.all(ROLES.map((role) => stack?.[role]?.kill()));
  await Promise.all([
    kafka?.down().catch((e: unknown) => log(`broker stop: ${(e as Error).message}`)),
    postgres?.down().catch((e: unknown) => log(`PostgreSQL stop: ${(e as Error).message}`)),
  ]);
  if (passed) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir} (broker and PostgreSQL logs); service logs in tmp/e2e-logs/chaos.*`);
}, 180_000);

it('loses and duplicates nothing through kill -9 of every service, a broker restart and a PostgreSQL restart', async () => {
  const s = stack!;
  const brokers = [kafka!.bootstrap];
  const settings = { purchaseSecurityLeadDays: 0, daysToPurchase: 0 };
  const [whA, whB] = [await s.warehouse('A', settings), await s.warehouse('B', settings)];
  const vendorId = await s.vendor('chaos');
  const ruleProducts = await Promise.all(['r1', 'r2', 'r3'].map((tag) => s.product(tag, { routes: ['buy'], vendorId, leadTimeDays: LEAD_DAYS })));
  const mtoProducts = await Promise.all(['m1', 'm2', 'm3'].map((tag) => s.product(tag, { routes: ['mto', 'buy'], vendorId, leadTimeDays: LEAD_DAYS })));
  const catalog: Catalog = { vendorId, warehouses: [whA!, whB!], ruleProducts, mtoProducts };
  const workload = drawWorkload(random, catalog, s.run, todayUtc(), SIZE);
  const faults = FAULTS ? drawFaults(random, WINDOW_MS) : [];
  const pauses = workload.load.map(() => random.int(0, Math.round((2 * WINDOW_MS * FEEDERS) / workload.load.length)));
  log(`catalog ready; load: ${SIZE.moves} moves and ${SIZE.orders} orders over ~${WINDOW_MS / 1000} s; faults: ${faults.map(describeFault).join(', ') || 'none'}`);

  const db = new URL(s.sales.databaseUrl).pathname.slice(1);
  const groupOf = (service: string) => `${service}-${db}`;
  const settled = (what: string) => waitUntilSettled(brokers, s.sales.databaseUrl, groupOf, SETTLE_MS).then(() => log(`settled: ${what}`));
  const feeder = new LoadFeeder(brokers, () => s.urls);
  const supervisor = new Supervisor(s, log);
  try {
    // Opening stock, then the rules once planning holds those positions: a rule made earlier would see no stock.
    for (const move of workload.openingStock) await feeder.feed({ what: 'move', channel: 'kafka', ...move });
    await settled('opening stock');
    for (const r of workload.rules) {
      await s.rule({ productId: r.productId, warehouseId: r.warehouseId, min: String(r.level), max: String(r.level), multiple: String(r.multiple), trigger: 'automatic' });
    }
    await settled('rules');

    const queue = workload.load.map((item, i) => ({ item, pause: pauses[i]! }));
    const feedAll = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await new Promise((r) => setTimeout(r, next!.pause));
        await feeder.feed(next.item as LoadItem);
      }
    };
    const loadStart = Date.now();
    await Promise.all([...Array.from({ length: FEEDERS }, feedAll), injectFaults(faults, { supervisor, kafka: kafka!, postgres: postgres!, log })]);
    log(`load fed in ${((Date.now() - loadStart) / 1000).toFixed(1)} s (${feeder.retried} sends retried)`);
    await supervisor.waitUntilUp();
    await settled('after the load');
  } finally {
    supervisor.stop();
    await feeder.close();
  }

  if (supervisor.databaseDownAtStart.length) log(`started while PostgreSQL was down (one line, exit 1, restarted): ${supervisor.databaseDownAtStart.join('; ')}`);
  expect(supervisor.failedRestarts).toEqual([]);
  const actual = await observeEndState({ ...s.urls, planning: s.planning.url }, catalog, s.run);
  const expected = expectedEndState(catalog, workload);
  try {
    expect(actual).toEqual(expected);
    // Planning's copy of every position is inventory's, not only where a rule's draft shows it (0010, addendum).
    const copies = Object.fromEntries(Object.entries(expected.positions).map(([k, p]) => [k, { onHand: p.onHand, outgoing: p.outgoing }]));
    expect(await planningPositions(s.sales.databaseUrl, catalog)).toEqual(copies);
    expect(await deadLetters(brokers)).toEqual({});
    // A service exits only when told to, or at a start PostgreSQL refuses (decision 0007); a broker down is waited for (messaging-011).
    expect(supervisor.unexpectedExits).toEqual([]);
  } catch (e) {
    log(`FAILED with seed ${seed}: replay with CHAOS_SEED=${seed} npm run test:chaos`);
    await describeRules(s.sales.databaseUrl, workload.rules, log).catch((d: unknown) => log(`rules not described: ${(d as Error).message}`));
    throw e;
  }
  passed = true;
  log('end state equals the fault-free one');
}, 600_000);
