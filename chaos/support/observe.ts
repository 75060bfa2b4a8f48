/* eslint-disable @typescript-eslint/no-explicit-any -- the services' JSON bodies are read loosely */
// The end state as the services show it through their APIs, in the shape of expectedEndState (workload.ts), so
// that the two compare with one toEqual. A second draft for a warehouse or a second line for a product shows as
// a key of its own (`<key>#2`), which no expectation has.
import { Decimal } from 'decimal.js';
import { withClient } from '@replenish/test-infra';
import { httpJson } from '../../e2e/support/index.js';
import { pairKey, type Catalog, type DraftState, type EndState, type OrderState, type PositionState } from './workload.js';

const get = async (url: string): Promise<any> => {
  const r = await httpJson<any>('GET', url);
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

const putOnce = <T>(into: Record<string, T>, key: string, value: T): void => {
  let k = key;
  for (let n = 2; k in into; n++) k = `${key}#${n}`;
  into[k] = value;
};

export async function observeEndState(urls: { inventory: string; sales: string; planning: string }, catalog: Catalog, run: string): Promise<EndState> {
  const positions: Record<string, PositionState> = {};
  for (const productId of [...catalog.ruleProducts, ...catalog.mtoProducts]) {
    for (const warehouseId of catalog.warehouses) {
      const q = `productId=${productId}&warehouseId=${warehouseId}`;
      const f = await get(`${urls.inventory}/stock/forecast?${q}`);
      const moveIds: string[] = [];
      for (let offset: number | null = 0; offset !== null; ) {
        const page = await get(`${urls.inventory}/stock/moves?${q}&limit=500&offset=${offset}`);
        moveIds.push(...page.items.map((m: any) => m.moveId));
        offset = page.nextOffset ?? null;
      }
      const dated = (xs: any[]) => xs.map((x) => ({ date: x.date, quantity: x.quantity }));
      positions[pairKey(productId, warehouseId)] = { onHand: f.onHand, outgoing: dated(f.outgoing), incoming: dated(f.incoming), moveIds: moveIds.sort() };
    }
  }

  const orders: Record<string, OrderState> = {};
  const lineNames = new Map<string, string>();
  for (let page = 1; ; page++) {
    const body = await get(`${urls.sales}/sales-orders?page=${page}&pageSize=200`);
    for (const o of body.items.filter((x: any) => x.orderRef.startsWith(`SO-${run}-`))) {
      for (const l of o.lines) lineNames.set(l.id, `${o.orderRef}/${l.lineRef}`);
      putOnce(orders, o.orderRef, {
        status: o.status,
        lines: o.lines.map((l: any) => ({
          lineRef: l.lineRef, productId: l.productId, warehouseId: l.warehouseId, quantity: l.quantity, route: l.route, requestedDate: l.requestedDate, deliveredQuantity: l.deliveredQuantity,
        })),
      });
    }
    if (page * body.pageSize >= body.total) break;
  }

  const drafts: Record<string, DraftState> = {};
  for (const d of await get(`${urls.planning}/draft-orders?vendorId=${catalog.vendorId}`)) {
    const lines: DraftState['lines'] = {};
    for (const l of d.lines) {
      const rule = l.origins.every((o: any) => o.kind === 'rule');
      const origins = rule
        ? [`rule ${l.origins.reduce((s: Decimal, o: any) => s.plus(o.quantity), new Decimal(0)).toString()}`]
        : l.origins.map((o: any) => `${o.kind === 'sales-order-line' ? (lineNames.get(o.ref) ?? o.ref) : `${o.kind}:${o.ref}`} ${o.quantity}`).sort();
      putOnce(lines, l.productId, { quantity: l.quantity, origins });
    }
    putOnce(drafts, d.warehouseId, { type: d.type, vendorId: d.vendorId, warehouseId: d.warehouseId, state: d.state, lines });
  }
  return { positions, drafts, orders };
}

/** A position as planning holds it: what its rules evaluate. */
export type PositionCopy = Pick<PositionState, 'onHand' | 'outgoing'>;

/**
 * Planning's copy of every position (planning.stock_positions, kept from inventory's stock-position.changed), in the
 * shape of PositionState. It must end equal to inventory's position: a copy that lacks demand inventory has makes
 * rules order too little, and the drafts show it only where that demand crosses a rule's minimum (the lost rule
 * draft of decision 0010's addendum). Read from the database: planning shows it over REST for manual rules only.
 */
export async function planningPositions(databaseUrl: string, catalog: Catalog): Promise<Record<string, PositionCopy>> {
  const products = [...catalog.ruleProducts, ...catalog.mtoProducts];
  const { rows } = await withClient(databaseUrl, (c) => c.query<{ productId: string; warehouseId: string; onHand: string; outgoing: { date: string; quantity: string }[] }>(
    `SELECT product_id AS "productId", warehouse_id AS "warehouseId", on_hand::text AS "onHand", outgoing FROM planning.stock_positions
     WHERE product_id = ANY($1::text[]) AND warehouse_id = ANY($2::text[])`,
    [products, catalog.warehouses],
  ));
  const copies: Record<string, PositionCopy> = {};
  for (const r of rows) {
    const outgoing = r.outgoing.map((d) => ({ date: d.date, quantity: new Decimal(d.quantity).toString() })).sort((a, b) => a.date.localeCompare(b.date));
    copies[pairKey(r.productId, r.warehouseId)] = { onHand: new Decimal(r.onHand).toString(), outgoing };
  }
  return copies;
}
