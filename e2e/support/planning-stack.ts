/* eslint-disable @typescript-eslint/no-explicit-any -- the helpers read JSON bodies loosely */
// The three services of a planning end-to-end file (sales-orders, inventory, planning as separate processes
// over real Kafka and PostgreSQL) and the catalog / order / stock helpers the planning scenarios share.
// Start once per file (beforeAll), stop in afterAll; every helper names its products, vendors and
// warehouses after the file's run id so that tests never see each other's data.
import { randomBytes } from 'node:crypto';
import { stockMoveDone } from '@replenish/contracts';
import { setGroupOffsets } from '@replenish/test-infra';
import { markTopics, type TopicMarks } from '../../apps/planning/test/kafka.js';
import { httpJson, type HttpJsonResponse } from './http.js';
import { produceEvent } from './kafka.js';
import { productLearnt, warehouseLearnt } from './learnt.js';
import { CONSUMED } from './offsets.js';
import { startServiceProcess, testDatabaseUrl, type ServiceProcess } from './processes.js';
import { createWarehouse } from './warehouses.js';
import { waitFor } from '@replenish/test-infra';

export const UNIT_UOM = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };

export const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);

export interface StackOptions {
  /** Extra topics to mark (read back from where the file started), e.g. planning.exceptions. */
  markAlso?: string[];
  /** Bounded waits of the helpers. Default 60 s. */
  waitMs?: number;
}

export interface OrderLine {
  lineRef: string;
  productId: string;
  warehouseId: string;
  quantity: string;
  requestedDate: string;
  /** Default 'mto'. */
  route?: 'mto' | 'stock';
}

export interface ProductOptions {
  routes: string[];
  /** A supplier info for this vendor. */
  vendorId?: string;
  leadTimeDays?: number;
  takeFromStockFirst?: boolean;
}

export interface DraftFilter {
  type?: 'purchase' | 'manufacturing' | 'transfer';
  vendorId?: string;
  warehouseId?: string;
  state?: 'draft' | 'confirmed' | 'cancelled';
}

/** The warehouse of the probe orders that tell when sales-orders knows a product. */
export const PROBE_WAREHOUSE = 'PROBE';

/**
 * The three processes of one test file. The file's consumer groups (`<service>-<database>`, see
 * processes.ts) are new: they start at the current end of every topic (the marks), not at the topics'
 * whole history.
 */
export class PlanningStack {
  readonly run = randomBytes(4).toString('hex');
  readonly RUN = this.run.toUpperCase();
  readonly waitMs: number;
  sales!: ServiceProcess;
  inventory!: ServiceProcess;
  planning!: ServiceProcess;
  marks!: TopicMarks;
  /** The warehouses warehouse() created, for checks over this stack's own data (the services also hold other runs'). */
  readonly warehouses: string[] = [];
  private moveSeq = 0;

  private constructor(options: StackOptions) {
    this.waitMs = options.waitMs ?? 60_000;
  }

  static async start(options: StackOptions = {}): Promise<PlanningStack> {
    const stack = new PlanningStack(options);
    const brokers = stack.brokers;
    stack.marks = await markTopics(brokers, [...new Set([...CONSUMED, ...(options.markAlso ?? [])])]);
    await startAtTopicEnds(brokers, ['sales-orders', 'inventory', 'planning'], stack.marks);
    const started = await Promise.allSettled([
      startServiceProcess('sales-orders'),
      startServiceProcess('inventory'),
      // The timer of the daily sweep is off: the tests run it through POST /reordering-rules/sweep.
      startServiceProcess('planning', { PLANNING_SWEEP_INTERVAL_HOURS: '0' }),
    ]);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
      throw failed.reason;
    }
    [stack.sales, stack.inventory, stack.planning] = started.map((s) => (s as PromiseFulfilledResult<ServiceProcess>).value) as [ServiceProcess, ServiceProcess, ServiceProcess];
    // The warehouse of product()'s probe orders: sales-orders accepts lines only for warehouses inventory created.
    await createWarehouse(stack.inventory.url, PROBE_WAREHOUSE);
    await warehouseLearnt(stack, PROBE_WAREHOUSE);
    return stack;
  }

  async stop(): Promise<void> {
    await Promise.all([this.sales?.stop(), this.inventory?.stop(), this.planning?.stop()]);
  }

  get brokers(): string[] {
    return process.env.KAFKA_BROKERS!.split(',');
  }

  /** A request to planning. */
  P(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<HttpJsonResponse<any>> {
    return httpJson<any>(this.planning.url, method, path, body);
  }

  /** Where inventory and sales-orders answer. */
  get urls(): { inventory: string; sales: string } {
    return { inventory: this.inventory.url, sales: this.sales.url };
  }

  /**
   * A warehouse created in inventory (locations `<id>/Stock`), once sales-orders and planning have learnt it
   * (warehouse.created), with planning's settings; tag: up to 11 letters or digits.
   */
  async warehouse(tag: string, settings: Record<string, unknown> = {}): Promise<string> {
    const id = `W${this.RUN}${tag.toUpperCase()}`;
    if (id.length > 20) throw new Error(`warehouse code ${id} is longer than inventory's 20 characters: use a shorter tag`);
    await createWarehouse(this.inventory.url, id);
    this.warehouses.push(id);
    await warehouseLearnt(this, id);
    const s = await this.P('PUT', `/warehouses/${id}/settings`, settings);
    if (s.status !== 200) throw new Error(`planning warehouse settings ${id}: ${s.status} ${JSON.stringify(s.body)}`);
    return id;
  }

  async vendor(tag: string): Promise<string> {
    const id = `V-${tag}-${this.run}`;
    const r = await this.P('POST', '/vendors', { id, name: `Vendor ${tag}` });
    if (r.status !== 201) throw new Error(`vendor ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    return id;
  }

  /** A product in planning's catalog; resolves once inventory and sales-orders know it (product.upserted), its supplier included. */
  async product(tag: string, o: ProductOptions): Promise<string> {
    const id = `P-${tag}-${this.run}`;
    const r = await this.P('POST', '/products', {
      id, sku: id, name: `Product ${tag}`, stockUom: UNIT_UOM, routes: o.routes, ...(o.takeFromStockFirst !== undefined ? { takeFromStockFirst: o.takeFromStockFirst } : {}),
    });
    if (r.status !== 201) throw new Error(`product ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    if (o.vendorId) await this.supplier(id, o.vendorId, o.leadTimeDays ?? 3);
    await productLearnt(this, id, PROBE_WAREHOUSE);
    return id;
  }

  /** Adds (or replaces) the supplier info of a vendor for a product. */
  async supplier(productId: string, vendorId: string, leadTimeDays: number): Promise<void> {
    const r = await this.P('POST', `/products/${productId}/suppliers`, { vendorId, leadTimeDays, minQty: '1', price: '2' });
    if (r.status !== 201) throw new Error(`supplier ${vendorId} of ${productId}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  async bom(productId: string, b: { outputQty: string; productionDelayDays: number; components: { productId: string; quantity: string }[] }): Promise<any> {
    const r = await this.P('POST', '/boms', { id: `BOM-${productId}`, productId, ...b });
    if (r.status !== 201) throw new Error(`BOM of ${productId}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async rule(body: Record<string, unknown>): Promise<any> {
    const r = await this.P('POST', '/reordering-rules', body);
    if (r.status !== 201) throw new Error(`rule ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A sales order placed and confirmed over this stack's sales-orders (placeSalesOrder); resolves with the confirmed order. */
  salesOrder(orderRef: string, lines: OrderLine[]): Promise<any> {
    return placeSalesOrder(this.sales.url, orderRef, lines);
  }

  /** A done stock move published on warehouse.stock-moves, as a warehouse system would. */
  async move(kind: 'receipt' | 'delivery', productId: string, wh: string, quantity: string): Promise<void> {
    const [from, to] = kind === 'receipt' ? ['virtual/vendor', `${wh}/Stock`] : [`${wh}/Stock`, 'virtual/customer'];
    await produceEvent(stockMoveDone, {
      moveId: `M-${this.run}-${++this.moveSeq}`, kind, productId, quantity, uom: 'Units', fromLocation: from, toLocation: to, doneAt: new Date().toISOString(),
    });
  }

  async drafts(f: DraftFilter): Promise<any[]> {
    const q = Object.entries(f).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
    const r = await this.P('GET', `/draft-orders${q ? `?${q}` : ''}`);
    if (r.status !== 200) throw new Error(`GET /draft-orders?${q}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Waits for exactly one open draft matching the filter, whose content passes `check`. */
  openDraftWhere(f: Omit<DraftFilter, 'state'>, check: (d: any) => boolean, what: string, timeoutMs = this.waitMs): Promise<any> {
    return waitFor(async () => {
      const open = await this.drafts({ ...f, state: 'draft' });
      return open.length === 1 && check(open[0]) ? open[0] : undefined;
    }, { description: what, timeoutMs });
  }

  /** The replenishment report's item of a manual rule (undefined when not listed). */
  async reportItem(ruleId: string, warehouseId: string, includeAll = true): Promise<any> {
    const r = await this.P('GET', `/replenishment-report?warehouseId=${warehouseId}${includeAll ? '&includeAll=true' : ''}`);
    if (r.status !== 200) throw new Error(`report: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.items.find((i: any) => i.ruleId === ruleId);
  }

  /** Waits until planning's own projection, as the report of a manual rule shows it, passes `check`. */
  async reportItemWhere(ruleId: string, warehouseId: string, check: (item: any) => boolean, what: string): Promise<any> {
    let last: any;
    try {
      return await waitFor(async () => {
        last = await this.reportItem(ruleId, warehouseId);
        return last && check(last) ? last : undefined;
      }, { description: what, timeoutMs: this.waitMs });
    } catch (e) {
      throw new Error(`${(e as Error).message}; the last report item: ${JSON.stringify(last)}`, { cause: e });
    }
  }

  async explain(draftOrderId: string, lineId: string): Promise<any> {
    const r = await this.P('GET', `/draft-orders/${draftOrderId}/lines/${lineId}/explain`);
    if (r.status !== 200) throw new Error(`explain: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

/**
 * A sales order placed and confirmed over sales-orders' REST (lines in Units, route 'mto' unless given); resolves with
 * the confirmed order. Not over upstream.orders: every sales-orders on the shared broker (another file's or session's
 * stack, a bench) takes each upstream order whose product and warehouse it learnt from the shared topics and confirms
 * a copy of its own, which this file's planning and inventory consume too (a make-to-order line ordered twice).
 */
export async function placeSalesOrder(salesUrl: string, orderRef: string, lines: OrderLine[]): Promise<any> {
  const placed = await httpJson<any>(salesUrl, 'POST', '/sales-orders', {
    orderRef, customerId: 'C-E2E', lines: lines.map((l) => ({ ...l, uom: 'Units', route: l.route ?? 'mto' })),
  });
  if (placed.status !== 201) throw new Error(`sales order ${orderRef}: ${placed.status} ${JSON.stringify(placed.body)}`);
  const confirmed = await httpJson<any>(salesUrl, 'POST', `/sales-orders/by-ref/${encodeURIComponent(orderRef)}/confirm`);
  if (confirmed.status !== 200) throw new Error(`confirming sales order ${orderRef}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return confirmed.body;
}

export const lineOf = (d: any, productId: string): any => d.lines.find((l: any) => l.productId === productId);
export const qtyOf = (d: any, productId: string): string | undefined => lineOf(d, productId)?.quantity;

/**
 * Starts the e2e consumer groups of `services` (`<service>-<database>`, see processes.ts) at the current end of
 * every topic they consume (`marks` when given, else marked now): a fresh group would otherwise replay the shared
 * topics' whole history (earlier runs, benchmarks), which can take minutes.
 */
export async function startAtTopicEnds(brokers: string[], services: string[], marks?: TopicMarks): Promise<void> {
  const ends = marks ?? (await markTopics(brokers, CONSUMED));
  const db = new URL(await testDatabaseUrl()).pathname.slice(1);
  const consumed = new Map(CONSUMED.map((t) => [t, ends.get(t)!] as const));
  await Promise.all(services.map((service) => setGroupOffsets(brokers, `${service}-${db}`, consumed)));
}
