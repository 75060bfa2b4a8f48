import fc from 'fast-check';
import {
  Decimal,
  InvalidRuleError,
  dec,
  grossUpForShrinkage,
  netWorkInProgress,
  policyText,
  productSite,
  reorderPolicy,
  reorderQuantity,
  splitLots,
  type ReorderQuantityCode,
  type SplittingCode,
} from '../index.js';

const A1 = productSite({ economicLot: '500', technicalLot: '100', lotLeadDays: 3 });

describe('reorder quantity options', () => {
  it('net quantity matches the requirement exactly', () => {
    expect(reorderQuantity(dec('437.25'), 'net', A1).toString()).toBe('437.25');
  });
  it('minimum without rounding is at least the economic lot', () => {
    expect(reorderQuantity(dec('120'), 'minimumWithoutRounding', A1).toString()).toBe('500');
    expect(reorderQuantity(dec('512.5'), 'minimumWithoutRounding', A1).toString()).toBe('512.5');
  });
  it('minimum with rounding is a whole number of technical lots, at least the economic lot', () => {
    expect(reorderQuantity(dec('120'), 'minimumWithRounding', A1).toString()).toBe('500');
    expect(reorderQuantity(dec('500.01'), 'minimumWithRounding', A1).toString()).toBe('600');
  });
  it('without a technical lot, minimum with rounding is minimum without rounding', () => {
    const site = productSite({ economicLot: '50' });
    expect(reorderQuantity(dec('61.5'), 'minimumWithRounding', site).toString()).toBe('61.5');
  });
});

describe('splitting options', () => {
  it('none: one suggestion', () => {
    expect(splitLots(dec(450), 'none', A1, '2026-06-30').map((l) => [l.quantity.toString(), l.dueDate])).toEqual([['450', '2026-06-30']]);
  });
  it('parallel: technical lots plus a remainder, all due on the date', () => {
    expect(splitLots(dec(250), 'parallel', A1, '2026-06-30').map((l) => [l.quantity.toString(), l.dueDate])).toEqual([
      ['100', '2026-06-30'],
      ['100', '2026-06-30'],
      ['50', '2026-06-30'],
    ]);
  });
  it('successive: the last lot due on the date, each earlier one a lot lead time before the next', () => {
    expect(splitLots(dec(250), 'successive', A1, '2026-06-30').map((l) => [l.quantity.toString(), l.dueDate])).toEqual([
      ['100', '2026-06-24'],
      ['100', '2026-06-27'],
      ['50', '2026-06-30'],
    ]);
  });
  it('refuses a split into more than MAX_LOTS lots instead of flooding the planner', () => {
    expect(() => splitLots(dec(1_000_000), 'parallel', productSite({ technicalLot: '1' }), '2026-06-30')).toThrow(InvalidRuleError);
  });
  it('a quantity at or below one technical lot is not split', () => {
    expect(splitLots(dec(100), 'parallel', A1, '2026-06-30')).toHaveLength(1);
    expect(splitLots(dec(0), 'parallel', A1, '2026-06-30')).toHaveLength(0);
  });
});

describe('shrinkage, policy texts, validation', () => {
  it('grosses production up by the loss and nets work in progress down by it', () => {
    expect(grossUpForShrinkage(dec(200), dec(5)).toString()).toBe('210');
    expect(netWorkInProgress(dec(200), dec(5)).toString()).toBe('190');
    expect(grossUpForShrinkage(dec('33.3'), dec('2.5')).toString()).toBe('34.1325');
  });
  it('refuses 100 % shrinkage and negative lots', () => {
    expect(() => productSite({ shrinkagePercent: '100' })).toThrow(InvalidRuleError);
    expect(() => productSite({ economicLot: '-1' })).toThrow();
  });
  it('shows the translated description, falling back to the folder language', () => {
    const p = reorderPolicy({ code: 'LOT', description: { en: 'Lot for lot', fr: 'Lot pour lot' }, shortDescription: { en: 'L4L' } });
    expect(policyText(p.description, 'fr')).toBe('Lot pour lot');
    expect(policyText(p.description, 'de')).toBe('Lot for lot');
    expect(policyText(p.shortDescription, 'fr')).toBe('L4L');
    expect(p).toMatchObject({ suggestionType: 'withMrpPegging', reorderQuantity: 'net', splitting: 'none', safetyStock: false, replanningAnalysis: false, applyShrinkage: false });
  });
});

describe('lot sizing properties', () => {
  const qty = (max: number) => fc.integer({ min: 1, max }).map((n) => dec(n).dividedBy(100));
  const siteArb = fc.record({ economicLot: fc.integer({ min: 0, max: 100_000 }).map((n) => dec(n).dividedBy(100)), technicalLot: fc.integer({ min: 1_000, max: 50_000 }).map((n) => dec(n).dividedBy(100)), lotLeadDays: fc.integer({ min: 0, max: 5 }) });
  const code = fc.constantFrom<ReorderQuantityCode>('net', 'minimumWithoutRounding', 'minimumWithRounding');
  const splitting = fc.constantFrom<SplittingCode>('none', 'parallel', 'successive');

  it('split lots add up to the suggestion, none exceeds a technical lot, and none is empty', () => {
    fc.assert(
      fc.property(qty(1_000_000), code, splitting, siteArb, (r, c, s, raw) => {
        const site = productSite(raw);
        const q = reorderQuantity(r, c, site);
        const lots = splitLots(q, s, site, '2026-06-30');
        const sum = lots.reduce((acc, l) => acc.plus(l.quantity), new Decimal(0));
        expect(sum.eq(q)).toBe(true);
        // One expect per property run (not per lot) keeps the run fast.
        const badLot = lots.find((l) => !l.quantity.gt(0) || (s !== 'none' && l.quantity.gt(site.technicalLot)));
        expect(badLot).toBeUndefined();
        expect(lots[lots.length - 1]?.dueDate).toBe('2026-06-30');
        if (s === 'successive' && site.lotLeadDays > 0) {
          expect(lots.every((l, i) => i === 0 || lots[i - 1]!.dueDate < l.dueDate)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with rounding, the quantity is a whole number of technical lots and at least the economic lot and the requirement', () => {
    fc.assert(
      fc.property(qty(1_000_000), siteArb, (r, raw) => {
        const site = productSite(raw);
        const q = reorderQuantity(r, 'minimumWithRounding', site);
        expect(q.mod(site.technicalLot).isZero()).toBe(true);
        expect(q.gte(site.economicLot)).toBe(true);
        expect(q.gte(r)).toBe(true);
        // ...and it is the smallest such quantity.
        expect(q.minus(site.technicalLot).lt(r.gte(site.economicLot) ? r : site.economicLot)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
