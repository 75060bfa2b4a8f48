import type { draftOrderRaised, draftOrderUpdated, PayloadOf } from '@replenish/contracts';
import type { DraftOrder } from '../shared/domain.js';
import type { LoadedDraft } from './data-access/draft-order.repository.js';
import { priceTermsOf, purchaseTermsOf, type LineTerms } from './data-access/line-terms.js';
import { originChanges, summarize, toContractKind, type ContractOriginKind, type StoredOrigin } from './data-access/origin-summary.js';
import { withAmount } from './line-price.js';

export type DraftPayload = PayloadOf<typeof draftOrderRaised>;
/** What draft-order.updated (schema version 2) publishes: the lines a version changed (decision planning-025). */
export type DraftChangePayload = PayloadOf<typeof draftOrderUpdated>;

/**
 * The whole draft as events and the REST API show it. Events (`summed`) carry one origin per (kind, ref)
 * with the summed quantity (decision planning-005); the REST API shows every origin.
 */
export function draftPayload(header: LoadedDraft['header'], draft: DraftOrder, lineIds: Map<string, string>, summed: boolean, terms: LineTerms): DraftPayload {
  return {
    ...headerOf(header, draft),
    lines: draft.lines.map((l) => ({
      ...lineFieldsOf(header, l, lineIds, terms),
      origins: summed
        ? summarize(l.origins as StoredOrigin[]).map((e) => ({ kind: e.kind as ContractOriginKind, ref: e.ref, quantity: e.quantity, ...(e.eventId ? { eventId: e.eventId } : {}) }))
        : (l.origins as StoredOrigin[]).map((o) => ({ kind: toContractKind(o.kind), ref: o.id, quantity: o.quantity.toString(), ...(o.eventId ? { eventId: o.eventId } : {}) })),
    })),
  };
}

/**
 * What a version of an open draft changed, as draft-order.updated (schema version 2) publishes it: the header,
 * the `changed` products' lines as they are now with what the version did to their origins (`before`: their
 * origins before it), the lines it removed and how many are left (decision planning-025).
 */
export function draftChangePayload(
  header: LoadedDraft['header'], draft: DraftOrder, loaded: Pick<LoadedDraft, 'lineIds' | 'removed' | 'lineCount'>, changed: ReadonlySet<string>,
  before: ReadonlyMap<string, readonly StoredOrigin[]>, terms: LineTerms,
): DraftChangePayload {
  const removedLines = [...changed].flatMap((productId) => {
    const gone = draft.lines.some((l) => l.productId === productId) ? undefined : loaded.removed.get(productId);
    return gone ? [{ lineId: gone.lineId, productId }] : [];
  });
  return {
    ...headerOf(header, draft),
    lines: changedLinesOf(draft, changed).lines.map((l) => ({
      ...lineFieldsOf(header, l, loaded.lineIds, terms),
      originChanges: originChanges(before.get(l.productId) ?? [], l.origins as StoredOrigin[]),
    })),
    removedLines,
    lineCount: loaded.lineCount,
  };
}

/** The header fields of a draft's events and views. */
function headerOf(header: LoadedDraft['header'], draft: DraftOrder) {
  return {
    draftOrderId: header.id,
    type: header.type,
    topUpKey: header.topUpKey,
    ...(header.vendorId ? { vendorId: header.vendorId } : {}),
    ...(header.bomId ? { bomId: header.bomId } : {}),
    ...(header.sourceWarehouseId ? { sourceWarehouseId: header.sourceWarehouseId } : {}),
    warehouseId: header.warehouseId,
    state: draft.state,
    version: draft.version,
    ...(header.orderDate ? { orderDate: header.orderDate } : {}),
  };
}

/**
 * A line's own fields, without its origins. With `terms` (./data-access/line-terms.ts): a manufacturing draft's BOM
 * gives the line of the BOM's product its `components`, which inventory plans as outgoing once the draft is
 * confirmed (decision planning-009); a purchase draft's UoMs give each line its purchase quantity (domain-008), its
 * stored prices each line its unit price (planning-024) and, in the price's UoM, its amount. Without them, lines
 * carry none of these.
 */
function lineFieldsOf(header: LoadedDraft['header'], l: DraftOrder['lines'][number], lineIds: Map<string, string>, terms: LineTerms) {
  const components = header.type === 'manufacturing' ? terms.bom?.componentsOf(l.productId, l.quantity) : undefined;
  return withAmount({
    lineId: lineIds.get(l.productId) as string,
    productId: l.productId,
    quantity: l.quantity.toString(),
    uom: l.uom.code,
    plannedDate: l.plannedDate,
    ...(components ? { components } : {}),
    ...(header.type === 'purchase' ? { ...purchaseTermsOf(terms, l.productId, l.quantity, l.uom), ...priceTermsOf(terms, l.productId) } : {}),
  });
}

/** The draft with only the lines of `products` (what draft-order.updated publishes, and needs terms for). */
export function changedLinesOf(draft: DraftOrder, products: ReadonlySet<string>): DraftOrder {
  return { ...draft, lines: draft.lines.filter((l) => products.has(l.productId)) };
}

/** Each line's origins as loaded: none for a top-up (compact), every one for a shrink (decision planning-025). */
export function originsBefore(draft: DraftOrder): Map<string, readonly StoredOrigin[]> {
  return new Map(draft.lines.map((l) => [l.productId, l.origins as readonly StoredOrigin[]]));
}
