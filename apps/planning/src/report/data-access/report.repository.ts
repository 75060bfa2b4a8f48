import type { EntityManager } from 'typeorm';
import { preparedRow, preparedRows } from '../../shared/db.js';

/** The report's filters that SQL answers from the rules and the catalog, before any evaluation. */
export interface ReportFilter {
  warehouseId?: string;
  productId?: string;
  /** The vendor a bought rule orders from: its own vendorId, else its product's first supplier (sequence, price, vendor). */
  vendorId?: string;
  /** buy, manufacture or resupply: the rule's route, else its product's first supply route. */
  route?: 'buy' | 'manufacture' | 'resupply';
}

export type ReportSort = 'productId' | 'warehouseId';
export type SortOrder = 'asc' | 'desc';

/** Where a page starts: after this rule in the sort order. */
export interface RuleKey {
  productId: string;
  warehouseId: string;
}

/**
 * The route a rule resolves to, as SupplyResolver does: its own, else the product's first route that is not mto. The
 * vendor of a bought rule, as selectSupplier without a quantity: its own, else the first supplier by sequence, price
 * and vendor id (the order CatalogRepository reads them in; "C" compares ids as JavaScript does).
 */
const ROUTE = `COALESCE(r.route, (array_remove(p.routes, 'mto'))[1])`;
const FIRST_SUPPLIER = `(SELECT s.vendor_id FROM planning.supplier_infos s WHERE s.product_id = r.product_id ORDER BY s.sequence, s.price, s.vendor_id COLLATE "C" LIMIT 1)`;

/**
 * The manual rules of the replenishment report, filtered, sorted and paged in SQL (decision planning-015): only the
 * rules of a page are evaluated. Keyset paging on (product, warehouse) or (warehouse, product), each with its partial
 * index over manual rules, so a page costs the same at any depth. Up to `limit` rule keys after `after`, in the sort order.
 */
export function reportRulesPage(tx: EntityManager, f: ReportFilter, sort: ReportSort, order: SortOrder, after: RuleKey | undefined, limit: number): Promise<RuleKey[]> {
  const { where, params } = whereOf(f);
  const [first, second] = sort === 'productId' ? ['r.product_id', 'r.warehouse_id'] : ['r.warehouse_id', 'r.product_id'];
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  if (after) {
    params.push(sort === 'productId' ? after.productId : after.warehouseId, sort === 'productId' ? after.warehouseId : after.productId);
    where.push(`(${first}, ${second}) ${order === 'asc' ? '>' : '<'} ($${params.length - 1}, $${params.length})`);
  }
  params.push(limit);
  return preparedRows<RuleKey>(tx, `SELECT r.product_id AS "productId", r.warehouse_id AS "warehouseId" ${fromWhere(where)}
    ORDER BY ${first} ${dir}, ${second} ${dir} LIMIT $${params.length}`, params);
}

/** How many manual rules match the report's filters (snoozed ones and those suggesting nothing included). */
export async function countReportRules(tx: EntityManager, f: ReportFilter): Promise<number> {
  const { where, params } = whereOf(f);
  const row = await preparedRow<{ n: string }>(tx, `SELECT count(*) AS n ${fromWhere(where)}`, params);
  return Number(row?.n ?? 0);
}

/** The products are joined only for the filters that read their routes: a count of one warehouse's rules stays on its index. */
const fromWhere = (where: string[]): string =>
  `FROM planning.reordering_rules r ${where.some((w) => w.includes('p.routes')) ? 'JOIN planning.products p ON p.id = r.product_id ' : ''}WHERE ${where.join(' AND ')}`;

function whereOf(f: ReportFilter): { where: string[]; params: unknown[] } {
  const where = [`r.trigger = 'manual'`];
  const params: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.warehouseId !== undefined) add((n) => `r.warehouse_id = ${n}`, f.warehouseId);
  if (f.productId !== undefined) add((n) => `r.product_id = ${n}`, f.productId);
  if (f.route === 'resupply') where.push(`${ROUTE} LIKE 'resupply:%'`);
  else if (f.route !== undefined) add((n) => `${ROUTE} = ${n}`, f.route);
  if (f.vendorId !== undefined) {
    // The supplier_infos index finds the products the vendor supplies; only those are compared with their first supplier.
    add((n) => `${ROUTE} = 'buy' AND (r.vendor_id = ${n} OR (r.vendor_id IS NULL
      AND r.product_id IN (SELECT s.product_id FROM planning.supplier_infos s WHERE s.vendor_id = ${n}) AND ${FIRST_SUPPLIER} = ${n}))`, f.vendorId);
  }
  return { where, params };
}
