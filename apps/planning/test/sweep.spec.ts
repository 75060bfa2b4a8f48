/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { stockPositionChanged } from '@replenish/contracts';
import { createServiceApp } from '@replenish/service-kit';
import { SetEvaluator } from '../src/reordering-rules/index.js';
import { planningService } from '../src/service.js';
import { http, todayUtc, waitFor } from './helpers.js';
import { startPlanning, type PlanningUnderTest } from './planning-app.js';
import { automaticKeysOf, catalogArbitrary, copyOf, draftsOf, seedCatalog, seedCopy, sweepRuleByRule, type Copy, type KeySpec, type ProductSpec } from './sweep-catalog.js';

// The set-based sweep (decision planning-013) against the rule-by-rule evaluation it replaces, on real PostgreSQL:
// random catalogs, a second replica on the same database, and live stock positions arriving over Kafka meanwhile.
const CHUNK = 3;
let planning: PlanningUnderTest;
let replica: INestApplication;
let replicaBase: string;
let db: DataSource;
let runs = 0;

beforeAll(async () => {
  const env = { PLANNING_SWEEP_CHUNK_SIZE: String(CHUNK), PLANNING_SWEEP_POLL_SECONDS: '0' };
  planning = await startPlanning('planning_sweep', env);
  replica = await createServiceApp(planningService, {
    env: { DATABASE_URL: planning.db.databaseUrl, KAFKA_BROKERS: planning.brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: planning.group, PLANNING_SWEEP_INTERVAL_HOURS: '0', ...env },
    logStartup: false,
  });
  await replica.listen(0, '127.0.0.1');
  replicaBase = `${(await replica.getUrl()).replace('[::1]', '127.0.0.1')}/`;
  db = planning.app.get(DataSource);
}, 180_000);

afterAll(async () => {
  await replica?.close();
  await planning?.close();
});

/** A catalog seeded twice (products `<run>-p<i>`), neither copy swept. */
async function seedTwice(products: readonly ProductSpec[]): Promise<{ run: string; reference: Copy; other: Copy }> {
  const run = `s${++runs}${randomUUID().slice(0, 4)}`;
  const reference = copyOf(run, 'a');
  const other = copyOf(run, 'b');
  await seedCatalog(db, run, products);
  await seedCopy(planning.app, run, reference, products, todayUtc());
  await seedCopy(planning.app, run, other, products, todayUtc());
  return { run, reference, other };
}

/** A catalog seeded twice: `reference` swept rule by rule now, `other` left for the caller to sweep. */
async function twoCopies(products: readonly ProductSpec[]): Promise<{ reference: Copy; other: Copy }> {
  const seeded = await seedTwice(products);
  await sweepRuleByRule(planning.app, seeded.reference);
  return seeded;
}

/**
 * The set-based sweep of one copy in one process: the keys of BOM products chunk by chunk, then the others read only
 * chunk by chunk and those that order evaluated again and ordered (SetEvaluator.evaluateAndOrder, decision planning-019).
 */
async function sweepSetBased(copy: Copy): Promise<void> {
  await planning.app.get(SetEvaluator).evaluateAndOrder(await automaticKeysOf(db, copy), 'daily-sweep', { chunkSize: CHUNK });
}

const bothWarehouses = (k: KeySpec): ProductSpec['keys'] => [k, { ...k }];

/** Rules of other copies stay out of a sweep through the REST API. */
const onlyAutomatic = (copy: Copy) =>
  db.query(`UPDATE planning.reordering_rules SET trigger = 'manual' WHERE trigger = 'automatic' AND NOT warehouse_id = ANY($1::text[])`, [copy.warehouses]);

async function sweepOver(base: string): Promise<any> {
  const started = await http(base, 'POST', 'reordering-rules/sweep');
  expect(started.status).toBe(202);
  return started.body;
}

async function finished(id: string): Promise<any> {
  let run: any;
  await waitFor(async () => (run = (await http(planning.base, 'GET', `reordering-rules/sweeps/${id}`)).body).state !== 'running', { description: `sweep ${id} finishes` });
  return run;
}

describe('the set-based sweep', () => {
  it('raises and tops up the same drafts as rule-by-rule evaluation, on random catalogs (buy, make, resupply; open, MTO and confirmed drafts)', async () => {
    await fc.assert(
      fc.asyncProperty(catalogArbitrary, async (products) => {
        const { reference, other } = await twoCopies(products);
        await sweepSetBased(other);
        expect(await draftsOf(db, other)).toEqual(await draftsOf(db, reference));
      }),
      { numRuns: 15, endOnFailure: true },
    );
  }, 300_000);

  it('answers a sweep id at once, whose run tells how far it got, what it ordered and the drafts it changed', async () => {
    const products: ProductSpec[] = Array.from({ length: 8 }, (_, i) => ({
      route: 'buy', suppliers: [{ vendor: 0, leadDays: 2, minQty: 0 }], components: [], outputQty: 1,
      keys: bothWarehouses({ rule: { min: 10, spread: 20, multiple: 1, automatic: true }, onHand: i % 2 ? 5 : 50, incoming: [], outgoing: [], existing: 'none', existingQty: 1 }),
    }));
    const { reference, other } = await twoCopies(products);
    await onlyAutomatic(other);
    const started = await sweepOver(planning.base);
    expect(started).toMatchObject({ id: expect.any(String), state: 'running', total: 16 });
    const run = await finished(started.id);
    expect(run).toMatchObject({ state: 'done', total: 16, done: 16, ordered: 8, failed: 0, finishedAt: expect.any(String) });
    const changed = await db.query(`SELECT id FROM planning.draft_orders WHERE warehouse_id = ANY($1::text[]) ORDER BY id`, [other.warehouses]);
    expect([...run.changedDraftIds].sort()).toEqual(changed.map((d: { id: string }) => d.id));
    expect(await draftsOf(db, other)).toEqual(await draftsOf(db, reference));
    // nothing left to order: a second sweep changes nothing
    const again = await http(planning.base, 'POST', 'reordering-rules/sweep?wait=true');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'done', done: 16, ordered: 0, changedDraftIds: [] });
    expect((await http(planning.base, 'GET', 'reordering-rules/sweeps?limit=2')).body.map((r: any) => r.id)).toEqual([again.body.id, started.id]);
  });

  it('two replicas share a sweep (each takes chunks) and give the drafts one replica gives', async () => {
    const products = fc.sample(catalogArbitrary, { numRuns: 6, seed: 18 }).flat();
    const { reference, other } = await twoCopies(products);
    await onlyAutomatic(other);
    const started = await sweepOver(planning.base);
    const joined = await sweepOver(replicaBase);
    expect(joined.id).toBe(started.id); // one sweep at a time: the second replica joins it
    expect(await finished(started.id)).toMatchObject({ state: 'done', failed: 0, total: (await automaticKeysOf(db, other)).length });
    expect(await draftsOf(db, other)).toEqual(await draftsOf(db, reference));
  });

  it('interleaved with live stock positions, reaches the drafts of the positions first and the sweep after', async () => {
    // Each position lowers on hand by more than max - min: evaluated before or after the sweep's evaluation, the
    // rule orders up to max from the lower level either way (min/max rules are level-based).
    const products: ProductSpec[] = Array.from({ length: 40 }, (_, i) => ({
      route: 'buy', suppliers: [{ vendor: 0, leadDays: 1, minQty: 0 }], components: [], outputQty: 1,
      keys: bothWarehouses({ rule: { min: 10, spread: 10, multiple: 1, automatic: true }, onHand: i % 2 ? 5 : 40, incoming: [], outgoing: [], existing: 'none', existingQty: 1 }),
    }));
    const { run, reference, other } = await seedTwice(products);
    const lowered = (i: number) => (i % 2 ? -8 : 40); // below min: 5 - 13; above min: unchanged level, a new sequence
    await db.query(`UPDATE planning.stock_positions SET on_hand = CASE WHEN split_part(product_id, '-p', 2)::int % 2 = 1 THEN -8 ELSE 40 END, sequence = 2
      WHERE warehouse_id = ANY($1::text[])`, [reference.warehouses]);
    await sweepRuleByRule(planning.app, reference);
    await onlyAutomatic(other);

    const started = await sweepOver(planning.base);
    for (const [i] of products.entries()) {
      for (const w of other.warehouses) {
        await planning.producer.send(stockPositionChanged, { productId: `${run}-p${i}`, warehouseId: w, uom: 'Units', onHand: String(lowered(i)), incoming: [], outgoing: [], sequence: 2, asOf: new Date().toISOString() });
      }
    }
    expect(await finished(started.id)).toMatchObject({ state: 'done', failed: 0 });
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM planning.stock_positions WHERE warehouse_id = ANY($1::text[]) AND sequence = 2`, [other.warehouses]))[0].n === 80,
      { description: 'planning applies the live positions' });
    expect(await draftsOf(db, other, false)).toEqual(await draftsOf(db, reference, false));
  });

  it('shows a sweep no replica works on any more as interrupted (a restart finds it so)', async () => {
    const id = randomUUID();
    await db.query(`INSERT INTO planning.sweep_runs (id, state, cause, total, done) VALUES ($1, 'running', 'daily-sweep', 10, 4)`, [id]);
    await db.query(`INSERT INTO planning.sweep_chunks (sweep_id, no, serial, product_ids, warehouse_ids) VALUES ($1, 1, false, '{x}', '{y}')`, [id]);
    const restarted = await createServiceApp(planningService, {
      env: { DATABASE_URL: planning.db.databaseUrl, KAFKA_BROKERS: planning.brokers.join(','), PORT: '0', LOG_LEVEL: 'warn', CONSUMER_GROUP: planning.group, PLANNING_SWEEP_INTERVAL_HOURS: '0', PLANNING_SWEEP_POLL_SECONDS: '0' },
      logStartup: false,
    });
    await restarted.close();
    expect((await http(planning.base, 'GET', `reordering-rules/sweeps/${id}`)).body).toMatchObject({ id, state: 'interrupted', done: 4, total: 10, finishedAt: expect.any(String) });
    // no longer running: a new sweep starts
    expect((await http(planning.base, 'POST', 'reordering-rules/sweep?wait=true')).body).toMatchObject({ state: 'done' });
  });

  it('refuses a wait that is neither true nor false, and an unknown sweep, naming them', async () => {
    const bad = await http(planning.base, 'POST', 'reordering-rules/sweep?wait=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'wait', reason: 'must be true or false' }]);
    expect((await http(planning.base, 'GET', `reordering-rules/sweeps/${randomUUID()}`)).status).toBe(404);
    expect((await http(planning.base, 'GET', 'reordering-rules/sweeps/nope')).body.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
  });
});
