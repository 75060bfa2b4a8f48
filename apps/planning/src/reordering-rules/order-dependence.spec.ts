// Decision planning-017: open drafts of automatic rules depend on the order in which events arrive, within a bound.
// A model of the live path on random multi-level catalogs: each event is demand on one product-site, its rule is
// evaluated (libs/domain evaluateRule) and an order is demand of its components, propagated in low-level-code order
// (lowLevelOrder, planning-016), each only when a parent ordered, the events cut into consumer batches (each site
// evaluated once per batch, after its parents). Two orders and batchings of the same events end with drafts
// whose difference at each product-site is below the rule's band (target - min + multiple) plus the difference of
// the demand its parents put on it.
import fc from 'fast-check';
import { dec, evaluateRule, reorderingRule, stockPosition, type Decimal } from '../shared/domain.js';
import { lowLevelOrder } from './propagation.js';

const TODAY = '2026-12-07';

interface Site {
  min: number;
  max: number;
  multiple: number;
  onHand: number;
  /** Components: [index of a later site, units per unit]. */
  components: [number, number][];
}

/**
 * What the sites have ordered once every batch of events was handled in the order given, and the demand each
 * received. A batch is a consumer batch (planning-016 addendum): its events' demand is added, then every site it
 * touched and every site below them is evaluated in low-level-code order (lowLevelOrder), each once, a site below
 * only when a parent ordered in the batch. A batch of one event is the propagation of that event alone.
 */
function play(sites: Site[], batches: [number, number][][]): { ordered: Decimal[]; demand: Decimal[] } {
  const ordered = sites.map(() => dec(0));
  const demand = sites.map(() => dec(0));
  const evaluate = (i: number): Decimal => {
    const s = sites[i] as Site;
    const r = evaluateRule({
      rule: reorderingRule({ minimum: String(s.min), maximum: String(s.max), multiple: String(s.multiple), trigger: 'automatic' }),
      position: stockPosition({ onHand: String(s.onHand), incoming: [{ date: TODAY, quantity: ordered[i] as Decimal }], outgoing: [{ date: TODAY, quantity: demand[i] as Decimal }] }),
      today: TODAY, leadDays: 0, timeZone: 'UTC',
    });
    if (r.action !== 'order') return dec(0);
    ordered[i] = (ordered[i] as Decimal).plus(r.quantity);
    return r.quantity;
  };
  for (const batch of batches) {
    const touched = new Set<number>();
    for (const [site, quantity] of batch) {
      demand[site] = (demand[site] as Decimal).plus(quantity);
      touched.add(site);
    }
    // The sites the batch touched and every site below them, with their parents among them.
    const reached = new Map<string, { parents: string[] }>([...touched].map((t) => [String(t), { parents: [] }]));
    const walk = (i: number): void => {
      for (const [c] of (sites[i] as Site).components) {
        const known = reached.get(String(c));
        if (known?.parents.includes(String(i))) continue;
        if (known) known.parents.push(String(i));
        else reached.set(String(c), { parents: [String(i)] });
        walk(c);
      }
    };
    for (const t of touched) walk(t);
    const orderedNow = new Map<number, Decimal>();
    for (const k of lowLevelOrder(reached)) {
      const c = Number(k);
      let added = dec(0);
      for (const [p, q] of orderedNow) for (const [to, per] of (sites[p] as Site).components) if (to === c) added = added.plus(q.times(per));
      if (added.isZero() && !touched.has(c)) continue;
      demand[c] = (demand[c] as Decimal).plus(added);
      const q = evaluate(c);
      if (!q.isZero()) orderedNow.set(c, q);
    }
  }
  return { ordered, demand };
}

/** `events` cut into consecutive batches after each index whose `cuts` entry is true. */
function batched(events: [number, number][], cuts: boolean[] = events.map(() => true)): [number, number][][] {
  const out: [number, number][][] = [[]];
  for (const [i, e] of events.entries()) {
    (out[out.length - 1] as [number, number][]).push(e);
    if (cuts[i] && i < events.length - 1) out.push([]);
  }
  return out;
}

const catalogs = fc.integer({ min: 2, max: 6 }).chain((n) => fc.tuple(
  fc.tuple(...Array.from({ length: n }, (_, i) => fc.record({
    min: fc.integer({ min: 0, max: 40 }),
    band: fc.integer({ min: 0, max: 30 }),
    multiple: fc.integer({ min: 1, max: 8 }),
    onHand: fc.integer({ min: 0, max: 60 }),
    components: fc.uniqueArray(fc.tuple(fc.integer({ min: i + 1, max: n }), fc.integer({ min: 1, max: 3 })), { maxLength: 2, selector: ([c]) => c })
      .map((cs) => cs.filter(([c]) => c < n) as [number, number][]),
  }).map(({ min, band, ...s }): Site => ({ ...s, min, max: min + band })))),
  fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 8 }),
));

describe('order dependence of open drafts (decision planning-017)', () => {
  it("the issue's example: the component ordered before or after its parent's demand", () => {
    const site: Site = { min: 38, max: 54, multiple: 6, onHand: 38, components: [] };
    // Its own position first (38 at or below min 38: 16 -> 18), then 12 of parent demand: forecast 44, nothing more.
    const leavesFirst = play([site], batched([[0, 0], [0, 12]]));
    // The parent's 12 first: forecast 26, order 54 - 26 = 28 -> 30.
    const topDown = play([site], batched([[0, 12]]));
    expect(topDown.ordered[0]?.toString()).toBe('30');
    expect(leavesFirst.ordered[0]?.toString()).toBe('18');
    // The difference, 12, is below the band 54 - 38 + 6 = 22.
  });

  it('two orders of the same events, cut into any consumer batches: every rule ends at or above its minimum, and drafts differ by less than the band plus the parents\' difference', () => {
    const cuts = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        catalogs.chain(([sites, events]) => fc.tuple(fc.constant(sites), fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length }), cuts(events.length), cuts(events.length))),
        ([sites, events, shuffled, cutsA, cutsB]) => {
          // Every rule was evaluated when it was created, before the events (as RuleService does): without it a site
          // that starts below its minimum and that no event reaches in one order stays unevaluated, short, and the
          // bound is off by its whole order (fast-check found one in about 23,000 runs).
          const created = batched(sites.map((_, i): [number, number] => [i, 0]), sites.map(() => false));
          const a = play(sites, [...created, ...batched(events, cutsA)]);
          const b = play(sites, [...created, ...batched(shuffled, cutsB)]);
          for (const [i, s] of sites.entries()) {
            for (const r of [a, b]) {
              // The last evaluation of every site that received demand ordered nothing: above min, or at a min equal to max.
              const forecast = dec(s.onHand).plus(r.ordered[i] as Decimal).minus(r.demand[i] as Decimal);
              if (!(r.demand[i] as Decimal).isZero()) expect(forecast.gt(s.min) || forecast.gte(s.max)).toBe(true);
            }
            const band = dec(s.max - s.min + s.multiple);
            const demandDifference = (a.demand[i] as Decimal).minus(b.demand[i] as Decimal).abs();
            expect((a.ordered[i] as Decimal).minus(b.ordered[i] as Decimal).abs().lt(band.plus(demandDifference))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a batch evaluates a component once, for its own and its parents\' demand at once: a third answer, within the bound', () => {
    // A parent (min 0 max 0) made of 2 of a component (min 10 max 20, multiple 5, 10 on hand).
    const sites: Site[] = [{ min: 0, max: 0, multiple: 1, onHand: 0, components: [[1, 2]] }, { min: 10, max: 20, multiple: 5, onHand: 10, components: [] }];
    const events: [number, number][] = [[1, 3], [0, 4]];
    // Leaves first, one at a time: the component orders 15 for its own 3 (forecast 7 -> 20), then 8 more: forecast 12 > 10.
    expect(play(sites, batched(events)).ordered.map(String)).toEqual(['4', '15']);
    // Top-down, one at a time: 8 first (forecast 2 -> 18 -> 20), then its own 3: forecast 19 > 10.
    expect(play(sites, batched([[0, 4], [1, 3]])).ordered.map(String)).toEqual(['4', '20']);
    // In one batch the parent orders first, then the component sees 3 + 8 at once: forecast -1 -> 21 -> 25.
    expect(play(sites, batched(events, [false, false])).ordered.map(String)).toEqual(['4', '25']);
    // 25 - 15 = 10 < the band 20 - 10 + 5 = 15.
  });
});
