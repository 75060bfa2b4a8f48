import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { runWrites, type Statement } from '@replenish/messaging';
import type { UomWire } from '@replenish/contracts';
import { dec, uomOf, uomOfCode, type DraftLine, type DraftOrder, type Uom } from '../../shared/domain.js';
import { preparedRow, preparedRows } from '../../shared/db.js';
import type { ProductUomsRow } from '../../catalog/index.js';
import type { LinePrice } from '../line-price.js';
import { toContractKind, toDomainKind, type StoredOrigin } from './origin-summary.js';

export interface DraftHeader {
  id: string;
  type: 'purchase' | 'manufacturing' | 'transfer';
  topUpKey: string;
  vendorId: string | null;
  bomId: string | null;
  sourceWarehouseId: string | null;
  warehouseId: string;
  state: 'draft' | 'confirmed' | 'cancelled';
  version: number;
  orderDate: string | null;
  externalRef: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A draft as the domain sees it, with the ids the database gave its lines.
 * `originsLoaded: 'all'` holds every stored origin (to shrink a line: the whole line is rewritten on save).
 * `originsLoaded: 'compact'` holds none: a top-up only appends origins, so saving inserts just the new ones
 * (`stored` counts what is in memory) and the draft-order.updated it publishes carries only those (decision
 * planning-025). A line topped up by every stock move or sales line holds thousands of origins; loading them (or,
 * before, their summary) made each top-up cost the line's history.
 */
/** How a draft's origins were loaded: every stored one, or none (see LoadedDraft). */
export type OriginsLoaded = 'all' | 'compact';

export interface LoadedDraft {
  header: DraftHeader;
  draft: DraftOrder;
  lineIds: Map<string, string>;
  originsLoaded: OriginsLoaded;
  /** Per product: origins loaded (or saved since) and the next free seq of the line. */
  stored: Map<string, { count: number; nextSeq: number }>;
  /** Per product of a loaded line: its units as the catalog has them (to publish the line's terms without a query). */
  uoms: Map<string, ProductUomsRow>;
  /** Per product of a purchase line with a price: the price as of the line's last change (decision planning-024). */
  prices: Map<string, LinePrice>;
  /** Per product: the lines removed since the draft was loaded (draft-order.updated names them). */
  removed: Map<string, { lineId: string; uom: string }>;
  /** How many lines the draft has, loaded or not. */
  lineCount: number;
  /**
   * When not every line was loaded (`lockOpenMany` with products): the products whose lines are in `draft` or known
   * to be absent. The line of any other product must be loaded (`loadLines`) before the draft is changed.
   */
  linesOf?: Set<string>;
}

const HEADER_COLS = `id, type, top_up_key AS "topUpKey", vendor_id AS "vendorId", bom_id AS "bomId",
  source_warehouse_id AS "sourceWarehouseId", warehouse_id AS "warehouseId", state, version,
  order_date::text AS "orderDate", external_ref AS "externalRef", created_at AS "createdAt", updated_at AS "updatedAt"`;

interface LineRow {
  id: string;
  draftId: string;
  productId: string;
  quantity: string;
  uom: string;
  plannedDate: string;
  stockUom: UomWire | null;
  purchaseUom: ProductUomsRow['purchaseUom'];
  nextOriginSeq: number;
  unitPrice: string | null;
  priceUom: string | null;
}

/** Lines with their product's units; callers add the WHERE and the order. */
const LINE_SELECT = `SELECT l.id, l.draft_id AS "draftId", l.line_no AS "lineNo", l.product_id AS "productId", l.quantity::text AS quantity, l.uom,
    l.planned_date::text AS "plannedDate", p.stock_uom AS "stockUom", p.purchase_uom AS "purchaseUom",
    l.next_origin_seq AS "nextOriginSeq", l.unit_price::text AS "unitPrice", l.price_uom AS "priceUom"
  FROM planning.draft_lines l LEFT JOIN planning.products p ON p.id = l.product_id`;

/** A line to write (`upsertLines`). */
export interface LineWrite {
  id: string;
  draftId: string;
  lineNo: number;
  productId: string;
  warehouseId: string;
  quantity: string;
  uom: string;
  plannedDate: string;
  nextSeq: number;
  unitPrice: string | null;
  priceUom: string | null;
}

/** An origin row to insert. */
export interface NewOrigin {
  lineId: string;
  seq: number;
  kind: string;
  ref: string;
  quantity: string;
  eventId: string | null;
  evaluationId: string | null;
  salesOrderId: string | null;
}

type OriginRow = Omit<NewOrigin, 'seq'>;

@Injectable()
export class DraftOrderRepository {
  /**
   * The open draft of a top-up key, row-locked until the transaction ends, to top up the line of `productId`: that
   * line only, without origins (decision planning-025).
   */
  async lockOpen(tx: EntityManager, topUpKey: string, productId: string): Promise<LoadedDraft | undefined> {
    return (await this.lockOpenMany(tx, [topUpKey], [productId])).get(topUpKey);
  }

  /**
   * `lockOpen` for many keys in one statement, lines as JSON (a consumer batch, whose key locks are held already).
   * With `products`, only those products' lines, and each draft's line count: a batch changes the lines of its
   * products, not the rest of a 100-line draft (decision planning-025).
   */
  async lockOpenMany(tx: EntityManager, topUpKeys: string[], products?: readonly string[]): Promise<Map<string, LoadedDraft>> {
    if (topUpKeys.length === 0) return new Map();
    const rows = await preparedRows<DraftHeader & { lines: LineRow[] | null; lineCount: number }>(
      tx,
      `WITH h AS MATERIALIZED (SELECT ${HEADER_COLS} FROM planning.draft_orders WHERE top_up_key = ANY($1::text[]) AND state = 'draft' FOR UPDATE),
       ls AS (SELECT t."draftId", json_agg(t ORDER BY t."lineNo", t.id) AS lines
              FROM (${LINE_SELECT} JOIN h ON h.id = l.draft_id ${products ? 'WHERE l.product_id = ANY($2::text[])' : ''}) t GROUP BY t."draftId"),
       n AS (SELECT l.draft_id, count(*)::int AS n FROM planning.draft_lines l JOIN h ON h.id = l.draft_id GROUP BY l.draft_id)
       SELECT h.*, ls.lines, COALESCE(n.n, 0) AS "lineCount" FROM h LEFT JOIN ls ON ls."draftId" = h.id LEFT JOIN n ON n.draft_id = h.id`,
      products ? [topUpKeys, products] : [topUpKeys],
    );
    const headers = rows.map(({ lines: _lines, lineCount: _count, ...h }) => h);
    const loaded = assemble(headers, rows.flatMap((r) => r.lines ?? []), [], 'compact');
    return new Map(loaded.map((d, i) => {
      const partial = products ? { lineCount: rows[i]!.lineCount, linesOf: new Set(products) } : {};
      return [d.header.topUpKey, { ...d, ...partial }];
    }));
  }

  /** Adds the lines of `productIds` to a draft loaded with only some of its lines (`linesOf`), without origins. */
  async loadLines(tx: EntityManager, loaded: LoadedDraft, productIds: readonly string[]): Promise<void> {
    const rows = await preparedRows<LineRow>(tx, `${LINE_SELECT} WHERE l.draft_id = $1 AND l.product_id = ANY($2::text[]) ORDER BY l.line_no, l.id`, [loaded.header.id, productIds]);
    const [more] = assemble([loaded.header], rows, [], 'compact');
    if (!more) return;
    loaded.draft = { ...loaded.draft, lines: [...loaded.draft.lines, ...more.draft.lines] };
    for (const [from, to] of [[more.lineIds, loaded.lineIds], [more.stored, loaded.stored], [more.uoms, loaded.uoms], [more.prices, loaded.prices]] as [Map<string, unknown>, Map<string, unknown>][]) {
      for (const [k, v] of from) to.set(k, v);
    }
    for (const p of productIds) loaded.linesOf?.add(p);
  }

  async lockById(tx: EntityManager, id: string): Promise<LoadedDraft | undefined> {
    const h = await preparedRow<DraftHeader>(tx, `SELECT ${HEADER_COLS} FROM planning.draft_orders WHERE id = $1 FOR UPDATE`, [id]);
    return h ? this.loaded(tx, h) : undefined;
  }

  async byId(tx: EntityManager, id: string): Promise<LoadedDraft | undefined> {
    const h = await preparedRow<DraftHeader>(tx, `SELECT ${HEADER_COLS} FROM planning.draft_orders WHERE id = $1`, [id]);
    return h ? this.loaded(tx, h) : undefined;
  }

  async list(tx: EntityManager, f: { state?: string; vendorId?: string; warehouseId?: string; type?: string; productId?: string; limit: number; offset: number }): Promise<LoadedDraft[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (col: string, v: string | undefined): void => {
      if (v === undefined) return;
      params.push(v);
      where.push(`${col} = $${params.length}`);
    };
    add('state', f.state);
    add('vendor_id', f.vendorId);
    add('warehouse_id', f.warehouseId);
    add('type', f.type);
    if (f.productId !== undefined) {
      params.push(f.productId);
      where.push(`EXISTS (SELECT 1 FROM planning.draft_lines l WHERE l.draft_id = draft_orders.id AND l.product_id = $${params.length})`);
    }
    params.push(f.limit, f.offset);
    const headers = await preparedRows<DraftHeader>(
      tx,
      `SELECT ${HEADER_COLS} FROM planning.draft_orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return this.loadMany(tx, headers);
  }

  /** Inserts a new open draft; undefined when another transaction holds the key's open draft. */
  async insertOpen(tx: EntityManager, h: Omit<DraftHeader, 'createdAt' | 'updatedAt' | 'externalRef'>): Promise<DraftHeader | undefined> {
    return preparedRow<DraftHeader>(
      tx,
      `INSERT INTO planning.draft_orders (id, type, top_up_key, vendor_id, bom_id, source_warehouse_id, warehouse_id, state, version, order_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9)
       ON CONFLICT (top_up_key) WHERE state = 'draft' DO NOTHING
       RETURNING ${HEADER_COLS}`,
      [h.id, h.type, h.topUpKey, h.vendorId, h.bomId, h.sourceWarehouseId, h.warehouseId, h.version, h.orderDate],
    );
  }

  async markConfirmed(tx: EntityManager, id: string, externalRef: string | undefined, eventId: string): Promise<void> {
    await preparedRows(tx, `UPDATE planning.draft_orders SET external_ref = $2, confirmed_at = now(), confirmed_event_id = $3 WHERE id = $1`, [id, externalRef ?? null, eventId]);
    await preparedRows(tx, `UPDATE planning.draft_lines SET awaiting_position = true WHERE draft_id = $1`, [id]);
  }

  /**
   * Writes one line as the domain left it (deletes it when it is gone). Returns the origins to insert (see
   * `originsInsert`): all of them when the draft was loaded with all origins (the stored ones are deleted
   * here), else only those appended since it was loaded.
   */
  async saveLine(
    tx: EntityManager, loaded: LoadedDraft, productId: string, lineId: string, line: DraftLine | undefined, lineNo: number, deferred?: LineWrite[],
  ): Promise<NewOrigin[]> {
    if (!line) {
      await preparedRows(tx, `DELETE FROM planning.draft_lines WHERE id = $1`, [lineId]);
      loaded.stored.delete(productId);
      return [];
    }
    const origins = line.origins as StoredOrigin[];
    let from = 0;
    let seq = 0;
    if (loaded.originsLoaded === 'all') await preparedRows(tx, `DELETE FROM planning.draft_origins WHERE line_id = $1`, [lineId]);
    else ({ count: from, nextSeq: seq } = loaded.stored.get(productId) ?? { count: 0, nextSeq: 0 });
    const nextSeq = seq + origins.length - from;
    loaded.stored.set(productId, { count: origins.length, nextSeq });
    const row: LineWrite = {
      id: lineId, draftId: loaded.header.id, lineNo, productId: line.productId, warehouseId: loaded.header.warehouseId, quantity: line.quantity.toString(),
      uom: line.uom.code, plannedDate: line.plannedDate, nextSeq,
      unitPrice: loaded.prices.get(productId)?.unitPrice ?? null, priceUom: loaded.prices.get(productId)?.priceUom ?? null,
    };
    if (deferred) deferred.push(row);
    else await this.upsertLines(tx, [row]);
    return origins.slice(from).map((o) => ({
      lineId, seq: seq++, kind: toContractKind(o.kind), ref: o.id, quantity: o.quantity.toString(),
      eventId: o.eventId ?? null, evaluationId: o.evaluationId ?? null, salesOrderId: o.salesOrderId ?? null,
    }));
  }

  /** Writes lines (of any drafts) in one statement; of a line given twice, the last one counts. */
  async upsertLines(tx: EntityManager, rows: LineWrite[]): Promise<void> {
    await runWrites(tx, [linesUpsert(rows)]);
  }

  /** Open drafts (by id) that hold an origin of this sales order line, newest first; then the frozen ones. */
  async draftsOfSalesLine(tx: EntityManager, salesOrderLineId: string): Promise<{ id: string; state: string }[]> {
    return preparedRows(
      tx,
      `SELECT DISTINCT d.id, d.state, d.created_at FROM planning.draft_origins o
         JOIN planning.draft_lines l ON l.id = o.line_id JOIN planning.draft_orders d ON d.id = l.draft_id
       WHERE o.kind = 'sales-order-line' AND o.ref = $1
       ORDER BY d.created_at DESC`,
      [salesOrderLineId],
    );
  }

  async originsWithEvaluations(tx: EntityManager, lineId: string): Promise<Record<string, unknown>[]> {
    return preparedRows(
      tx,
      `SELECT o.kind, o.ref, o.quantity::text AS quantity, o.event_id AS "eventId", o.sales_order_id AS "salesOrderId", o.created_at AS "createdAt",
         e.id AS "evaluationId", e.cause, e.evaluated_at AS "evaluatedAt", e.quantity::text AS "evaluatedQuantity", e.explanation
       FROM planning.draft_origins o LEFT JOIN planning.rule_evaluations e ON e.id = o.evaluation_id
       WHERE o.line_id = $1 ORDER BY o.seq`,
      [lineId],
    );
  }

  private async loaded(tx: EntityManager, h: DraftHeader): Promise<LoadedDraft> {
    return (await this.loadMany(tx, [h]))[0] as LoadedDraft;
  }

  /** Drafts with every line and every origin. */
  private async loadMany(tx: EntityManager, headers: DraftHeader[]): Promise<LoadedDraft[]> {
    if (headers.length === 0) return [];
    const lines = await preparedRows<LineRow>(tx, `${LINE_SELECT} WHERE l.draft_id = ANY($1::uuid[]) ORDER BY l.line_no, l.id`, [headers.map((h) => h.id)]);
    const origins = lines.length ? await preparedRows<OriginRow>(tx, ALL_ORIGINS, [lines.map((l) => l.id)]) : [];
    return assemble(headers, lines, origins, 'all');
  }
}

/** Drafts as the domain sees them from their rows: with `origins` (mode 'all') or none ('compact'). */
function assemble(headers: DraftHeader[], lines: LineRow[], origins: OriginRow[], mode: OriginsLoaded): LoadedDraft[] {
  const originsByLine = new Map<string, StoredOrigin[]>();
  for (const o of origins) {
    const list = originsByLine.get(o.lineId) ?? [];
    list.push({
      kind: toDomainKind(o.kind), id: o.ref, quantity: dec(o.quantity),
      ...(o.eventId ? { eventId: o.eventId } : {}), ...(o.salesOrderId ? { salesOrderId: o.salesOrderId } : {}), ...(o.evaluationId ? { evaluationId: o.evaluationId } : {}),
    });
    originsByLine.set(o.lineId, list);
  }
  return headers.map((h) => {
    const lineIds = new Map<string, string>();
    const stored = new Map<string, { count: number; nextSeq: number }>();
    const uoms = new Map<string, ProductUomsRow>();
    const prices = new Map<string, LinePrice>();
    const domainLines: DraftLine[] = [];
    for (const l of lines.filter((x) => x.draftId === h.id)) {
      lineIds.set(l.productId, l.id);
      stored.set(l.productId, { count: originsByLine.get(l.id)?.length ?? 0, nextSeq: l.nextOriginSeq });
      if (l.stockUom) uoms.set(l.productId, { stockUom: l.stockUom, purchaseUom: l.purchaseUom ?? null });
      if (l.unitPrice !== null && l.priceUom !== null) prices.set(l.productId, { unitPrice: l.unitPrice, priceUom: l.priceUom });
      const uom: Uom = l.stockUom && l.stockUom.code === l.uom ? uomOf(l.stockUom) : uomOfCode(l.uom);
      domainLines.push({ productId: l.productId, quantity: dec(l.quantity), uom, plannedDate: l.plannedDate, origins: originsByLine.get(l.id) ?? [] });
    }
    const draft: DraftOrder = {
      id: h.id,
      key: { type: h.type, sourceId: h.vendorId ?? h.bomId ?? h.sourceWarehouseId ?? '', destinationWarehouseId: h.warehouseId },
      state: h.state,
      version: h.version,
      lines: domainLines,
    };
    return { header: h, draft, lineIds, originsLoaded: mode, stored, uoms, prices, removed: new Map(), lineCount: domainLines.length };
  });
}

const ALL_ORIGINS = `SELECT line_id AS "lineId", kind, ref, quantity::text AS quantity, event_id AS "eventId",
    evaluation_id AS "evaluationId", sales_order_id AS "salesOrderId"
  FROM planning.draft_origins WHERE line_id = ANY($1::uuid[]) ORDER BY line_id, seq`;

export interface HeaderWrite {
  id: string;
  state: string;
  version: number;
  orderDate: string | null;
}

/** Lines (of any drafts) as one upsert; of a line given twice, the last one counts. */
export function linesUpsert(rows: LineWrite[]): Statement | undefined {
  const last = [...new Map(rows.map((r) => [r.id, r])).values()];
  if (last.length === 0) return undefined;
  const col = <K extends keyof LineWrite>(k: K) => last.map((r) => r[k]);
  return {
    text: `INSERT INTO planning.draft_lines (id, draft_id, line_no, product_id, warehouse_id, quantity, uom, planned_date, next_origin_seq, unit_price, price_uom)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::date[], $9::int[], $10::numeric[], $11::text[])
       ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, planned_date = EXCLUDED.planned_date,
         next_origin_seq = EXCLUDED.next_origin_seq, unit_price = EXCLUDED.unit_price, price_uom = EXCLUDED.price_uom`,
    params: [
      col('id'), col('draftId'), col('lineNo'), col('productId'), col('warehouseId'), col('quantity'), col('uom'), col('plannedDate'), col('nextSeq'),
      col('unitPrice'), col('priceUom'),
    ],
  };
}

/** Origins (of any lines) as one insert. */
export function originsInsert(rows: NewOrigin[]): Statement | undefined {
  if (rows.length === 0) return undefined;
  const col = <K extends keyof NewOrigin>(k: K) => rows.map((r) => r[k]);
  return {
    text: `INSERT INTO planning.draft_origins (id, line_id, seq, kind, ref, quantity, event_id, evaluation_id, sales_order_id)
       SELECT gen_random_uuid(), * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::uuid[], $8::text[])`,
    params: [col('lineId'), col('seq'), col('kind'), col('ref'), col('quantity'), col('eventId'), col('evaluationId'), col('salesOrderId')],
  };
}

/** The state, version and order date of drafts as one update. */
export function headersUpdate(rows: HeaderWrite[]): Statement | undefined {
  if (rows.length === 0) return undefined;
  return {
    text: `UPDATE planning.draft_orders d SET state = u.state, version = u.version, order_date = u.order_date, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::date[]) AS u(id, state, version, order_date) WHERE d.id = u.id`,
    params: [rows.map((r) => r.id), rows.map((r) => r.state), rows.map((r) => r.version), rows.map((r) => r.orderDate)],
  };
}
