import { dec, type Decimal, type Origin } from '../../shared/domain.js';

export type ContractOriginKind = 'rule' | 'sales-order-line' | 'mps' | 'manual' | 'mrp';
/**
 * Domain origin plus what planning keeps beside it: the evaluation that decided the quantity, and, for an
 * entry of a line's summary, how many origins it sums (eventId and evaluationId only when it is one).
 */
export type StoredOrigin = Origin & { evaluationId?: string; count?: number };

export const toContractKind = (k: Origin['kind']): ContractOriginKind => (k === 'salesOrderLine' ? 'sales-order-line' : k);
export const toDomainKind = (k: string): Origin['kind'] => (k === 'sales-order-line' ? 'salesOrderLine' : (k as Origin['kind']));

/**
 * A line's origins summed per (kind, ref): stored in draft_lines.origins_summary (to top a line up without
 * reading its every origin) and published in draft events (which would otherwise grow by one origin per
 * top-up; decisions planning-005 and planning-007).
 */
export interface SummaryEntry {
  kind: string;
  ref: string;
  quantity: string;
  count: number;
  eventId?: string;
  evaluationId?: string;
  salesOrderId?: string;
}

/** One entry per (kind, ref) in order of first appearance, summed; event and evaluation kept for a single origin. */
export function summarize(origins: StoredOrigin[]): SummaryEntry[] {
  const byRef = new Map<string, { kind: string; ref: string; quantity: Decimal; count: number; eventId?: string; evaluationId?: string; salesOrderId?: string }>();
  for (const o of origins) {
    const k = `${o.kind}|${o.id}`;
    const seen = byRef.get(k);
    if (!seen) {
      byRef.set(k, {
        kind: toContractKind(o.kind), ref: o.id, quantity: o.quantity, count: o.count ?? 1,
        ...(o.eventId ? { eventId: o.eventId } : {}), ...(o.evaluationId ? { evaluationId: o.evaluationId } : {}), ...(o.salesOrderId ? { salesOrderId: o.salesOrderId } : {}),
      });
      continue;
    }
    byRef.set(k, {
      kind: seen.kind, ref: seen.ref, quantity: seen.quantity.plus(o.quantity), count: seen.count + (o.count ?? 1),
      ...(seen.salesOrderId ?? o.salesOrderId ? { salesOrderId: seen.salesOrderId ?? o.salesOrderId } : {}),
    });
  }
  return [...byRef.values()].map((e) => ({ ...e, quantity: e.quantity.toString() }));
}


export const fromSummary = (e: SummaryEntry): StoredOrigin => ({
  kind: toDomainKind(e.kind), id: e.ref, quantity: dec(e.quantity), count: e.count,
  ...(e.eventId ? { eventId: e.eventId } : {}), ...(e.evaluationId ? { evaluationId: e.evaluationId } : {}), ...(e.salesOrderId ? { salesOrderId: e.salesOrderId } : {}),
});
