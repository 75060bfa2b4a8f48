import { z } from 'zod';
import { defineEvent } from './events.js';
import { id, isoDate, isoInstant, nonNegativeDecimal, positiveDecimal } from './primitives.js';
import { productWarehouseKey, topics } from './topics.js';

/** Suggestions of one product-site at most in one event: a year of daily lots, split, stays well inside an event's bytes. */
const MAX_SUGGESTIONS = 2000;

const mrpSuggestionEntry = z.object({
  suggestionId: z.string().min(1).max(300).describe('The suggestion\'s document number (`<kind>-<productId>@<warehouseId>-<n>`), stable while the plan is; `POST /mrp/suggestions/firm` takes it.'),
  kind: z.enum(['POS', 'WOS', 'TRS', 'BWS']).describe('POS purchase, WOS work order, TRS transfer, BWS by-product work order.'),
  quantity: positiveDecimal.describe("Decimal string, in the product's stock UoM."),
  dueDate: isoDate.describe('When the goods are needed in.'),
  startDate: isoDate.describe('When to order, ship or start: due date less the lead days.'),
  late: z.boolean().describe('The start date is before the plan date.'),
});

const mrpMessageEntry = z.object({
  receiptId: z.string().min(1).max(300).describe('The existing order: a draft line id, or `incoming:<productId>@<warehouseId>:<date>`.'),
  action: z.enum(['advance', 'delay', 'increase', 'reduce', 'cancel']),
  fromDate: isoDate,
  toDate: isoDate,
  fromQuantity: nonNegativeDecimal,
  toQuantity: nonNegativeDecimal,
  text: z.string().max(1000).describe('The message in words.'),
});

const site = {
  productId: id,
  warehouseId: id,
  version: z.number().int().positive().describe("The product-site's plan version: one more each time its suggestions or messages change; a consumer ignores an older one."),
  plannedAt: isoInstant,
};

export const mrpSuggestionsChanged = defineEvent({
  type: 'mrp-suggestions.changed', version: 1, topic: topics.mrp,
  payload: z.object({ ...site, suggestions: z.array(mrpSuggestionEntry).max(MAX_SUGGESTIONS) }),
  keyOf: (p) => productWarehouseKey(p.productId, p.warehouseId),
  summary: "A product-site's MRP suggestions changed (a regenerative run or a net change): all of them, as they are now.",
});

export const mrpReplanningMessagesChanged = defineEvent({
  type: 'mrp-replanning-messages.changed', version: 1, topic: topics.mrp,
  payload: z.object({ ...site, messages: z.array(mrpMessageEntry).max(MAX_SUGGESTIONS) }),
  keyOf: (p) => productWarehouseKey(p.productId, p.warehouseId),
  summary: "A product-site's replanning messages (advance, delay, increase, reduce, cancel its existing orders) changed: all of them, as they are now.",
});
