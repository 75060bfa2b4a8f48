/**
 * @replenish/domain: the replenishment engine as pure functions and values, as docs/semantics.md describes them.
 * No IO, no framework. Every quantity is a Decimal (our 100-digit clone, exported as `Decimal`).
 */
export * from './errors.js';

// Quantities and units of measure
export { Decimal, dec, isDecimalString, maxDec, minDec, nonNegativeDec, type DecimalInput } from './quantity/decimal.js';
export * from './quantity/uom.js';
export * from './quantity/quantity.js';

// Dates (docs/semantics.md, "Lead times and dates")
export * from './dates/iso-date.js';
export * from './dates/time-zone.js';
export * from './dates/lead-days.js';
export * from './dates/draft-dates.js';

// Stock projection (docs/semantics.md, "Stock position and forecast")
export * from './stock/stock-position.js';
export * from './stock/free-stock.js';

// Explanations
export * from './explanation/explanation.js';
export * from './explanation/document-names.js';
export * from './explanation/planned-date.js';

// Reordering rules (docs/semantics.md, "Reordering rules")
export * from './rules/reordering-rule.js';
export * from './rules/evaluate-rule.js';
export * from './rules/order-actions.js';
export * from './rules/mps-conflict.js';

// Draft orders (docs/semantics.md, "Draft orders")
export * from './drafts/draft-order.js';
export * from './drafts/merge-need.js';
export * from './drafts/shrink-line.js';
export * from './drafts/confirm-or-cancel.js';
export * from './drafts/in-progress.js';

// Purchasing: purchase UoM quantities and vendor choice (decision domain-008)
export * from './purchasing/purchase-quantity.js';
export * from './purchasing/select-supplier.js';
export * from './purchasing/purchase-line.js';

// Make to order (docs/semantics.md, "Make to order")
export * from './mto/mto.js';
export * from './mto/mto-quantities.js';

// Manufacturing: component consumption (docs/semantics.md, "Stock position and forecast"; decision planning-009)
export * from './manufacturing/component-demand.js';
export * from './manufacturing/manufacturing-start.js';

// Reorder policies (docs/semantics.md, "Reorder policies")
export * from './policies/reorder-policy.js';
export * from './policies/lot-sizing.js';
export * from './policies/shrinkage.js';
export * from './policies/suggestions.js';
export * from './policies/netting.js';

// Multi-level MRP run (docs/semantics.md, "MRP run"; decision domain-010)
export * from './mrp/mrp-types.js';
export * from './mrp/mrp-errors.js';
export * from './mrp/plan-mrp.js';

// Master production schedule (docs/semantics.md, "Master production schedule"; decision planning-022)
export * from './mps/index.js';
