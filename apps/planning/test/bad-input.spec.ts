import { randomUUID } from 'node:crypto';
import {
  createEnvelope, manufacturingOrderConfirmed, purchaseOrderConfirmed, salesOrderConfirmed, stockPositionChanged, topics, transferOrderConfirmed,
  warehouseCreated, type AnyEventDefinition, type PayloadOf,
} from '@replenish/contracts';
import { CorpusRun, badInputs, type CorpusTarget, type WireEnvelope } from '@replenish/test-infra';
import { http, query, todayUtc, waitFor } from './helpers.js';
import { learnWarehouse, startPlanning, type PlanningUnderTest } from './planning-app.js';

// The bad-input corpus (tools/test-infra bad-input-corpus.ts) on each topic planning consumes, interleaved with
// valid messages: every bad one dead-lettered with its reason, every valid one applied (in planning's inbox, and
// for the supply systems' decisions the draft confirmed), nothing stalled.
const rid = randomUUID().slice(0, 8);
const P = `BAD-P-${rid}`;
const W = `BW-${rid}`;
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${rid}-${++seq}`;

let planning: PlanningUnderTest;
let run: CorpusRun;
/** A draft of each type, inserted as planning would have raised it, that the supply systems' valid decisions confirm. */
const drafts = { purchase: randomUUID(), manufacturing: randomUUID(), transfer: randomUUID() };

const envelope = <D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>): WireEnvelope =>
  createEnvelope(def, payload, { source: 'planning-bad-input-test' }) as WireEnvelope;
const keyOf = (def: AnyEventDefinition) => (p: Record<string, unknown>) => def.keyOf(p);
/** How many of the valid messages `ids` planning applied: its inbox holds them. */
const inInbox = async (ids: string[]): Promise<number> =>
  (await query<{ n: number }>(planning.db.databaseUrl, 'SELECT count(*)::int AS n FROM planning.inbox WHERE event_id = ANY($1::uuid[])', [ids]))[0]!.n;

let sequence = 0;
const position = (): PayloadOf<typeof stockPositionChanged> => ({
  productId: P, warehouseId: W, uom: 'Units', onHand: '5', incoming: [{ date: '2026-06-01', quantity: '1' }], outgoing: [],
  sequence: ++sequence, asOf: new Date().toISOString(),
});
const salesOrder = (): PayloadOf<typeof salesOrderConfirmed> => {
  const id = nextId('SO');
  return {
    salesOrderId: id, orderRef: id, confirmedAt: new Date().toISOString(),
    lines: [{ lineId: `${id}-1`, lineRef: '1', productId: P, warehouseId: W, quantity: '1', uom: 'Units', route: 'stock', deliveryDate: '2026-06-01' }],
  };
};
const decision = (def: AnyEventDefinition, draftOrderId: string): CorpusTarget => ({
  topic: def.topic, valid: () => envelope(def, { draftOrderId, externalRef: nextId('EXT') }), keyOf: keyOf(def),
  required: [['draftOrderId']],
  references: [{ name: 'unknown draft', path: ['draftOrderId'], value: randomUUID(), reason: /^draft order [0-9a-f-]+ does not exist$/ }],
});

const targets: CorpusTarget[] = [
  {
    topic: topics.stockPositions, valid: () => envelope(stockPositionChanged, position()), keyOf: keyOf(stockPositionChanged),
    decimals: [{ path: ['onHand'], sign: 'signed' }, { path: ['incoming', 0, 'quantity'], sign: 'signed' }],
    required: [['productId'], ['sequence']],
  },
  {
    topic: topics.salesOrderEvents, valid: () => envelope(salesOrderConfirmed, salesOrder()), keyOf: keyOf(salesOrderConfirmed),
    decimals: [{ path: ['lines', 0, 'quantity'], sign: 'positive' }],
    required: [['salesOrderId'], ['lines']],
  },
  decision(purchaseOrderConfirmed, drafts.purchase),
  decision(manufacturingOrderConfirmed, drafts.manufacturing),
  decision(transferOrderConfirmed, drafts.transfer),
  {
    topic: topics.warehouses, keyOf: keyOf(warehouseCreated),
    valid: () => { const id = nextId('W'); return envelope(warehouseCreated, { warehouseId: id, code: 'WH', name: id, timeZone: 'UTC' }); },
    required: [['warehouseId'], ['timeZone']],
  },
];

beforeAll(async () => {
  planning = await startPlanning('planning_bad_input');
  run = new CorpusRun(planning.brokers);
  await run.start(targets.map((t) => t.topic));
  expect((await learnWarehouse(planning.producer, planning.base, W)).status).toBe(200);
  for (const [type, id] of Object.entries(drafts)) {
    await query(planning.db.databaseUrl, `INSERT INTO planning.draft_orders (id, type, top_up_key, warehouse_id, state, version) VALUES ($1, $2, $3, $4, 'draft', 1)`, [id, type, `${type}:${id}`, W]);
  }
}, 180_000);

afterAll(async () => {
  await run?.stop();
  await planning?.close();
});

describe('bad input on every topic planning consumes', () => {
  it.each(targets.map((t) => [t.topic, t] as const))('%s: every bad message is dead-lettered with its reason, every valid one around them applied', async (topic, target) => {
    const bad = badInputs(target);
    const ids: string[] = [];
    const sent = await run.sendInterleaved(bad, () => {
      const e = target.valid();
      ids.push(e.id);
      return e;
    });
    await waitFor(async () => (await inInbox(ids)) === sent, { description: `the ${sent} valid messages on ${topic} applied`, timeoutMs: 60_000 });
    await waitFor(() => run.missing(bad, planning.group).length === 0, { description: `dead letters of the ${bad.length} bad messages on ${topic}`, timeoutMs: 60_000 });
    expect(run.wrongReasons(bad, planning.group)).toEqual([]);
  }, 150_000);

  it('the supply systems\' valid decisions confirmed their drafts', async () => {
    const rows = await query<{ state: string }>(planning.db.databaseUrl, 'SELECT state FROM planning.draft_orders WHERE id = ANY($1::uuid[])', [Object.values(drafts)]);
    expect(rows.map((r) => r.state)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  });

  it('a position whose shortage would take a draft line past the quantity bound is dead-lettered with the reason; the next one orders', async () => {
    const Q = `BAD-Q-${rid}`;
    const vendor = `V-${rid}`;
    const unit = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
    expect((await http(planning.base, 'POST', 'vendors', { id: vendor, name: 'ACME' })).status).toBe(201);
    expect((await http(planning.base, 'POST', 'products', { id: Q, sku: Q, name: Q, stockUom: unit, routes: ['buy'] })).status).toBe(201);
    expect((await http(planning.base, 'POST', `products/${Q}/suppliers`, { vendorId: vendor, leadTimeDays: 0 })).status).toBe(201);
    expect((await http(planning.base, 'POST', 'reordering-rules', { productId: Q, warehouseId: W, min: '0', max: '0' })).status).toBe(201);
    const at = (onHand: string, outgoing: string, n: number): PayloadOf<typeof stockPositionChanged> => ({
      productId: Q, warehouseId: W, uom: 'Units', onHand, incoming: [], outgoing: [{ date: todayUtc(), quantity: outgoing }], sequence: n, asOf: new Date().toISOString(),
    });
    // Each within the bound; their shortage, 1999999999999998, is not.
    const deep = envelope(stockPositionChanged, at('-999999999999999', '999999999999999', 1));
    await planning.producer.sendRaw(topics.stockPositions, deep.key, JSON.stringify(deep));
    await planning.producer.send(stockPositionChanged, at('-5', '0', 2));
    const drafts = await waitFor(async () => {
      const r = await http<{ lines: { productId: string; quantity: string }[] }[]>(planning.base, 'GET', `draft-orders?state=draft&vendorId=${vendor}`);
      return r.body.length > 0 && r.body;
    }, { description: 'the draft of the next position' });
    expect(drafts[0]!.lines).toMatchObject([{ productId: Q, quantity: '5' }]);
    const dead = await waitFor(() => run.deadLetters.find((d) => d.headers['dlq-consumer-group'] === planning.group && d.value?.includes(deep.id)), { description: 'dead letter of the deep shortage' });
    expect(dead.headers['dlq-reason']).toMatch(new RegExp(`this change would take the line of ${Q} in draft .* to 1999999999999998, which has 16 digits before the decimal point, past the quantity bound of 15`));
  });
});
