import { dec, type Decimal, type Origin } from '../../shared/domain.js';

export type ContractOriginKind = 'rule' | 'sales-order-line' | 'mps' | 'manual' | 'mrp';
/** Domain origin plus what planning keeps beside it: the evaluation that decided the quantity. */
export type StoredOrigin = Origin & { evaluationId?: string };

export const toContractKind = (k: Origin['kind']): ContractOriginKind => (k === 'salesOrderLine' ? 'sales-order-line' : k);
export const toDomainKind = (k: string): Origin['kind'] => (k === 'sales-order-line' ? 'salesOrderLine' : (k as Origin['kind']));

/**
 * A line's origins summed per (kind, ref), as whole drafts are published (their events would otherwise grow by one
 * origin per top-up; decision planning-005).
 */
export interface SummaryEntry {
  kind: string;
  ref: string;
  quantity: string;
  eventId?: string;
  evaluationId?: string;
  salesOrderId?: string;
}

/** One entry per (kind, ref) in order of first appearance, summed; event and evaluation kept for a single origin. */
export function summarize(origins: readonly StoredOrigin[]): SummaryEntry[] {
  const byRef = new Map<string, { kind: string; ref: string; quantity: Decimal; eventId?: string; evaluationId?: string; salesOrderId?: string }>();
  for (const o of origins) {
    const k = `${o.kind}|${o.id}`;
    const seen = byRef.get(k);
    if (!seen) {
      byRef.set(k, {
        kind: toContractKind(o.kind), ref: o.id, quantity: o.quantity,
        ...(o.eventId ? { eventId: o.eventId } : {}), ...(o.evaluationId ? { evaluationId: o.evaluationId } : {}), ...(o.salesOrderId ? { salesOrderId: o.salesOrderId } : {}),
      });
      continue;
    }
    byRef.set(k, {
      kind: seen.kind, ref: seen.ref, quantity: seen.quantity.plus(o.quantity),
      ...(seen.salesOrderId ?? o.salesOrderId ? { salesOrderId: seen.salesOrderId ?? o.salesOrderId } : {}),
    });
  }
  return [...byRef.values()].map((e) => ({ ...e, quantity: e.quantity.toString() }));
}


/** What one version did to a line's origins of one (kind, ref) (draft-order.updated's `originChanges`). */
export interface OriginChange {
  kind: ContractOriginKind;
  ref: string;
  /** Signed: the (kind, ref)'s summed quantity after the version minus before it. */
  quantity: string;
  eventId?: string;
}

/**
 * The (kind, ref) entries whose sums moved from `before` to `after`, in `after`'s order, then those that went
 * (decision planning-025). A top-up loads no origin, so `before` is empty and the cost is that of what it added;
 * a shrink loads every origin of the line and diffs them. The event id stays when one origin of one event is the
 * whole change.
 */
export function originChanges(before: readonly StoredOrigin[], after: readonly StoredOrigin[]): OriginChange[] {
  const was = new Map(summarize(before).map((e) => [`${e.kind}|${e.ref}`, e]));
  const changes: OriginChange[] = [];
  for (const e of summarize(after)) {
    const key = `${e.kind}|${e.ref}`;
    const b = was.get(key);
    was.delete(key);
    const moved = b ? dec(e.quantity).minus(b.quantity) : dec(e.quantity);
    if (moved.isZero()) continue;
    changes.push({ kind: e.kind as ContractOriginKind, ref: e.ref, quantity: moved.toString(), ...(!b && e.eventId ? { eventId: e.eventId } : {}) });
  }
  for (const b of was.values()) changes.push({ kind: b.kind as ContractOriginKind, ref: b.ref, quantity: dec(b.quantity).neg().toString() });
  return changes;
}
