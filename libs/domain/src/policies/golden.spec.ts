import { dec, productSite, reorderPolicy, reorderQuantity, splitLots, type ReorderQuantityCode, type SplittingCode } from '../index.js';
import { loadGolden } from '../testing/golden.js';

interface GoldenCase {
  reorderQuantity: ReorderQuantityCode;
  splitting: SplittingCode;
  requirement: string;
  suggestions: string[];
}
interface Golden {
  product: { economicLot: string; technicalLot: string; startingStock: string };
  cases: GoldenCase[];
}

const golden = loadGolden<Golden>('sage-x3-lot-sizing.json');
const site = productSite({ economicLot: golden.product.economicLot, technicalLot: golden.product.technicalLot, lotLeadDays: 2 });

describe('Sage X3 worked example (testing/golden/sage-x3-lot-sizing.json)', () => {
  it('has the twelve cases of the document table', () => {
    expect(golden.cases).toHaveLength(12);
  });

  it.each(golden.cases.map((c) => [`${c.reorderQuantity} / ${c.splitting} / R=${c.requirement}`, c] as const))('%s', (_name, c) => {
    const policy = reorderPolicy({ code: 'G', reorderQuantity: c.reorderQuantity, splitting: c.splitting });
    const q = reorderQuantity(dec(c.requirement), policy.reorderQuantity, site);
    const lots = splitLots(q, policy.splitting, site, '2026-06-30');
    expect(lots.map((l) => l.quantity.toString())).toEqual(c.suggestions);
  });

  it.each(golden.cases.filter((c) => c.splitting === 'parallel').map((c) => [`${c.reorderQuantity} / R=${c.requirement}`, c] as const))(
    'successive splitting gives the same quantities as parallel: %s',
    (_name, c) => {
      const q = reorderQuantity(dec(c.requirement), c.reorderQuantity, site);
      const lots = splitLots(q, 'successive', site, '2026-06-30');
      expect(lots.map((l) => l.quantity.toString())).toEqual(c.suggestions);
      // ...and differ only in due dates: the last on the requirement date, each earlier one 2 days before.
      expect(lots[lots.length - 1]?.dueDate).toBe('2026-06-30');
      expect(lots[0]?.dueDate).toBe(expectedFirst(lots.length));
    },
  );
});

function expectedFirst(n: number): string {
  const d = new Date(Date.UTC(2026, 5, 30 - 2 * (n - 1)));
  return d.toISOString().slice(0, 10);
}
