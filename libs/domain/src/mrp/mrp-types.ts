/**
 * The multi-level MRP run's input and result (docs/semantics.md, "MRP run"; decision domain-010). Plain data in and
 * out: quantities come in as decimal inputs and go out as decimal strings, dates are local calendar dates
 * (YYYY-MM-DD) of the run's time zone, so that a service can store, publish and compare results as they are.
 * The run itself is `planMrp` (regenerative) and `planMrpNetChange` (net change), in plan-mrp.ts.
 */
import type { IsoDate } from '../dates/iso-date.js';
import type { RescheduleAction } from '../policies/netting.js';
import type { ReorderPolicyInput } from '../policies/reorder-policy.js';
import type { ProductSiteInput } from '../policies/reorder-policy.js';
import type { SuggestionKind } from '../policies/suggestions.js';
import type { DecimalInput } from '../quantity/decimal.js';

/** A product at a site (warehouse): what MRP plans. */
export interface ProductSiteRef {
  /** The product's id. */
  readonly productId: string;
  /** The site's (warehouse's) id. */
  readonly warehouseId: string;
}

/**
 * How a product-site is replenished, which decides its suggestion kind: buy -> POS, subcontract -> POS whose
 * components are traced as subcontract requirements (MSS, MSP, MSF), manufacture -> WOS, transfer -> TRS (from
 * `sourceWarehouseId`), byProduct -> BWS (a work order of `byProductOf` made for this by-product).
 */
export type MrpReplenishment = 'buy' | 'subcontract' | 'manufacture' | 'transfer' | 'byProduct';

/** One component line of a BOM, in the component's stock UoM. */
export interface MrpBomComponent {
  /** The component product (planned at the same site as the BOM's product). */
  readonly productId: string;
  /** Quantity of the component per `outputQuantity` of the BOM's product. */
  readonly quantity: DecimalInput;
  /** Expected scrap of this component, in % (below 100): the requirement is quantity x (1 + scrap%). Absent: none. */
  readonly scrapPercent?: DecimalInput;
}

/** A by-product a BOM yields besides its product. */
export interface MrpBomByProduct {
  /** The by-product (planned at the same site as the BOM's product). */
  readonly productId: string;
  /** Quantity of the by-product per `outputQuantity` of the BOM's product. */
  readonly quantity: DecimalInput;
  /** The by-product's share of the cost, in % (carried to the result for the planner; quantities do not use it). */
  readonly costShare?: DecimalInput;
}

/** The BOM MRP explodes for a manufactured, subcontracted or phantom product-site. */
export interface MrpBom {
  /** The BOM's id (for the planner; suggestions name it). */
  readonly bomId: string;
  /** How much of the product one run of the BOM makes (above zero). */
  readonly outputQuantity: DecimalInput;
  /** A phantom BOM (a kit): the product is never made on its own; its need passes to its components. */
  readonly phantom: boolean;
  /** The component lines. */
  readonly components: readonly MrpBomComponent[];
  /** What else a run of the BOM yields (a phantom has none). */
  readonly byProducts?: readonly MrpBomByProduct[];
}

/** One product-site MRP plans, with its planning data, stock and BOM. */
export interface MrpItem extends ProductSiteRef {
  /** The product-site's reorder policy (Sage X3): suggestion type, reorder quantity, splitting and the three flags. */
  readonly policy: ReorderPolicyInput;
  /** The product-site's planning data: economic and technical lots, safety stock, shrinkage %, firm horizon, lot lead days. */
  readonly planning: ProductSiteInput;
  /** How the product-site is replenished (its suggestion kind). A phantom BOM makes it a phantom whatever this says. */
  readonly replenishment: MrpReplenishment;
  /** Lead time in whole days: a suggestion due on d starts (is ordered, shipped, started) on d - leadDays. */
  readonly leadDays: number;
  /** Stock on hand at the run date, in the product's stock UoM (may be negative after an over-issue). */
  readonly onHand: DecimalInput;
  /** The stock UoM's rounding step: component requirements and grossed-up suggestions are rounded up to it. Default 0.000001. */
  readonly uomStep?: DecimalInput;
  /** The BOM: required for manufacture and subcontract, and what makes a product-site a phantom (phantom: true). */
  readonly bom?: MrpBom;
  /** Transfer: the warehouse the goods come from; its product-site gets the TRS quantities as demand on the ship date. */
  readonly sourceWarehouseId?: string;
  /** byProduct: the product whose BOM (at the same site) yields this by-product; a BWS is a work order of it. */
  readonly byProductOf?: string;
}

/** Where an independent demand comes from. */
export type MrpDemandSource = 'salesOrderLine' | 'mps' | 'other';

/** A demand no BOM causes: a sales order line, an MPS entry, another planned outgoing. */
export interface MrpDemand extends ProductSiteRef {
  /** Unique among the run's demands; pegging names it. */
  readonly id: string;
  /** What the demand is. */
  readonly source: MrpDemandSource;
  /** The date the goods must be there; earlier than the run date counts as due on the run date. */
  readonly date: IsoDate;
  /** Quantity required, above zero, in the product's stock UoM. */
  readonly quantity: DecimalInput;
  /** How a planner knows the document ("SO-2, line 1"); explanations and pegging show it. Default: the id. */
  readonly document?: string;
}

/** The document of an existing order. */
export type MrpOrderDocument = 'purchase' | 'workOrder' | 'subcontract' | 'transfer';

/** An existing order bringing goods in: a scheduled receipt, planned or firm. */
export interface MrpReceipt extends ProductSiteRef {
  /** Unique among the run's receipts; replanning messages, requirements and pegging name it. */
  readonly id: string;
  /** What the order is. Work orders and subcontracts explode into their components' requirements (MWP, MWF, ...). */
  readonly document: MrpOrderDocument;
  /** planned: an order the planner may still change; firm: a firm (released) order. */
  readonly status: 'planned' | 'firm';
  /** The date the goods are expected; earlier than the run date counts as the run date. */
  readonly date: IsoDate;
  /** Quantity still to come in, in the product's stock UoM. */
  readonly quantity: DecimalInput;
  /** A work order already in progress: with the policy's shrinkage, what remains is lowered by the loss %. */
  readonly workInProgress?: boolean;
  /** A work order or subcontract's start; default: `date` less the product-site's lead days. Its components are required then. */
  readonly startDate?: IsoDate;
  /**
   * The order's component needs are already among the components' demands (e.g. inventory's planned outgoing
   * moves of a confirmed work order): the run then traces no requirements for it, so they count once.
   */
  readonly componentsReserved?: boolean;
  /** How a planner knows the order ("PO-12"); default: the id. */
  readonly documentNumber?: string;
}

/** The size of the run's time buckets: daily only. */
export type MrpBucket = 'day';

/** Everything a run plans from. */
export interface MrpInput {
  /** The instant the run is made; its local date in `timeZone` is the run date (today). */
  readonly runAt: Date;
  /** The IANA time zone of the sites' calendar (e.g. "Europe/Brussels"). */
  readonly timeZone: string;
  /** Bucket size: daily. */
  readonly bucket: MrpBucket;
  /** The horizon: demands and receipts dated after run date + horizonDays are left out. */
  readonly horizonDays: number;
  /** The product-sites to plan (each product-site once). */
  readonly items: readonly MrpItem[];
  /** Independent demands. */
  readonly demands: readonly MrpDemand[];
  /** Existing orders (scheduled receipts, planned and firm). */
  readonly receipts: readonly MrpReceipt[];
  /**
   * Trace requirements put on these product-sites by parents that are not among `items`, as an earlier run gave
   * them: a run over part of the catalog then plans those product-sites as a run over all of it would. One whose
   * parent order's product-site (or the kit it came through) is among `items` is ignored: the run traces it itself.
   */
  readonly requirements?: readonly MrpRequirement[];
  /** Likewise the expected by-product output of orders of makers that are not among `items`, with its product-site. */
  readonly byProductReceipts?: readonly (MrpByProductReceipt & ProductSiteRef)[];
}

/** One link from a supply (suggestion, receipt or stock) to what it covers. Pegs of a supply add up to its quantity. */
export interface MrpPeg {
  /**
   * What is covered: an independent demand, a trace requirement (a parent's need: follow its `parentId` up), the
   * safety stock, the shrinkage loss, surplus (what lot sizing adds beyond every need), or backlog (stock on hand
   * below zero, made good first).
   */
  readonly type: 'demand' | 'requirement' | 'safetyStock' | 'shrinkage' | 'surplus' | 'backlog';
  /** The demand's or requirement's id; null for safety stock, shrinkage, surplus and backlog. */
  readonly id: string | null;
  /** The date the covered need is due (the run date for safety stock; the supply's date for shrinkage and surplus). */
  readonly date: IsoDate;
  /** Quantity of the supply pegged to it (decimal string, above zero). */
  readonly quantity: string;
}

/** A suggestion of the run: an order MRP proposes. */
export interface MrpSuggestion extends ProductSiteRef {
  /** The suggestion's document number, stable for the same plan: `<kind>-<productId>@<warehouseId>-<n>`. */
  readonly id: string;
  /** POS purchase, WOS work order, TRS transfer, BWS by-product work order. */
  readonly kind: SuggestionKind;
  /** Quantity to order (decimal string), in the product's stock UoM (for a BWS: of the by-product). */
  readonly quantity: string;
  /** When the goods are needed in (the lot's due date). */
  readonly dueDate: IsoDate;
  /** When it must be ordered, shipped or started: dueDate - lead days. */
  readonly startDate: IsoDate;
  /** The start date is before the run date: the suggestion is already late. */
  readonly late: boolean;
  /** The date the net requirement arose (the last lot's due date when split). */
  readonly requirementDate: IsoDate;
  /** Position in its split (0-based) and the number of lots of that split (1 when not split). */
  readonly lot: number;
  readonly lots: number;
  /** Transfer: the warehouse the goods are shipped from. */
  readonly sourceWarehouseId?: string;
  /** WOS, BWS and subcontract POS: the BOM made. */
  readonly bomId?: string;
  /** BWS: the product the work order makes, and how much of it yields `quantity` of the by-product. */
  readonly parentProductId?: string;
  readonly parentQuantity?: string;
  /** How the quantity came out, in words: requirement, shrinkage, reorder quantity, lot sizes, safety stock, dates. */
  readonly explanation: string;
  /** What it covers; the quantities add up to `quantity`. */
  readonly pegging: readonly MrpPeg[];
}

/**
 * Trace requirement code: M + parent document (W work order, S subcontract) + parent status (S suggestion,
 * P planned, F firm); TRS for a transfer's demand on its source site.
 */
export type MrpRequirementCode = 'MWS' | 'MWP' | 'MWF' | 'MSS' | 'MSP' | 'MSF' | 'TRS';

/** A dependent requirement on a component (or a transfer's source site), traced to the parent order that causes it. */
export interface MrpRequirement extends ProductSiteRef {
  /** Unique in the run: `<parentId>/<productId>`, with `/<phantom>` between them when it passed through a phantom. */
  readonly id: string;
  /** The code of the parent's document and status (MWS, MWP, MWF, MSS, MSP, MSF) or TRS. */
  readonly code: MrpRequirementCode;
  /** The parent's document number: the suggestion's or existing order's id (the document's "same document number"). */
  readonly parentId: string;
  /** The parent order's product: the BOM's product, the by-product a BWS is for, or the transferred product at its destination. */
  readonly parentProductId: string;
  /** The parent's site. */
  readonly parentWarehouseId: string;
  /** The phantom it passed through (a kit of the parent's BOM), if any. */
  readonly viaPhantom?: string;
  /** Quantity of this product required (decimal string): parent quantity x ratio x (1 + scrap%), rounded up to the UoM step. */
  readonly quantity: string;
  /** When it is required: the parent's start date. */
  readonly date: IsoDate;
}

/** A requirement shown without a suggestion: MRP pegging only, or a phantom's own demand. */
export interface MrpNetRequirement {
  /** netRequirement: a net requirement of a product-site whose policy suggests nothing (MRP pegging only); phantomDemand: what a phantom's stock meets (with MRP pegging) or its whole need (MRP pegging only). */
  readonly type: 'netRequirement' | 'phantomDemand';
  readonly date: IsoDate;
  /** Decimal string. */
  readonly quantity: string;
  /** phantomDemand: the need it comes from: a parent's trace requirement on the kit, or the id of a sales line of the kit itself. */
  readonly requirementId?: string;
}

/** A replanning message about an existing order beyond the firm horizon (policy with replanning analysis). */
export interface MrpMessage extends ProductSiteRef {
  /** The existing order (receipt id). */
  readonly receiptId: string;
  /** advance, delay, increase, reduce or cancel. */
  readonly action: RescheduleAction;
  readonly fromDate: IsoDate;
  readonly toDate: IsoDate;
  /** Decimal strings. */
  readonly fromQuantity: string;
  readonly toQuantity: string;
  /** The message in words. */
  readonly explanation: string;
}

/** Pegging of what already exists: the stock on hand (id "onHand") and each receipt. */
export interface MrpSupplyPegging {
  /** "onHand" or a receipt id. */
  readonly supplyId: string;
  /** What it covers; the quantities add up to the stock (when above zero) or the receipt's usable quantity. */
  readonly pegging: readonly MrpPeg[];
}

/** The expected output of a by-product from a parent's order (suggestion or work order). */
export interface MrpByProductReceipt {
  /** `<parentId>/<productId>`. */
  readonly id: string;
  /** The parent order (suggestion or receipt id) whose BOM yields it. */
  readonly parentId: string;
  /** The parent order's product. */
  readonly parentProductId: string;
  /** The parent order's due date: the by-product comes out with it. */
  readonly date: IsoDate;
  /** Parent quantity x by-product quantity / BOM output, rounded down to the UoM step (decimal string). */
  readonly quantity: string;
  /** The by-product's cost share on the BOM, in % (decimal string). */
  readonly costShare: string;
}

/** The plan of one product-site. */
export interface MrpItemPlan extends ProductSiteRef {
  /** Low-level code: 0 for a product-site no BOM or transfer needs, else one more than its deepest parent. */
  readonly lowLevelCode: number;
  /** Phantom (kit): its need passes to its components, it gets no suggestion. */
  readonly phantom: boolean;
  /** The trace requirements on this product-site (its dependent demand), by date. */
  readonly requirements: readonly MrpRequirement[];
  /** Its suggestions, by due date. */
  readonly suggestions: readonly MrpSuggestion[];
  /** Requirements shown without suggestions (MRP pegging only, phantom demand). */
  readonly netRequirements: readonly MrpNetRequirement[];
  /** Replanning messages for its existing orders. */
  readonly messages: readonly MrpMessage[];
  /** Pegging of its stock and receipts. */
  readonly supplyPegging: readonly MrpSupplyPegging[];
  /** What the parents' orders are expected to yield of this by-product (they count as receipts). */
  readonly byProductReceipts: readonly MrpByProductReceipt[];
  /** Projected stock at the end of the horizon, suggestions and messages applied (decimal string). */
  readonly endingStock: string;
  /** The netting in words (every requirement, lot size and message of the product-site). */
  readonly explanation: string;
  /**
   * The product-sites whose plans fed this one (parents through BOMs and phantoms, makers of its by-products,
   * transfer destinations), by product then warehouse: net change re-plans this one when one of them is re-planned.
   */
  readonly dependsOn: readonly ProductSiteRef[];
}

/** A component or source site a BOM or transfer names but the input does not plan. */
export interface MrpUnplanned extends ProductSiteRef {
  /** The product-site that needs it. */
  readonly requiredBy: ProductSiteRef;
}

/** What a run gives. */
export interface MrpResult {
  /** The run date (the local date of `runAt`). */
  readonly runDate: IsoDate;
  /** The last date planned: run date + horizon days. */
  readonly horizonEnd: IsoDate;
  /** Every product-site's plan, by low-level code then product and warehouse id. */
  readonly plans: readonly MrpItemPlan[];
  /** Components and source sites required but absent from the input: their requirements are not planned. */
  readonly unplanned: readonly MrpUnplanned[];
}

/** A node of a pegging tree: a supply or need and the part of it this chain accounts for. */
export interface MrpPeggingNode {
  /** suggestion, receipt or onHand (a supply); requirement (a parent's need); demand (independent); or safetyStock, shrinkage, surplus, backlog. */
  readonly type: 'suggestion' | 'receipt' | 'onHand' | 'requirement' | 'demand' | 'safetyStock' | 'shrinkage' | 'surplus' | 'backlog';
  /** The suggestion, receipt, requirement or demand id; null for safety stock, shrinkage, surplus and backlog. */
  readonly id: string | null;
  readonly productId: string;
  readonly warehouseId: string;
  /** The part of this node the chain accounts for, in its product's unit (decimal string, rounded half-up to 6 decimals). */
  readonly quantity: string;
  /** What it covers, one level up (empty for demands, safety stock, shrinkage and surplus). */
  readonly children: readonly MrpPeggingNode[];
}
