// What a failed run says about its reordering rules (decision 0010), read from the run's database before it stops:
// for each rule, inventory's position beside planning's copy of it and what the rule ordered. A rule's draft that
// is missing or short then reads as one of: planning's copy lacks demand inventory has (a position published
// without it, or an event not applied), the same copy but fewer orders (an evaluation that did not order), or
// orders stored but no line (a line lost after it was written).
import { withClient } from '@replenish/test-infra';
import type { RuleSpec } from './workload.js';

const RULES = `
  SELECT u.p AS product, u.w AS warehouse,
    ip.on_hand::text AS "inventoryOnHand", ip.sequence::text AS "inventorySequence",
    (SELECT COALESCE(sum(m.planned_quantity - m.done_quantity), 0)::text FROM inventory.planned_moves m
     WHERE m.product_id = u.p AND m.warehouse_id = u.w AND m.direction = 'out' AND m.state = 'open') AS "inventoryOutgoing",
    pp.on_hand::text AS "planningOnHand", pp.sequence::text AS "planningSequence",
    (SELECT COALESCE(sum((o->>'quantity')::numeric), 0)::text FROM jsonb_array_elements(pp.outgoing) o) AS "planningOutgoing",
    (SELECT count(*)::int FROM planning.rule_evaluations e WHERE e.product_id = u.p AND e.warehouse_id = u.w AND e.triggered) AS orders,
    (SELECT COALESCE(sum(e.quantity), 0)::text FROM planning.rule_evaluations e WHERE e.product_id = u.p AND e.warehouse_id = u.w AND e.triggered) AS ordered,
    (SELECT max((e.explanation->'inputs'->>'positionSequence')::bigint)::text FROM planning.rule_evaluations e
     WHERE e.product_id = u.p AND e.warehouse_id = u.w AND e.triggered) AS "lastOrderAt",
    (SELECT sum(l.quantity)::text FROM planning.draft_lines l JOIN planning.draft_orders d ON d.id = l.draft_id AND d.state = 'draft'
     WHERE l.product_id = u.p AND l.warehouse_id = u.w) AS line
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(p, w, n)
  LEFT JOIN inventory.positions ip ON ip.product_id = u.p AND ip.warehouse_id = u.w
  LEFT JOIN planning.stock_positions pp ON pp.product_id = u.p AND pp.warehouse_id = u.w
  ORDER BY u.n`;

/** One line per rule: inventory's position, planning's copy, the orders the rule stored and its open draft line. */
export async function describeRules(databaseUrl: string, rules: readonly RuleSpec[], log: (line: string) => void): Promise<void> {
  await withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<Record<string, string | number | null>>(RULES, [rules.map((r) => r.productId), rules.map((r) => r.warehouseId)]);
    rows.forEach((r, i) => {
      const rule = rules[i] as RuleSpec;
      log(
        `rule ${r.product}@${r.warehouse} (min = max ${rule.level}, multiple ${rule.multiple}): inventory on hand ${r.inventoryOnHand}, ` +
          `outgoing ${r.inventoryOutgoing} (sequence ${r.inventorySequence}); planning's copy on hand ${r.planningOnHand}, outgoing ` +
          `${r.planningOutgoing} (sequence ${r.planningSequence}); ${r.orders} orders summing ${r.ordered} (the last at sequence ` +
          `${r.lastOrderAt ?? '-'}); open draft line ${r.line ?? 'none'}`,
      );
    });
  });
}
