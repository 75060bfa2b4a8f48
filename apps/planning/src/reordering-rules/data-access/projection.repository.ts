import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { productWarehouseKey, type PayloadOf, type stockPositionChanged, type UomWire } from '@replenish/contracts';
import { preparedRows } from '../../shared/db.js';
import { componentDemand, inProgressQuantity, manufacturingStartDate, uomOf, uomOfCode } from '../../shared/domain.js';

/**
 * How long a confirmed draft still counts as supply after its confirmation, unless inventory's position
 * caused by that confirmation arrived earlier (then the position's incoming carries it). Covers the gap
 * between "planning froze the draft" and "inventory published the incoming", so a rule does not re-order.
 */
export const AWAITING_POSITION_GRACE = '10 minutes';

export interface PositionInputs {
  onHand: string;
  incoming: { date: string; quantity: string }[];
  outgoing: { date: string; quantity: string }[];
  /** Open drafts' rule/manual/MPS quantities: in progress whatever their date. */
  inProgress: string;
  /** MTO quantities on open drafts, dated at their sales line's delivery date (see decision planning-002). */
  mtoSupply: { date: string; quantity: string }[];
  /** Open transfers out of this warehouse (its own outgoing demand while the transfer is a draft). */
  transfersOut: string;
  /**
   * What manufacturing drafts at this warehouse will consume of this product as a component, dated at their
   * manufacturing start (the draft's order date): open drafts, and confirmed ones until inventory's position
   * carries the consumption (decision planning-009). Outgoing demand, like inventory's.
   */
  componentDemand: { date: string; quantity: string }[];
  sequence: number | null;
  /**
   * Late receipts inventory's position leaves out (INVENTORY_LATE_SUPPLY=ignore; decision inventory-004): never
   * counted, only named in the rule's explanation. Absent when there are none.
   */
  lateSupplyNotCounted?: { quantity: string; since: string };
}

/** Planning's own projection of inventory's positions plus its own open drafts. */
@Injectable()
export class ProjectionRepository {
  private readonly prefetches = new WeakMap<EntityManager, Prefetched>();
  /**
   * Keeps the newest position per product@warehouse, for many positions (at most one per pair); returns the
   * productWarehouseKey of those newer than the stored one. In the same statement, positions caused
   * by our draft-order.confirmed settle what planning counted itself until inventory's position carries it (pass
   * every position's causation id; those not caused by a confirmation within the grace change nothing):
   * - the confirmed draft's lines of those products stop counting as awaiting (their incoming is in the position);
   * - a manufacturing draft's component consumption, which inventory planned as outgoing, stops counting per
   *   component and warehouse (decision planning-009). No advisory lock: the settlement rows of (event, component,
   *   warehouse) are written by no other transaction.
   */
  async applyPositions(
    tx: EntityManager, ps: PayloadOf<typeof stockPositionChanged>[], settled: { confirmedEventId: string; productId: string; warehouseId: string }[],
  ): Promise<Set<string>> {
    if (ps.length === 0 && settled.length === 0) return new Set();
    const rows = await preparedRows<{ productId: string; warehouseId: string }>(
      tx,
      `WITH u AS (SELECT * FROM unnest($9::uuid[], $10::text[], $11::text[]) AS u(event_id, product_id, warehouse_id)),
       lines AS (
         UPDATE planning.draft_lines l SET awaiting_position = false
         FROM planning.draft_orders d, u
         WHERE d.confirmed_event_id = u.event_id AND l.draft_id = d.id AND l.product_id = u.product_id AND l.warehouse_id = u.warehouse_id
           AND l.awaiting_position),
       components AS (
         INSERT INTO planning.component_settlements (confirmed_event_id, product_id, warehouse_id)
         SELECT DISTINCT d.confirmed_event_id, u.product_id, u.warehouse_id
         FROM u
         JOIN planning.draft_orders d ON d.confirmed_event_id = u.event_id AND d.warehouse_id = u.warehouse_id
         JOIN planning.boms b ON b.id = d.bom_id
         WHERE d.type = 'manufacturing' AND d.confirmed_at > now() - interval '${AWAITING_POSITION_GRACE}'
           AND b.components @> jsonb_build_array(jsonb_build_object('productId', u.product_id))
         ON CONFLICT DO NOTHING)
       INSERT INTO planning.stock_positions (product_id, warehouse_id, uom, on_hand, incoming, outgoing, sequence, as_of, late_not_counted)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::jsonb[], $6::jsonb[], $7::bigint[], $8::timestamptz[], $12::jsonb[])
       ON CONFLICT (product_id, warehouse_id) DO UPDATE SET uom = EXCLUDED.uom, on_hand = EXCLUDED.on_hand,
         incoming = EXCLUDED.incoming, outgoing = EXCLUDED.outgoing, sequence = EXCLUDED.sequence, as_of = EXCLUDED.as_of,
         late_not_counted = EXCLUDED.late_not_counted
       WHERE planning.stock_positions.sequence < EXCLUDED.sequence
       RETURNING product_id AS "productId", warehouse_id AS "warehouseId"`,
      [
        ps.map((p) => p.productId), ps.map((p) => p.warehouseId), ps.map((p) => p.uom), ps.map((p) => p.onHand),
        ps.map((p) => JSON.stringify(p.incoming)), ps.map((p) => JSON.stringify(p.outgoing)), ps.map((p) => p.sequence), ps.map((p) => p.asOf),
        settled.map((p) => p.confirmedEventId), settled.map((p) => p.productId), settled.map((p) => p.warehouseId),
        ps.map((p) => (p.lateSupplyNotCounted ? JSON.stringify(p.lateSupplyNotCounted) : null)),
      ],
    );
    return new Set(rows.map((r) => productWarehouseKey(r.productId, r.warehouseId)));
  }

  /**
   * One round trip. A draft line's quantity is the sum of its origins: in progress is what its make-to-order
   * origins (dated by their sales line) do not account for, so only those are read, never the rule origins,
   * of which a line topped up on every stock move has thousands.
   * Component demand (decision planning-009): the BOMs that list the product (GIN index on boms.components: a
   * product that is no component costs one empty index probe), then per BOM its manufacturing drafts at the
   * warehouse that are open, or confirmed within the grace and not yet settled for this product (applyPositions),
   * each through its partial index (the UNION ALL keeps the lookup per BOM, never over the drafts' history), one row
   * per BOM line; componentDemandOf turns them into dated quantities through libs/domain.
   */
  async inputs(tx: EntityManager, productId: string, warehouseId: string): Promise<PositionInputs> {
    // Read once: what the transaction writes next may change it.
    const ready = this.prefetched(tx, productId, warehouseId, 'take');
    if (ready) return ready;
    await this.prefetches.get(tx)?.beforeRead?.();
    return (await this.inputsMany(tx, [{ productId, warehouseId }])).get(productWarehouseKey(productId, warehouseId)) as PositionInputs;
  }

  /**
   * Reads the inputs of many product@warehouse pairs in one statement and keeps them for `tx`: the next
   * `inputs` of each pair answers from them, once (a batch of positions; decision planning-007). Only for pairs
   * nothing else in the transaction changes before they are read, unless the change says so (`forget`).
   * `beforeRead` runs before any later read from the database in `tx`: the set-based evaluation writes the draft
   * lines and headers it holds back, so that read sees them (decision planning-013).
   */
  async prefetch(tx: EntityManager, keys: { productId: string; warehouseId: string }[], options: { beforeRead?: () => Promise<void> } = {}): Promise<void> {
    if (keys.length > 0) this.prefetches.set(tx, { inputs: await this.inputsMany(tx, keys), ...options });
  }

  /** What `prefetch` read of the pair and nothing changed since, without a query; `take` reads it once (as `inputs`). */
  prefetched(tx: EntityManager, productId: string, warehouseId: string, use: 'peek' | 'take'): PositionInputs | undefined {
    const prefetched = this.prefetches.get(tx);
    const key = productWarehouseKey(productId, warehouseId);
    const ready = prefetched?.inputs.get(key);
    if (ready && use === 'take') prefetched?.inputs.delete(key);
    return ready;
  }

  /** Drops what `prefetch` read of these pairs: an order of the transaction changed their inputs (a transfer's source, components). */
  forget(tx: EntityManager, keys: readonly { productId: string; warehouseId: string }[]): void {
    const prefetched = this.prefetches.get(tx);
    for (const k of keys) prefetched?.inputs.delete(productWarehouseKey(k.productId, k.warehouseId));
  }

  private async inputsMany(tx: EntityManager, keys: { productId: string; warehouseId: string }[]): Promise<Map<string, PositionInputs>> {
    const rows = await preparedRows<InputsRow>(
      tx,
      `SELECT u.p AS "productId", u.w AS "warehouseId", p.on_hand::text AS "onHand", p.incoming, p.outgoing, p.sequence, p.late_not_counted AS "lateNotCounted",
         (SELECT json_agg(json_build_object('quantity', l.quantity::text, 'mto', COALESCE(
             (SELECT json_agg(json_build_object('date', m.delivery_date::text, 'quantity', o.quantity::text))
              FROM planning.draft_origins o JOIN planning.mto_lines m ON m.sales_order_line_id = o.ref
              WHERE o.line_id = l.id AND o.kind = 'sales-order-line'), '[]'::json)))
          FROM planning.draft_lines l JOIN planning.draft_orders d ON d.id = l.draft_id
          WHERE l.product_id = u.p AND l.warehouse_id = u.w
            AND (d.state = 'draft' OR (d.state = 'confirmed' AND l.awaiting_position AND d.confirmed_at > now() - interval '${AWAITING_POSITION_GRACE}'))) AS lines,
         (SELECT sum(l.quantity)::text FROM planning.draft_lines l JOIN planning.draft_orders d ON d.id = l.draft_id
          WHERE d.type = 'transfer' AND d.state = 'draft' AND d.source_warehouse_id = u.w AND l.product_id = u.p) AS "transfersOut",
         (SELECT json_agg(json_build_object('line', l.id, 'orderDate', d.order_date::text, 'plannedDate', l.planned_date::text,
             'productionDelayDays', b.production_delay_days, 'quantity', l.quantity::text, 'per', e.c->>'quantity', 'output', b.output_qty::text,
             'uom', (SELECT stock_uom FROM planning.products WHERE id = u.p)))
          FROM planning.boms b
          CROSS JOIN LATERAL (
            SELECT o.id, o.order_date FROM planning.draft_orders o
            WHERE o.bom_id = b.id AND o.warehouse_id = u.w AND o.type = 'manufacturing' AND o.state = 'draft'
            UNION ALL
            SELECT o.id, o.order_date FROM planning.draft_orders o
            WHERE o.bom_id = b.id AND o.warehouse_id = u.w AND o.type = 'manufacturing' AND o.state = 'confirmed'
              AND o.confirmed_at > now() - interval '${AWAITING_POSITION_GRACE}'
              AND NOT EXISTS (SELECT 1 FROM planning.component_settlements s
                              WHERE s.confirmed_event_id = o.confirmed_event_id AND s.product_id = u.p AND s.warehouse_id = u.w)) AS d
          JOIN planning.draft_lines l ON l.draft_id = d.id AND l.product_id = b.product_id
          CROSS JOIN LATERAL jsonb_array_elements(b.components) AS e(c)
          WHERE b.components @> jsonb_build_array(jsonb_build_object('productId', u.p)) AND e.c->>'productId' = u.p) AS components
       FROM unnest($1::text[], $2::text[]) AS u(p, w) LEFT JOIN planning.stock_positions p ON p.product_id = u.p AND p.warehouse_id = u.w`,
      [keys.map((k) => k.productId), keys.map((k) => k.warehouseId)],
    );
    return new Map(rows.map((row) => [productWarehouseKey(row.productId, row.warehouseId), toInputs(row.productId, row)]));
  }
}

interface Prefetched {
  inputs: Map<string, PositionInputs>;
  beforeRead?: () => Promise<void>;
}

interface InputsRow {
  productId: string;
  warehouseId: string;
  onHand: string | null;
  incoming: Dated[] | null;
  outgoing: Dated[] | null;
  sequence: string | null;
  lines: { quantity: string; mto: Dated[] }[] | null;
  transfersOut: string | null;
  components: StoredComponentRow[] | null;
  lateNotCounted: { quantity: string; since: string } | null;
}

function toInputs(productId: string, row: InputsRow): PositionInputs {
  const lines = row.lines ?? [];
  const components = (row.components ?? []).map(({ orderDate, plannedDate, productionDelayDays, ...component }) => ({
    ...component, date: manufacturingStartDate({ orderDate, plannedDate, productionDelayDays }),
  }));
  return {
    onHand: row.onHand ?? '0',
    incoming: row.incoming ?? [],
    outgoing: row.outgoing ?? [],
    inProgress: inProgressQuantity(lines).toString(),
    mtoSupply: lines.flatMap((line) => line.mto),
    transfersOut: row.transfersOut ?? '0',
    componentDemand: componentDemandOf(productId, components),
    sequence: row.sequence != null ? Number(row.sequence) : null,
    ...(row.lateNotCounted ? { lateSupplyNotCounted: row.lateNotCounted } : {}),
  };
}

type Dated = { date: string; quantity: string };

/** A ComponentRow as read: the draft's dates and the BOM's delay, of which libs/domain makes the manufacturing start. */
type StoredComponentRow = Omit<ComponentRow, 'date'> & { orderDate: string | null; plannedDate: string; productionDelayDays: number };

/** One BOM line of `productId` on one manufacturing draft line (see `inputs`). */
export interface ComponentRow {
  line: string;
  /** The draft's manufacturing start (its order date, else its planned date minus the production delay). */
  date: string;
  /** The draft line's quantity of the finished product. */
  quantity: string;
  /** The BOM line's quantity of the component, per `output` of the finished product. */
  per: string;
  output: string;
  /** The component's stock UoM (its step rounds the demand); null for a product the catalog does not know. */
  uom: UomWire | null;
}

/**
 * The consumption of `productId` by each manufacturing draft line, dated at the draft's manufacturing start:
 * libs/domain's componentDemand over the line's BOM lines of the product (summed, then rounded up at the
 * product's step), exactly as the published draft's `components` (decision planning-009).
 */
export function componentDemandOf(productId: string, rows: readonly ComponentRow[]): Dated[] {
  const byLine = new Map<string, ComponentRow[]>();
  for (const r of rows) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
  const out: Dated[] = [];
  for (const entries of byLine.values()) {
    const first = entries[0] as ComponentRow;
    const uom = first.uom ? uomOf(first.uom) : uomOfCode('Units');
    const [demand] = componentDemand(first.quantity, { outputQuantity: first.output, components: entries.map((e) => ({ productId, quantity: e.per, uom })) });
    if (demand) out.push({ date: first.date, quantity: demand.quantity.toString() });
  }
  return out;
}
