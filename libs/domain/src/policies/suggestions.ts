import type { IsoDate } from '../dates/iso-date.js';
import { Decimal } from '../quantity/decimal.js';
import type { SuggestionType } from './reorder-policy.js';

/** POS purchase, WOS work order, TRS transfer, BWS work order triggered by a by-product. */
export type SuggestionKind = 'POS' | 'WOS' | 'TRS' | 'BWS';

/** The suggestion a replenishment route gives. */
export function suggestionKindFor(route: 'buy' | 'manufacture' | 'transfer' | 'byProduct'): SuggestionKind {
  switch (route) {
    case 'buy':
      return 'POS';
    case 'manufacture':
      return 'WOS';
    case 'transfer':
      return 'TRS';
    case 'byProduct':
      return 'BWS';
  }
}

/** Production suggestions are the ones shrinkage grosses up. */
export function isProductionKind(kind: SuggestionKind): boolean {
  return kind === 'WOS' || kind === 'BWS';
}

/** What a suggestion type lets the run generate, for the parent and for its BOM components. */
export interface SuggestionTypeEffects {
  readonly parentSuggestions: boolean;
  readonly parentRequirements: boolean;
  readonly componentRequirements: boolean;
  readonly componentSuggestions: boolean;
}

/**
 * From the document: no processing = nothing for the product and its components; with MRP pegging =
 * suggestions for the parent, trace requirements and suggestions for the components; without MRP pegging =
 * parent suggestions only; MRP pegging only = requirements for the parent, no suggestions.
 */
export function suggestionTypeEffects(type: SuggestionType): SuggestionTypeEffects {
  switch (type) {
    case 'noProcessing':
      return { parentSuggestions: false, parentRequirements: false, componentRequirements: false, componentSuggestions: false };
    case 'withMrpPegging':
      return { parentSuggestions: true, parentRequirements: true, componentRequirements: true, componentSuggestions: true };
    case 'withoutMrpPegging':
      return { parentSuggestions: true, parentRequirements: true, componentRequirements: false, componentSuggestions: false };
    case 'mrpPeggingOnly':
      return { parentSuggestions: false, parentRequirements: true, componentRequirements: false, componentSuggestions: false };
  }
}

export type ParentDocument = 'workOrder' | 'subcontract';
export type ParentStatus = 'suggestion' | 'planned' | 'firm';

/**
 * Trace requirement order type: M + parent document (W work order, S subcontract) + parent status
 * (S suggestion, P planned, F firm), e.g. MWS for a requirement from a work order suggestion.
 */
export function traceRequirementCode(document: ParentDocument, status: ParentStatus): string {
  return `M${document === 'workOrder' ? 'W' : 'S'}${status === 'suggestion' ? 'S' : status === 'planned' ? 'P' : 'F'}`;
}

export interface ParentOrder {
  /** The trace requirement carries the same document number as the order at its origin. */
  readonly documentNumber: string;
  readonly document: ParentDocument;
  readonly status: ParentStatus;
  readonly quantity: Decimal;
  /** The date the parent's production starts, when its components are needed. */
  readonly startDate: IsoDate;
}

export interface BomComponent {
  readonly productId: string;
  /** Component quantity per one parent unit. */
  readonly quantityPerParent: Decimal;
}

export interface TraceRequirement {
  readonly productId: string;
  readonly quantity: Decimal;
  readonly dueDate: IsoDate;
  readonly documentNumber: string;
  readonly code: string;
}

/**
 * The components' requirements a parent order triggers, when the parent's suggestion type pegs them
 * (with MRP pegging); none otherwise.
 */
export function traceRequirements(parent: ParentOrder, components: readonly BomComponent[], type: SuggestionType): TraceRequirement[] {
  if (!suggestionTypeEffects(type).componentRequirements) return [];
  const code = traceRequirementCode(parent.document, parent.status);
  return components.map((c) => ({
    productId: c.productId,
    quantity: parent.quantity.times(c.quantityPerParent),
    dueDate: parent.startDate,
    documentNumber: parent.documentNumber,
    code,
  }));
}

export interface PhantomOutcome {
  /** Requirement shown for the phantom itself; null when not displayed. */
  readonly phantomDemand: Decimal | null;
  /** Parent quantity the phantom's components are required for; null when components are not processed. */
  readonly componentQuantity: Decimal | null;
}

/**
 * Phantom products (docs/semantics.md, "Reorder policies", kept small): the phantom's own stock is consumed first and its
 * components are required for the need minus that stock.
 * - with MRP pegging: the phantom's demand is shown only for what its stock covers (nothing at zero stock);
 * - MRP pegging only: the phantom's demand is the whole need;
 * - without MRP pegging and no processing: components are not processed.
 * The document says "the quantity in stock" is shown; we cap it at the need, since stock beyond the need
 * is not consumed (docs/decisions/domain-005).
 */
export function phantomRequirement(type: SuggestionType, need: Decimal, phantomStock: Decimal): PhantomOutcome {
  const stock = phantomStock.gt(0) ? phantomStock : new Decimal(0);
  const fromStock = stock.lte(need) ? stock : need;
  const components = need.minus(fromStock);
  switch (type) {
    case 'withMrpPegging':
      return { phantomDemand: fromStock.gt(0) ? fromStock : null, componentQuantity: components };
    case 'mrpPeggingOnly':
      return { phantomDemand: need, componentQuantity: components };
    case 'withoutMrpPegging':
    case 'noProcessing':
      return { phantomDemand: null, componentQuantity: null };
  }
}
