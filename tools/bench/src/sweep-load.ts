/**
 * How bench:sweep puts its catalog into the services: through the bulk endpoints where the services have them (read
 * from their OpenAPI documents), else through the fastest public path there is. Each loader says which it took.
 */
import { createEnvelope, stockMoveDone, topics, upstreamOrderConfirmRequested, upstreamOrderSubmitted } from '@replenish/contracts';
import type { Admin, Message, Producer } from 'kafkajs';
import { call, pool, settle, sleep, type Flow } from './bench-kit.js';
import { produceAll } from './move-to-draft.js';
import type { Catalog, Product, Rule } from './sweep-catalog.js';

/** The operations a service documents, as "METHOD /path". */
export async function operations(url: string): Promise<Set<string>> {
  const doc = (await call(url, 'GET', '/docs-json', undefined, [200])) as { paths: Record<string, Record<string, unknown>> };
  return new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
}

const REST_CONCURRENCY = 16;
const UNITS = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };

export async function loadVendors(planning: string, c: Catalog): Promise<void> {
  await pool(Array.from({ length: c.vendors }, (_, v) => v), 8, (v) => call(planning, 'POST', '/vendors', { id: `${c.prefix}-V${v}`, name: `Bench vendor ${v}` }, [201]));
}

/** Products with their supplier info; returns the path taken. */
export async function loadProducts(planning: string, ops: Set<string>, products: Product[]): Promise<string> {
  if (ops.has('POST /imports/products')) {
    const rows = products.map((p) => JSON.stringify({ id: p.id, sku: p.id, name: `Bench ${p.id}`, stockUom: UNITS, routes: ['buy'], suppliers: [{ vendorId: p.vendorId, leadTimeDays: p.leadTimeDays }] }));
    await importRows(planning, '/imports/products', 'application/x-ndjson', rows, '');
    return 'POST /imports/products (NDJSON)';
  }
  await pool(products, REST_CONCURRENCY, async (p) => {
    await call(planning, 'POST', '/products', { id: p.id, sku: p.id, name: `Bench ${p.id}`, stockUom: UNITS, routes: ['buy'] }, [201]);
    await call(planning, 'POST', `/products/${p.id}/suppliers`, { vendorId: p.vendorId, leadTimeDays: p.leadTimeDays }, [201]);
  });
  return `REST, one POST /products and one POST /products/{id}/suppliers each, ${REST_CONCURRENCY} at a time`;
}

export const rulesImportAvailable = (ops: Set<string>): boolean => ops.has('POST /imports/reordering-rules');

/** Rules; returns the path taken. */
export async function loadRules(planning: string, ops: Set<string>, rules: Rule[]): Promise<string> {
  if (rulesImportAvailable(ops)) {
    const header = 'productId,warehouseId,min,max,multiple,trigger';
    const rows = rules.map((r) => [r.productId, r.warehouseId, r.min, r.max, r.multiple, r.trigger].join(','));
    const answer = await importRows(planning, '/imports/reordering-rules', 'text/csv', rows, header);
    const e = answer.evaluation;
    return `POST /imports/reordering-rules (CSV, one request: ${answer.created} created${e ? `, ${e.evaluated} evaluated, ${e.ordered} ordered, ${e.failed} failed` : ''})`;
  }
  await pool(rules, REST_CONCURRENCY, (r) => call(planning, 'POST', '/reordering-rules', r, [201]));
  return `REST, one POST /reordering-rules each, ${REST_CONCURRENCY} at a time`;
}

export interface ImportAnswer { rows: number; created: number; updated: number; unchanged: number; refused: number; errors: unknown[]; evaluation?: { evaluated: number; ordered: number; failed: number } }

/** One import request; a refused row fails the bench (the catalog is generated valid). */
async function importRows(planning: string, path: string, contentType: string, rows: string[], header: string): Promise<ImportAnswer> {
  const body = `${header ? `${header}\n` : ''}${rows.join('\n')}\n`;
  const r = await fetch(`${planning}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`POST ${path}: ${r.status} ${text.slice(0, 2000)}`);
  const answer = JSON.parse(text) as ImportAnswer;
  if (answer.refused > 0) throw new Error(`POST ${path}: ${answer.refused} rows refused, first ${JSON.stringify(answer.errors.slice(0, 3))}`);
  return answer;
}

export const MOVES_BATCH = 10_000;
export const movesBatchAvailable = (ops: Set<string>): boolean => ops.has('POST /stock/moves/batch');

export interface Move { moveId: string; kind: 'receipt'; productId: string; quantity: string; uom: string; fromLocation: string; toLocation: string; doneAt: string }

export const receipt = (moveId: string, productId: string, warehouseId: string, quantity: string): Move => ({
  moveId, kind: 'receipt', productId, quantity, uom: 'Units', fromLocation: 'virtual/vendor', toLocation: `${warehouseId}/Stock`, doneAt: new Date().toISOString(),
});

/** Posts up to MOVES_BATCH moves in one request; returns its time in ms. A refused move fails the bench. */
export async function postMovesBatch(inventory: string, moves: Move[]): Promise<number> {
  const t0 = performance.now();
  const answer = (await call(inventory, 'POST', '/stock/moves/batch', { moves }, [200])) as { applied: number; refused: number; results: { status: string; errors?: unknown }[] };
  const ms = performance.now() - t0;
  if (answer.refused > 0) throw new Error(`POST /stock/moves/batch: ${answer.refused} moves refused, first ${JSON.stringify(answer.results.filter((m) => m.status === 'refused').slice(0, 3))}`);
  return ms;
}

/**
 * Receipts go in requests of this many, each through planning before the next: planning locks every product@warehouse
 * of a fetch of positions in one transaction, and a backlog of 20,000 (two batches of 10,000) filled PostgreSQL's
 * lock table (max_locks_per_transaction 64): "out of shared memory" for every database of the server.
 */
const RECEIPTS_AT_ONCE = 2000;

/** The catalog's receipts (its sites with stock); returns the path taken. */
export async function loadReceipts(inventory: string, ops: Set<string>, producer: Producer, kadmin: Admin, dbName: string, c: Catalog): Promise<string> {
  const moves = c.sites.filter((s) => s.onHand !== '0').map((s, i) => receipt(`${c.prefix}-R${i}`, c.products[s.productIndex]!.id, s.warehouseId, s.onHand));
  if (movesBatchAvailable(ops)) {
    for (let i = 0; i < moves.length; i += RECEIPTS_AT_ONCE) {
      await postMovesBatch(inventory, moves.slice(i, i + RECEIPTS_AT_ONCE));
      await settle(kadmin, dbName, [{ service: 'planning', topic: topics.stockPositions }], 900_000);
    }
    return `POST /stock/moves/batch, ${RECEIPTS_AT_ONCE} a request, each through planning before the next`;
  }
  const messages: Message[] = moves.map((m) => {
    const env = createEnvelope(stockMoveDone, m, { source: 'bench' });
    return { key: env.key, value: JSON.stringify(env), headers: { 'event-id': env.id, 'event-type': env.type } };
  });
  await produceAll(producer, topics.stockMoves, messages);
  return 'Kafka warehouse.stock-moves (no batch endpoint yet)';
}

const LINES_PER_ORDER = 100;
/**
 * Sales go in rounds of this many lines, each consumed before the next: inventory locks every line of the confirmed
 * orders of a fetch in one transaction, and 20,000 lines at once ran PostgreSQL out of lock slots ("out of shared
 * memory", max_locks_per_transaction 64), dead-lettering 34 of 200 orders.
 */
const LINES_PER_ROUND = 1000;
const SALES_FLOW: Flow[] = [{ service: 'sales-orders', topic: topics.upstreamOrders }, { service: 'inventory', topic: topics.salesOrderEvents }];

/** The catalog's sales (one line per site that sells), as upstream orders of LINES_PER_ORDER lines, confirmed. */
export async function loadSales(producer: Producer, kadmin: Admin, dbName: string, c: Catalog): Promise<string> {
  const selling = c.sites.filter((s) => s.sold !== '0');
  for (let round = 0; round * LINES_PER_ROUND < selling.length; round++) {
    const messages: Message[] = [];
    const lines = selling.slice(round * LINES_PER_ROUND, (round + 1) * LINES_PER_ROUND);
    for (let o = 0; o * LINES_PER_ORDER < lines.length; o++) {
      const orderRef = `${c.prefix}-SO${round}-${o}`;
      const orderLines = lines.slice(o * LINES_PER_ORDER, (o + 1) * LINES_PER_ORDER).map((s, l) => ({
        lineRef: String(l + 1), productId: c.products[s.productIndex]!.id, warehouseId: s.warehouseId, quantity: s.sold, uom: 'Units', route: 'stock' as const, requestedDate: c.salesDate,
      }));
      for (const env of [createEnvelope(upstreamOrderSubmitted, { orderRef, lines: orderLines }, { source: 'bench' }), createEnvelope(upstreamOrderConfirmRequested, { orderRef }, { source: 'bench' })]) {
        messages.push({ key: env.key, value: JSON.stringify(env), headers: { 'event-id': env.id, 'event-type': env.type } });
      }
    }
    await produceAll(producer, topics.upstreamOrders, messages);
    await settle(kadmin, dbName, SALES_FLOW, 900_000);
  }
  return `Kafka upstream.orders, ${LINES_PER_ORDER} lines an order, ${LINES_PER_ROUND} lines at a time`;
}

/** Every consumer group of the catalog's flow, by the topic it must have caught up on. */
const LOAD_FLOW: Flow[] = [
  { service: 'sales-orders', topic: topics.warehouses }, { service: 'planning', topic: topics.warehouses },
  { service: 'sales-orders', topic: topics.products }, { service: 'inventory', topic: topics.products },
  { service: 'sales-orders', topic: topics.upstreamOrders }, { service: 'inventory', topic: topics.salesOrderEvents },
  { service: 'inventory', topic: topics.stockMoves }, { service: 'planning', topic: topics.stockPositions },
  { service: 'planning', topic: topics.salesOrderEvents }, { service: 'inventory', topic: topics.draftOrders },
];

/**
 * Waits until the services have consumed everything of the flow, twice a second apart: what a relay published
 * meanwhile (a position after a sales order) is caught up on too. Not "the topics are still": tests and other
 * benches may write to the same topics.
 */
export async function settleLoad(kadmin: Admin, dbName: string): Promise<number> {
  const t0 = performance.now();
  for (let round = 0; round < 3; round++) {
    await settle(kadmin, dbName, LOAD_FLOW, 900_000);
    await sleep(1000);
  }
  return performance.now() - t0;
}
