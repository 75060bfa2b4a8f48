import { MrpCycleError } from './mrp-errors.js';
import type { MrpUnplanned } from './mrp-types.js';
import { siteName, type PreparedItem } from './prepared-item.js';

/** The product-sites of a run ordered by level, and who feeds whom. */
export interface Levels {
  /** Every item, by low-level code, then product id, then warehouse id: parents always before their children. */
  readonly order: readonly PreparedItem[];
  readonly lowLevelCode: ReadonlyMap<string, number>;
  /** Planned product-sites each one feeds (components, by-products, transfer sources, a BWS's components). */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** The reverse: planned product-sites each one is fed by, sorted by key. */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly unplanned: readonly MrpUnplanned[];
}

/**
 * Low-level codes (docs/semantics.md, "MRP run"): a product-site's level is one more than its deepest parent's, so
 * that when the run reaches it every parent has planned its orders and their requirements are all known. A parent
 * feeds its BOM's components and by-products (manufacture, subcontract, phantom), a transfer feeds its source site,
 * a by-product's BWS feeds its maker's components, and a maker feeds its by-products. Loops throw MrpCycleError.
 */
export function computeLevels(items: ReadonlyMap<string, PreparedItem>): Levels {
  const children = new Map<string, string[]>();
  const unplanned: MrpUnplanned[] = [];
  const unplannedSeen = new Set<string>();
  const link = (from: PreparedItem, to: string, productId: string, warehouseId: string): void => {
    if (!items.has(to)) {
      const k = to + '\u0002' + from.key;
      if (!unplannedSeen.has(k)) {
        unplannedSeen.add(k);
        unplanned.push({ productId, warehouseId, requiredBy: { productId: from.productId, warehouseId: from.warehouseId } });
      }
      return;
    }
    let list = children.get(from.key);
    if (list === undefined) children.set(from.key, (list = []));
    if (!list.includes(to)) list.push(to);
  };
  for (const item of items.values()) {
    if (item.bom !== null) {
      for (const line of item.bom.lines) link(item, line.key, line.productId, item.warehouseId);
      if (!item.phantom) for (const b of item.bom.byProducts) link(item, b.key, b.productId, item.warehouseId);
    }
    if (item.transferSourceKey !== null) link(item, item.transferSourceKey, item.productId, item.item.sourceWarehouseId as string);
    if (item.makerKey !== null) {
      const maker = items.get(item.makerKey);
      if (maker === undefined || maker.bom === null) link(item, item.makerKey, item.item.byProductOf as string, item.warehouseId);
      else {
        link(maker, item.key, item.productId, item.warehouseId);
        for (const line of maker.bom.lines) link(item, line.key, line.productId, item.warehouseId);
      }
    }
  }

  const indegree = new Map<string, number>();
  for (const key of items.keys()) indegree.set(key, 0);
  for (const list of children.values()) for (const c of list) indegree.set(c, (indegree.get(c) as number) + 1);
  const lowLevelCode = new Map<string, number>();
  const queue: string[] = [];
  for (const [key, n] of indegree) if (n === 0) {
    queue.push(key);
    lowLevelCode.set(key, 0);
  }
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head] as string;
    const level = lowLevelCode.get(key) as number;
    for (const c of children.get(key) ?? []) {
      if ((lowLevelCode.get(c) ?? -1) < level + 1) lowLevelCode.set(c, level + 1);
      const left = (indegree.get(c) as number) - 1;
      indegree.set(c, left);
      if (left === 0) queue.push(c);
    }
  }
  if (queue.length < items.size) throw new MrpCycleError(findCycle(items, children, indegree));

  const parents = new Map<string, string[]>();
  for (const [from, list] of children) for (const to of list) {
    let p = parents.get(to);
    if (p === undefined) parents.set(to, (p = []));
    p.push(from);
  }
  for (const p of parents.values()) p.sort();
  const order = [...items.values()].sort(
    (a, b) => (lowLevelCode.get(a.key) as number) - (lowLevelCode.get(b.key) as number) || compare(a.productId, b.productId) || compare(a.warehouseId, b.warehouseId),
  );
  return { order, lowLevelCode, children, parents, unplanned };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A loop among the product-sites Kahn's walk could not reach, as names, the first repeated last. */
function findCycle(items: ReadonlyMap<string, PreparedItem>, children: ReadonlyMap<string, readonly string[]>, indegree: ReadonlyMap<string, number>): string[] {
  const stuck = [...indegree].filter(([, n]) => n > 0).map(([k]) => k).sort();
  const onPath = new Map<string, number>();
  const path: string[] = [];
  const done = new Set<string>();
  const visit = (key: string): string[] | null => {
    const at = onPath.get(key);
    if (at !== undefined) return [...path.slice(at), key];
    if (done.has(key)) return null;
    onPath.set(key, path.length);
    path.push(key);
    for (const c of children.get(key) ?? []) {
      const found = visit(c);
      if (found !== null) return found;
    }
    path.pop();
    onPath.delete(key);
    done.add(key);
    return null;
  };
  for (const start of stuck) {
    const cycle = visit(start);
    if (cycle !== null) return cycle.map((k) => siteName(items.get(k) as PreparedItem));
  }
  return stuck.map((k) => siteName(items.get(k) as PreparedItem));
}
