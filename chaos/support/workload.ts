// The chaos run's input, drawn from the seed, and the state it must leave behind. The workload is chosen so that
// the end state does not depend on how events interleave or are batched (which faults change): every stock
// position only goes down while the load runs (deliveries and sales demand, no receipts), and every reordering
// rule has min = max. Such a rule tops its draft up to bring the forecast back to max whenever it is at or below it,
// so its draft ends as the smallest multiple covering max - the final forecast, whatever positions it saw on the way
// (docs/semantics.md, "Reordering rules"). Make-to-order lines add their quantity once each.
import { Decimal } from 'decimal.js';
import type { SeededRandom } from './seeded-random.js';

export interface RuleSpec {
  productId: string;
  warehouseId: string;
  /** min = max. */
  level: number;
  multiple: number;
}

export interface Catalog {
  vendorId: string;
  warehouses: string[];
  /** Bought to stock, with a rule at every warehouse. */
  ruleProducts: string[];
  /** Make to order, no rule. */
  mtoProducts: string[];
}

export interface MoveInput {
  moveId: string;
  kind: 'receipt' | 'delivery';
  productId: string;
  warehouseId: string;
  quantity: string;
}

export interface OrderLineInput {
  lineRef: string;
  productId: string;
  warehouseId: string;
  quantity: string;
  route: 'stock' | 'mto';
  requestedDate: string;
}

export interface OrderInput {
  orderRef: string;
  lines: OrderLineInput[];
}

export type Channel = 'kafka' | 'rest';
export type LoadItem = ({ what: 'move' } & MoveInput | { what: 'order' } & OrderInput) & { channel: Channel };

export interface Workload {
  /** Booked before the rules exist and before any fault. */
  openingStock: MoveInput[];
  rules: RuleSpec[];
  /** Fed while the faults happen, in this order (over a few concurrent feeders). */
  load: LoadItem[];
}

/** Lead days of the rule products: the supplier's lead time, the warehouses' security and purchase days being 0. */
export const LEAD_DAYS = 2;

export const pairKey = (productId: string, warehouseId: string): string => `${productId}@${warehouseId}`;

const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function drawWorkload(random: SeededRandom, catalog: Catalog, run: string, today: string, size: { moves: number; orders: number }): Workload {
  const pairs = (products: string[]) => products.flatMap((productId) => catalog.warehouses.map((warehouseId) => ({ productId, warehouseId })));
  const all = pairs([...catalog.ruleProducts, ...catalog.mtoProducts]);
  let moveNo = 0;
  const move = (kind: MoveInput['kind'], p: { productId: string; warehouseId: string }, quantity: number): MoveInput => ({
    moveId: `M-${run}-${++moveNo}`, kind, ...p, quantity: String(quantity),
  });
  const openingStock = all.map((p) => move('receipt', p, random.int(70, 120)));
  const rules = pairs(catalog.ruleProducts).map((p) => ({ ...p, level: random.int(20, 60), multiple: random.pick([1, 5, 10]) }));

  const load: LoadItem[] = [];
  for (let i = 0; i < size.moves; i++) load.push({ what: 'move', channel: random.pick(['kafka', 'rest'] as const), ...move('delivery', random.pick(all), random.int(1, 6)) });
  for (let i = 1; i <= size.orders; i++) {
    const warehouseId = random.pick(catalog.warehouses);
    const products = random.shuffle([...catalog.ruleProducts, ...catalog.mtoProducts]).slice(0, random.int(1, 3));
    load.push({
      what: 'order',
      channel: random.pick(['kafka', 'rest'] as const),
      orderRef: `SO-${run}-${i}`,
      lines: products.map((productId, n) => {
        const mto = catalog.mtoProducts.includes(productId);
        // Stock lines fall inside the rules' horizon (today + LEAD_DAYS), so each one lowers the forecast they see.
        return { lineRef: `L${n + 1}`, productId, warehouseId, quantity: String(random.int(1, 8)), route: mto ? 'mto' : 'stock', requestedDate: addDays(today, mto ? random.int(4, 9) : 1) };
      }),
    });
  }
  return { openingStock, rules, load: random.shuffle(load) };
}

// ------------------------------------------------------------------------------------------------ the end state

export interface PositionState {
  onHand: string;
  /** Planned outgoing per date (sales order lines), dates ascending. */
  outgoing: { date: string; quantity: string }[];
  incoming: { date: string; quantity: string }[];
  /** Every move booked, each once. */
  moveIds: string[];
}

export interface DraftState {
  type: 'purchase';
  vendorId: string;
  warehouseId: string;
  state: 'draft';
  /**
   * By product. Origins: a make-to-order line's as `<orderRef>/<lineRef> <quantity>`, one per sales order line; a
   * rule line's as their total (how many top-ups made it depends on the positions planning happened to see).
   */
  lines: Record<string, { quantity: string; origins: string[] }>;
}

export interface OrderState {
  status: 'confirmed';
  lines: (OrderLineInput & { deliveredQuantity: string })[];
}

export interface EndState {
  positions: Record<string, PositionState>;
  /** One open draft per warehouse that needs anything, keyed by warehouse. */
  drafts: Record<string, DraftState>;
  orders: Record<string, OrderState>;
}

/** What the workload leaves behind when every input takes effect exactly once. */
export function expectedEndState(catalog: Catalog, w: Workload): EndState {
  const moves = [...w.openingStock, ...w.load.filter((i): i is LoadItem & MoveInput & { what: 'move' } => i.what === 'move')];
  const orders = w.load.filter((i): i is LoadItem & OrderInput & { what: 'order' } => i.what === 'order');
  const positions: Record<string, PositionState> = {};
  const position = (productId: string, warehouseId: string) =>
    (positions[pairKey(productId, warehouseId)] ??= { onHand: '0', outgoing: [], incoming: [], moveIds: [] });
  for (const p of [...catalog.ruleProducts, ...catalog.mtoProducts]) for (const wh of catalog.warehouses) position(p, wh);
  for (const m of moves) {
    const pos = position(m.productId, m.warehouseId);
    pos.onHand = new Decimal(pos.onHand)[m.kind === 'receipt' ? 'plus' : 'minus'](m.quantity).toString();
    pos.moveIds.push(m.moveId);
  }
  const mtoNeed = new Map<string, { total: Decimal; origins: string[] }>();
  for (const o of orders) {
    for (const l of o.lines) {
      const pos = position(l.productId, l.warehouseId);
      const day = pos.outgoing.find((d) => d.date === l.requestedDate);
      if (day) day.quantity = new Decimal(day.quantity).plus(l.quantity).toString();
      else pos.outgoing.push({ date: l.requestedDate, quantity: l.quantity });
      if (l.route !== 'mto') continue;
      const need = mtoNeed.get(pairKey(l.productId, l.warehouseId)) ?? { total: new Decimal(0), origins: [] };
      mtoNeed.set(pairKey(l.productId, l.warehouseId), { total: need.total.plus(l.quantity), origins: [...need.origins, `${o.orderRef}/${l.lineRef} ${l.quantity}`] });
    }
  }
  for (const pos of Object.values(positions)) {
    pos.outgoing.sort((a, b) => a.date.localeCompare(b.date));
    pos.moveIds.sort();
  }

  const drafts: Record<string, DraftState> = {};
  const draftLine = (warehouseId: string, productId: string, quantity: Decimal, origins: string[]) => {
    if (quantity.lte(0)) return;
    (drafts[warehouseId] ??= { type: 'purchase', vendorId: catalog.vendorId, warehouseId, state: 'draft', lines: {} }).lines[productId] = {
      quantity: quantity.toString(), origins,
    };
  };
  for (const r of w.rules) {
    const pos = positions[pairKey(r.productId, r.warehouseId)]!;
    // Every stock line is dated inside the horizon: the forecast there is on hand less all of them.
    const forecast = pos.outgoing.reduce((f, d) => f.minus(d.quantity), new Decimal(pos.onHand));
    const shortfall = new Decimal(r.level).minus(forecast);
    const quantity = shortfall.div(r.multiple).ceil().times(r.multiple);
    draftLine(r.warehouseId, r.productId, quantity, [`rule ${quantity.toString()}`]);
  }
  for (const [key, need] of mtoNeed) {
    const [productId, warehouseId] = key.split('@') as [string, string];
    draftLine(warehouseId, productId, need.total, need.origins.sort());
  }

  const orderStates: Record<string, OrderState> = {};
  for (const o of orders) orderStates[o.orderRef] = { status: 'confirmed', lines: o.lines.map((l) => ({ ...l, deliveredQuantity: '0' })) };
  return { positions, drafts, orders: orderStates };
}
