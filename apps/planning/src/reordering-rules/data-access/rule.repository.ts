import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { productWarehouseKey } from '@replenish/contracts';
import { runWrites, type Statement } from '@replenish/messaging';
import { preparedRow, preparedRows } from '../../shared/db.js';

export interface RuleRow {
  id: string;
  productId: string;
  warehouseId: string;
  min: string;
  max: string;
  multiple: string;
  trigger: 'automatic' | 'manual';
  route: string | null;
  vendorId: string | null;
  bomId: string | null;
  visibilityDays: number;
  snoozedUntil: string | null;
}

const COLS = `id, product_id AS "productId", warehouse_id AS "warehouseId", min_qty::text AS min, max_qty::text AS max,
  multiple::text AS multiple, trigger, route, vendor_id AS "vendorId", bom_id AS "bomId", visibility_days AS "visibilityDays",
  snoozed_until::text AS "snoozedUntil"`;

export interface EvaluationRow {
  id: string;
  ruleId: string | null;
  productId: string;
  warehouseId: string;
  cause: string;
  eventId?: string;
  triggered: boolean;
  quantity: string;
  explanation: unknown;
}

@Injectable()
export class RuleRepository {
  private readonly pending = new WeakMap<EntityManager, EvaluationRow[]>();

  byId(tx: EntityManager, id: string): Promise<RuleRow | undefined> {
    return preparedRow<RuleRow>(tx, `SELECT ${COLS} FROM planning.reordering_rules WHERE id = $1`, [id]);
  }

  byKey(tx: EntityManager, productId: string, warehouseId: string): Promise<RuleRow | undefined> {
    return preparedRow<RuleRow>(tx, `SELECT ${COLS} FROM planning.reordering_rules WHERE product_id = $1 AND warehouse_id = $2`, [productId, warehouseId]);
  }

  list(tx: EntityManager, f: { productId?: string; warehouseId?: string; trigger?: string }): Promise<RuleRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [col, v] of [['product_id', f.productId], ['warehouse_id', f.warehouseId], ['trigger', f.trigger]] as const) {
      if (v === undefined) continue;
      params.push(v);
      where.push(`${col} = $${params.length}`);
    }
    return preparedRows<RuleRow>(tx, `SELECT ${COLS} FROM planning.reordering_rules ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY product_id, warehouse_id`, params);
  }

  insert(tx: EntityManager, r: RuleRow): Promise<RuleRow | undefined> {
    return preparedRow<RuleRow>(
      tx,
      `INSERT INTO planning.reordering_rules (id, product_id, warehouse_id, min_qty, max_qty, multiple, trigger, route, vendor_id, bom_id, visibility_days, snoozed_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLS}`,
      [r.id, r.productId, r.warehouseId, r.min, r.max, r.multiple, r.trigger, r.route, r.vendorId, r.bomId, r.visibilityDays, r.snoozedUntil],
    );
  }

  update(tx: EntityManager, r: RuleRow): Promise<RuleRow | undefined> {
    return preparedRow<RuleRow>(
      tx,
      `UPDATE planning.reordering_rules SET min_qty = $2, max_qty = $3, multiple = $4, trigger = $5, route = $6, vendor_id = $7,
         bom_id = $8, visibility_days = $9, snoozed_until = $10, updated_at = now()
       WHERE id = $1 RETURNING ${COLS}`,
      [r.id, r.min, r.max, r.multiple, r.trigger, r.route, r.vendorId, r.bomId, r.visibilityDays, r.snoozedUntil],
    );
  }

  async delete(tx: EntityManager, id: string): Promise<boolean> {
    return (await preparedRows(tx, `DELETE FROM planning.reordering_rules WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  async markMpsPlanned(tx: EntityManager, productId: string, warehouseId: string): Promise<void> {
    await preparedRows(tx, `INSERT INTO planning.mps_planned (product_id, warehouse_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [productId, warehouseId]);
  }

  async unmarkMpsPlanned(tx: EntityManager, productId: string, warehouseId: string): Promise<boolean> {
    return (await preparedRows(tx, `DELETE FROM planning.mps_planned WHERE product_id = $1 AND warehouse_id = $2 RETURNING product_id`, [productId, warehouseId])).length > 0;
  }

  mpsPlanned(tx: EntityManager): Promise<{ productId: string; warehouseId: string }[]> {
    return preparedRows(tx, `SELECT product_id AS "productId", warehouse_id AS "warehouseId" FROM planning.mps_planned ORDER BY 1, 2`);
  }

  /** The rules of these product@warehouse pairs, in one query, by productWarehouseKey. */
  async byKeys(tx: EntityManager, keys: { productId: string; warehouseId: string }[]): Promise<Map<string, RuleRow>> {
    const rows = await preparedRows<RuleRow>(
      tx,
      `SELECT ${COLS} FROM planning.reordering_rules r
       WHERE (product_id, warehouse_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.productId), keys.map((k) => k.warehouseId)],
    );
    return new Map(rows.map((r) => [productWarehouseKey(r.productId, r.warehouseId), r]));
  }

  /**
   * Every product-site reachable from `sites` through automatic rules, with its rule (null: none), in one statement:
   * a site's children are the components of every BOM of its product (at its warehouse) and the source warehouse of
   * every resupply route of its product or rule. A superset of what `SupplyResolver.dependents` gives for the rules'
   * own supply (one BOM, one route): a batch reads its propagation's closure with it once instead of level by level
   * (decision planning-016), and what it read beyond is never evaluated. Cycles end where a site comes back.
   */
  async closureOf(tx: EntityManager, sites: readonly { productId: string; warehouseId: string }[]): Promise<{ sites: { productId: string; warehouseId: string }[]; rules: Map<string, RuleRow> }> {
    const rows = await preparedRows<{ siteProductId: string; siteWarehouseId: string } & ({ [K in keyof RuleRow]: RuleRow[K] | null })>(
      tx,
      `WITH RECURSIVE reach(product_id, warehouse_id) AS (
         SELECT * FROM unnest($1::text[], $2::text[])
         UNION
         SELECT n.product_id, n.warehouse_id
         FROM reach s
         JOIN planning.reordering_rules r ON r.product_id = s.product_id AND r.warehouse_id = s.warehouse_id AND r.trigger = 'automatic'
         CROSS JOIN LATERAL (
           SELECT c->>'productId', s.warehouse_id FROM planning.boms b, jsonb_array_elements(b.components) c WHERE b.product_id = s.product_id
           UNION ALL
           SELECT s.product_id, substr(x, length('resupply:') + 1) FROM planning.products p, unnest(array_append(p.routes, r.route)) x
           WHERE p.id = s.product_id AND x LIKE 'resupply:%'
         ) AS n(product_id, warehouse_id))
       SELECT s.product_id AS "siteProductId", s.warehouse_id AS "siteWarehouseId", r.*
       FROM reach s LEFT JOIN LATERAL (
         -- OFFSET 0: one index lookup per site, not a hash of every rule
         SELECT ${COLS} FROM planning.reordering_rules WHERE product_id = s.product_id AND warehouse_id = s.warehouse_id OFFSET 0) r ON true`,
      [sites.map((k) => k.productId), sites.map((k) => k.warehouseId)],
    );
    const rules = new Map<string, RuleRow>();
    for (const { siteProductId, siteWarehouseId, ...rule } of rows) {
      if (rule.id !== null) rules.set(productWarehouseKey(siteProductId, siteWarehouseId), rule as RuleRow);
    }
    return { sites: rows.map((r) => ({ productId: r.siteProductId, warehouseId: r.siteWarehouseId })), rules };
  }

  /**
   * From now on `saveEvaluation` on `tx` keeps evaluations until `takeEvaluations`, which gives them as one
   * insert (a consumer batch; decisions planning-007 and messaging-007).
   */
  beginBatch(tx: EntityManager): void {
    this.pending.set(tx, []);
  }

  /** Ends the batch: its evaluations as one insert, for the caller to run with its other writes (`runWrites`). */
  takeEvaluations(tx: EntityManager): Statement | undefined {
    const rows = this.pending.get(tx) ?? [];
    this.pending.delete(tx);
    return evaluationsInsert(rows);
  }

  async saveEvaluation(tx: EntityManager, e: EvaluationRow): Promise<void> {
    const pending = this.pending.get(tx);
    if (pending) pending.push(e);
    else await runWrites(tx, [evaluationsInsert([e])]);
  }
}

function evaluationsInsert(rows: EvaluationRow[]): Statement | undefined {
  if (rows.length === 0) return undefined;
  return {
    text: `INSERT INTO planning.rule_evaluations (id, rule_id, product_id, warehouse_id, cause, event_id, triggered, quantity, explanation)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::numeric[], $9::jsonb[])`,
    params: [
      rows.map((e) => e.id), rows.map((e) => e.ruleId), rows.map((e) => e.productId), rows.map((e) => e.warehouseId), rows.map((e) => e.cause),
      rows.map((e) => e.eventId ?? null), rows.map((e) => e.triggered), rows.map((e) => e.quantity), rows.map((e) => JSON.stringify(e.explanation)),
    ],
  };
}
export { COLS as RULE_COLS };
