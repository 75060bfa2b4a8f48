import { productWarehouseKey, stockPositionChanged, type EventEnvelope } from '@replenish/contracts';
import type { Dependent, Supply } from '../catalog/index.js';
import { salesLineName } from '../shared/domain.js';

/**
 * Propagation of a draft's new demand down every BOM level and transfer chain (decision planning-016): the pure
 * parts, the graph of product-sites a draft reaches and the order they are evaluated in.
 */

export interface Site {
  readonly productId: string;
  readonly warehouseId: string;
}

export const siteKey = (s: Site): string => productWarehouseKey(s.productId, s.warehouseId);

/** A product-site a propagation reaches: why (the cause of its first edge) and from which product-sites. */
export interface Reached<P> {
  readonly site: Dependent;
  readonly parents: string[];
  /** What the caller prepared of it while discovering (its rule and supply). */
  readonly prepared: P;
}

/**
 * Every product-site reachable from `origin` through `childrenOf` (a draft of the site's rule puts demand on its
 * children), each once, `origin` excluded: a transfer cycle back to it, or to any site reached, is cut there.
 */
export async function reach<P>(
  origin: Site,
  firstChildren: readonly Dependent[],
  childrenOf: (site: Dependent) => Promise<{ prepared: P; children: readonly Dependent[] }>,
): Promise<Map<string, Reached<P>>> {
  const originKey = siteKey(origin);
  const out = new Map<string, Reached<P>>();
  const pending: { site: Dependent; parent: string }[] = firstChildren.map((site) => ({ site, parent: originKey }));
  while (pending.length > 0) {
    const { site, parent } = pending.shift() as { site: Dependent; parent: string };
    const k = siteKey(site);
    if (k === originKey) continue;
    const known = out.get(k);
    if (known) {
      if (!known.parents.includes(parent)) known.parents.push(parent);
      continue;
    }
    const { prepared, children } = await childrenOf(site);
    out.set(k, { site, parents: [parent], prepared });
    for (const c of children) pending.push({ site: c, parent: k });
  }
  return out;
}

/**
 * The keys of `reached` in low-level-code order: a site after every parent it has among them (Kahn's order; ties
 * in the order reached). Sites on a transfer cycle have no such order: they follow, in the order reached, and the
 * cycle is cut at the first of them evaluated (each site is evaluated once per propagation).
 */
export function lowLevelOrder(reached: ReadonlyMap<string, { readonly parents: readonly string[] }>): string[] {
  const waiting = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const [k, r] of reached) {
    const inside = r.parents.filter((p) => reached.has(p));
    waiting.set(k, inside.length);
    for (const p of inside) children.set(p, [...(children.get(p) ?? []), k]);
  }
  const out: string[] = [];
  const ready = [...reached.keys()].filter((k) => waiting.get(k) === 0);
  while (ready.length > 0) {
    const k = ready.shift() as string;
    out.push(k);
    for (const c of children.get(k) ?? []) {
      const left = (waiting.get(c) as number) - 1;
      waiting.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  const placed = new Set(out);
  return [...out, ...[...reached.keys()].filter((k) => !placed.has(k))];
}

const DRAFT_KIND: Record<Supply['route'], string> = { buy: 'purchase', manufacture: 'manufacturing', resupply: 'transfer' };

/** A step of a propagation's chain: the draft a site's order went to. */
export function draftStep(site: Site, route: Supply['route'], draftId: string | undefined): string {
  return `${DRAFT_KIND[route]} draft ${draftId ?? '(new)'} of ${site.productId} at ${site.warehouseId}`;
}

/**
 * The first step of a chain: what caused it (a sales order line by its name, inventory's stock position by its
 * product, warehouse and sequence, else the event by type and id).
 */
export function causeStep(causedBy: EventEnvelope | undefined, site: Site): string {
  if (!causedBy) return `an evaluation of ${site.productId} at ${site.warehouseId}`;
  const p = causedBy.payload as {
    salesOrderId?: string; orderRef?: string; sequence?: number; lines?: { lineId?: string; lineRef?: string; lineNo?: number; productId?: string; warehouseId?: string }[];
  } | null;
  if (causedBy.type === stockPositionChanged.type) return `stock position ${p?.sequence ?? causedBy.id} of ${site.productId} at ${site.warehouseId}`;
  const line = p?.salesOrderId && Array.isArray(p.lines) ? p.lines.find((l) => l.productId === site.productId && l.warehouseId === site.warehouseId) : undefined;
  if (p?.salesOrderId && line?.lineId) {
    return salesLineName({ salesOrderId: p.salesOrderId, lineId: line.lineId, orderRef: p.orderRef ?? null, lineRef: line.lineRef ?? null, lineNo: line.lineNo ?? null });
  }
  return `${causedBy.type} ${causedBy.id}`;
}

/**
 * Every product-site reached from the rules of `prepared` through `childrenOf`, level by level, each once (cycles
 * end there), not counting those already in `prepared`; what `prepareMany` reads of them is added to `prepared`.
 * A batch locks their rule keys up front, before any draft key (planning-013's lock order).
 */
export async function reachAll<P>(
  prepared: Map<string, P>,
  childrenOf: (p: P) => Promise<readonly Site[]>,
  prepareMany: (sites: Site[]) => Promise<Map<string, P>>,
): Promise<Site[]> {
  const seen = new Set(prepared.keys());
  const out: Site[] = [];
  let frontier = [...prepared.values()];
  while (frontier.length > 0) {
    const next: Site[] = [];
    for (const p of frontier) {
      for (const c of await childrenOf(p)) {
        if (seen.has(siteKey(c))) continue;
        seen.add(siteKey(c));
        next.push({ productId: c.productId, warehouseId: c.warehouseId });
      }
    }
    out.push(...next);
    const read = next.length > 0 ? await prepareMany(next) : new Map<string, P>();
    for (const [k, r] of read) prepared.set(k, r);
    frontier = [...read.values()];
  }
  return out;
}

/** A product-site waiting for its wave: why (its cause, the chain from the causing document) and which event caused it. */
export interface PendingSite {
  readonly site: Dependent | (Site & { readonly cause: string });
  /** Absent for a site the batch evaluates for its own event (a stock position): its evaluation names no chain. */
  readonly chain?: readonly string[];
  readonly causedBy?: EventEnvelope;
}

/**
 * A batch's propagation, evaluated in waves (planning-016 addendum): the product-sites whose demand or position
 * changed and that no wave evaluated yet, and those a wave evaluated (each once per batch: a transfer cycle is cut
 * where it comes back).
 */
export class Propagation {
  readonly pending = new Map<string, PendingSite>();
  /** Sites evaluated in a wave, with what they were evaluated for (the chain their own orders extend). */
  readonly evaluated = new Map<string, PendingSite>();

  /** Marks a site for a later wave, unless a wave evaluated it already or it waits already (the first cause stays). */
  add(p: PendingSite): void {
    const k = siteKey(p.site);
    if (!this.evaluated.has(k) && !this.pending.has(k)) this.pending.set(k, p);
  }

  /** Takes these pending sites out for a wave. */
  take(keys: readonly string[]): PendingSite[] {
    const out: PendingSite[] = [];
    for (const k of keys) {
      const p = this.pending.get(k);
      if (!p) continue;
      this.pending.delete(k);
      this.evaluated.set(k, p);
      out.push(p);
    }
    return out;
  }

  /** What the site is being evaluated for, while its wave runs. */
  of(site: Site): PendingSite | undefined {
    return this.evaluated.get(siteKey(site));
  }

  /**
   * The chain a site's order passes on to its children: the chain it was evaluated for, or (the draft that started
   * it: a make-to-order line, a rule evaluated outside the waves) its causing document, then its draft.
   */
  chainFrom(site: Site, route: Supply['route'], draftId: string | undefined, causedBy: EventEnvelope | undefined): string[] {
    const own = this.of(site)?.chain;
    return [...(own ? own.slice(0, -1) : [causeStep(causedBy, site)]), draftStep(site, route, draftId)];
  }
}

const propagations = new WeakMap<object, Propagation>();

/** From now on, a draft's new demand in `tx` waits for the batch's waves (see `Propagation`), until `endPropagation`. */
export function startPropagation(tx: object): Propagation {
  const p = new Propagation();
  propagations.set(tx, p);
  return p;
}

export const propagationOf = (tx: object): Propagation | undefined => propagations.get(tx);

export function endPropagation(tx: object): void {
  propagations.delete(tx);
}

/**
 * The wave of each key of `reached`: a site's wave comes after every wave of its parents among them (its low-level
 * code in this graph: the longest path to it). Sites on a transfer cycle follow, one wave each, in the order reached.
 */
export function waveOf(reached: ReadonlyMap<string, { readonly parents: readonly string[] }>): Map<string, number> {
  const out = new Map<string, number>();
  let last = -1;
  for (const k of lowLevelOrder(reached)) {
    const parents = (reached.get(k) as { parents: readonly string[] }).parents.filter((p) => reached.has(p));
    const placed = parents.every((p) => out.has(p));
    const wave = placed ? Math.max(0, ...parents.map((p) => (out.get(p) as number) + 1)) : last + 1;
    out.set(k, wave);
    last = Math.max(last, wave);
  }
  return out;
}
