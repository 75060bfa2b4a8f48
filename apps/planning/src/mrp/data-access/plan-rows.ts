import { createHash, type Hash } from 'node:crypto';
import type { MrpItemPlan, MrpSuggestion } from '../../shared/domain.js';
import { copyField, type CopyValue } from './copy-rows.js';

/** Who planned: a regenerative run, or the event of a net change. */
export interface PlannedBy {
  runId?: string;
  eventId?: string;
  /** A regenerative run: sites planned again since this instant (by events) keep their newer plan. */
  notPlannedSince?: string;
}

/** What an event says of a suggestion (mrp-suggestions.changed). */
export type SuggestionHead = Pick<MrpSuggestion, 'id' | 'kind' | 'quantity' | 'dueDate' | 'startDate' | 'late'>;

/**
 * A product-site's plan as it is written (decision planning-021, addenda): its digests, what its events say, and
 * its rows as COPY text in UTF-8, one byte array per table. Made where the plan is made (a run's worker thread), so
 * that only a few small objects cross to the thread that writes, and the bytes are moved there, not copied: the
 * plan's hundreds of objects (pegs, requirements, explanations) never cross, and its rows never become strings of
 * the writer's heap (its garbage between collections, which V8 lets grow to four times what is live).
 */
export interface PlanRows extends Pick<MrpItemPlan, 'productId' | 'warehouseId' | 'lowLevelCode' | 'explanation' | 'messages'> {
  /** Digests of its suggestions and of its messages (empty for none: a site never planned has the same). */
  readonly suggestionsFingerprint: string;
  readonly messagesFingerprint: string;
  /** Of the whole plan: a site planned again to the same plan is not written again. */
  readonly planFingerprint: string;
  readonly suggestions: readonly SuggestionHead[];
  readonly requirementCount: number;
  /** Its requirements through a kit, with their parent (`product@warehouse`): one whose parent is not planned again is written again by the kit. */
  readonly kitRequirements: readonly { id: string; parent: string }[];
  /** COPY text (UTF-8) of its rows of mrp_suggestions, mrp_pegging, mrp_requirements and mrp_messages (COPY_COLUMNS). */
  readonly copy: { readonly suggestions: Uint8Array; readonly pegging: Uint8Array; readonly requirements: Uint8Array; readonly messages: Uint8Array };
}

export const COPY_COLUMNS = {
  suggestions: ['id', 'product_id', 'warehouse_id', 'kind', 'quantity', 'due_date', 'start_date', 'late', 'requirement_date', 'lot', 'lots', 'source', 'explanation', 'run_id', 'event_id'],
  pegging: ['supply_id', 'no', 'product_id', 'warehouse_id', 'type', 'ref', 'date', 'quantity'],
  requirements: ['id', 'product_id', 'warehouse_id', 'quantity', 'due_date', 'code', 'parent_id', 'parent_product_id', 'parent_warehouse_id', 'via_phantom', 'run_id', 'event_id'],
  messages: ['id', 'product_id', 'warehouse_id', 'receipt_id', 'action', 'from_date', 'to_date', 'from_quantity', 'to_quantity', 'explanation', 'run_id', 'event_id'],
} as const;

/**
 * `plan` as it is written by `by`; `outside` are the demand ids that stand for stored requirements (their pegs stay
 * requirement pegs). The digests are of the rows as they are stored, without the run or event that wrote them
 * (decision planning-021, addendum "the worker"): of the suggestions with their pegs, of the messages, and of the
 * whole plan (every row and the site's explanation). They were of the plan's JSON, which the worker made only for
 * them, a third of its work per plan; the rows' text is made anyway.
 */
export function planRows(plan: MrpItemPlan, by: PlannedBy, outside: ReadonlySet<string>): PlanRows {
  const { productId: p, warehouseId: w } = plan;
  const pegsOf = (supply: string, pegs: MrpItemPlan['supplyPegging'][number]['pegging']): CopyValue[][] =>
    pegs.map((g, no) => [supply, no, p, w, g.type === 'demand' && g.id !== null && outside.has(g.id) ? 'requirement' : g.type, g.id, g.date, g.quantity]);
  const sourceOf = sourceJson();
  const suggestionRows = copyLines(plan.suggestions.map((s) => [
    s.id, s.productId, s.warehouseId, s.kind, s.quantity, s.dueDate, s.startDate, s.late, s.requirementDate, s.lot, s.lots, sourceOf(s), s.explanation,
  ]));
  const suggestionPegs = rowsText(copyLines(plan.suggestions.flatMap((s) => pegsOf(s.id, s.pegging))));
  const supplyPegs = rowsText(copyLines(plan.supplyPegging.flatMap((s) => pegsOf(s.supplyId === 'onHand' ? `onHand@${p}@${w}` : s.supplyId, s.pegging))));
  const requirementRows = copyLines(plan.requirements.map((r) => [r.id, r.productId, r.warehouseId, r.quantity, r.date, r.code, r.parentId, r.parentProductId, r.parentWarehouseId, r.viaPhantom]));
  const messageRows = copyLines(plan.messages.map((m, i) => [`${m.receiptId}:${m.action}:${i}`, m.productId, m.warehouseId, m.receiptId, m.action, m.fromDate, m.toDate, m.fromQuantity, m.toQuantity, m.explanation]));
  // Each table's rows as UTF-8 once: hashed as bytes, and stamped as bytes for COPY (no second text per table).
  const suggestions = utf8.encode(rowsText(suggestionRows));
  const suggestionPegBytes = utf8.encode(suggestionPegs);
  const supplyPegBytes = utf8.encode(supplyPegs);
  const requirements = utf8.encode(rowsText(requirementRows));
  const messages = utf8.encode(rowsText(messageRows));
  // The plan's digest begins with the suggestions' one: the suggestions and their pegs are hashed once for both.
  const ofSuggestions = digest([suggestions, suggestionPegBytes]);
  const suggestionsFingerprint = plan.suggestions.length === 0 ? '' : ofSuggestions.copy().digest('base64');
  const planFingerprint = more(ofSuggestions, [supplyPegBytes, requirements, messages, copyField(plan.explanation)]).digest('base64');
  // Every row of a table but pegging ends with the run and the event that wrote it: the same for the whole plan.
  const stamp = utf8.encode(`\t${copyField(by.runId)}\t${copyField(by.eventId)}\n`);
  return {
    productId: p,
    warehouseId: w,
    lowLevelCode: plan.lowLevelCode,
    explanation: plan.explanation,
    suggestionsFingerprint,
    messagesFingerprint: plan.messages.length === 0 ? '' : digest([messages]).digest('base64'),
    planFingerprint,
    suggestions: plan.suggestions.map((s) => ({ id: s.id, kind: s.kind, quantity: s.quantity, dueDate: s.dueDate, startDate: s.startDate, late: s.late })),
    messages: plan.messages,
    requirementCount: plan.requirements.length,
    kitRequirements: plan.requirements.filter((r) => r.viaPhantom !== undefined).map((r) => ({ id: r.id, parent: `${r.parentProductId}@${r.parentWarehouseId}` })),
    copy: { suggestions: stamped(suggestions, stamp), pegging: joined(suggestionPegBytes, supplyPegBytes), requirements: stamped(requirements, stamp), messages: stamped(messages, stamp) },
  };
}

/**
 * A suggestion's `source` column as JSON (`sourceText`). A site's suggestions mostly have the same source warehouse
 * and BOM, and no maker: that text is made once and reused while they stay the same.
 */
function sourceJson(): (s: MrpSuggestion) => string {
  let last: MrpSuggestion | null = null;
  let json = '';
  return (s) => {
    if (s.parentProductId) return sourceText(s);
    if (last === null || last.sourceWarehouseId !== s.sourceWarehouseId || last.bomId !== s.bomId) json = sourceText(s);
    last = s;
    return json;
  };
}

/** Its source warehouse, BOM, and a BWS's maker and quantity, each when it has one. */
function sourceText(s: MrpSuggestion): string {
  return JSON.stringify({ ...(s.sourceWarehouseId ? { sourceWarehouseId: s.sourceWarehouseId } : {}), ...(s.bomId ? { bomId: s.bomId } : {}), ...(s.parentProductId ? { parentProductId: s.parentProductId, parentQuantity: s.parentQuantity } : {}) });
}

/**
 * Each row in COPY's text format, without its end: fields by tabs (copyField escapes a tab or newline in a field).
 * A row's fields are joined once, and the rows once (rowsText), each into one flat string: appending field by field
 * made a string object per field and per append, and the whole text was copied flat again to be hashed, and again
 * to be stamped (a replace of every newline) and encoded; that text was a fifth of what the worker allocated.
 */
function copyLines(rows: readonly (readonly CopyValue[])[]): string[] {
  return rows.map((row) => row.map(copyField).join('\t'));
}

/** Rows as one text, each ended by a newline. */
function rowsText(rows: readonly string[]): string {
  return rows.length === 0 ? '' : rows.join('\n') + '\n';
}

const utf8 = new TextEncoder();

/**
 * `rows` (COPY text in UTF-8, each row ended by a newline) with `stamp` in place of each row's newline. A newline
 * byte ends a row only (copyField escapes one in a field; no other UTF-8 character has that byte). A new array of
 * its own: the slice's buffers are moved to the writer (a pooled Buffer's would take others' bytes with it).
 */
function stamped(rows: Uint8Array, stamp: Uint8Array): Uint8Array {
  if (rows.byteLength === 0) return rows;
  const from = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  let count = 0;
  for (let at = from.indexOf(10); at >= 0; at = from.indexOf(10, at + 1)) count++;
  const out = new Uint8Array(rows.byteLength + count * (stamp.byteLength - 1));
  const to = Buffer.from(out.buffer);
  const end = Buffer.from(stamp.buffer, stamp.byteOffset, stamp.byteLength);
  let start = 0;
  let written = 0;
  for (let at = from.indexOf(10); at >= 0; at = from.indexOf(10, start)) {
    written += from.copy(to, written, start, at);
    written += end.copy(to, written);
    start = at + 1;
  }
  return out;
}

/** Two byte arrays one after the other, in an array of its own (either when the other is empty). */
function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.byteLength === 0) return a;
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/** The hash of texts one after the other, each ended by a form feed: the rows of one text never read as another's. */
function digest(texts: readonly (string | Uint8Array)[]): Hash {
  return more(createHash('sha1'), texts);
}

/** `hash` with `texts` hashed after what it has, as `digest` hashes them. */
function more(hash: Hash, texts: readonly (string | Uint8Array)[]): Hash {
  for (const text of texts) hash.update(text).update('\f');
  return hash;
}
