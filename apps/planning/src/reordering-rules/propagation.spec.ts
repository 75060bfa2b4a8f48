// The pure parts of a batch's propagation in waves (planning-016 addendum): the wave of each product-site and what a
// batch keeps between waves.
import { createEnvelope, stockPositionChanged } from '@replenish/contracts';
import { Propagation, waveOf } from './propagation.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, parents]) => [k, { parents }]));

describe('waveOf', () => {
  it('a site comes after every parent it has among the sites: a shared component after its deepest parent', () => {
    // top -> a -> c, top -> b -> d -> c: c's wave follows d's, not a's.
    const waves = waveOf(graph({ top: [], a: ['top'], b: ['top'], d: ['b'], c: ['a', 'd'] }));
    expect(Object.fromEntries(waves)).toEqual({ top: 0, a: 1, b: 1, d: 2, c: 3 });
  });

  it('parents outside the sites do not count; several roots start together', () => {
    expect(Object.fromEntries(waveOf(graph({ x: ['elsewhere'], y: [], z: ['x', 'y'] })))).toEqual({ x: 0, y: 0, z: 1 });
  });

  it('sites on a transfer cycle follow the others, one wave each, so each is evaluated once', () => {
    const waves = waveOf(graph({ root: [], a: ['root', 'b'], b: ['a'] }));
    expect(waves.get('root')).toBe(0);
    expect(new Set([waves.get('a'), waves.get('b')]).size).toBe(2);
    expect(Math.min(waves.get('a')!, waves.get('b')!)).toBeGreaterThan(0);
  });
});

describe('Propagation', () => {
  const position = createEnvelope(stockPositionChanged, {
    productId: 'P', warehouseId: 'WH', uom: 'Units', onHand: '0', incoming: [], outgoing: [], sequence: 7, asOf: '2026-12-07T00:00:00Z',
  }, { source: 'test' });
  const site = (productId: string) => ({ productId, warehouseId: 'WH', cause: 'component-demand' as const });

  it('a site waits once, with the first cause that marked it; once taken for its wave it is not marked again', () => {
    const p = new Propagation();
    p.add({ site: site('C'), chain: ['first'] });
    p.add({ site: site('C'), chain: ['second'] });
    expect([...p.pending.values()].map((x) => x.chain)).toEqual([['first']]);
    expect(p.take([...p.pending.keys()])).toHaveLength(1);
    p.add({ site: site('C'), chain: ['third'] });
    expect(p.pending.size).toBe(0);
    expect(p.of({ productId: 'C', warehouseId: 'WH' })?.chain).toEqual(['first']);
  });

  it("a site's order passes on its own chain, or starts one from its causing document", () => {
    const p = new Propagation();
    p.add({ site: site('C'), chain: ['SO-1, line 1', 'manufacturing draft d0 of P at WH', 'C at WH'] });
    p.take([...p.pending.keys()]);
    expect(p.chainFrom({ productId: 'C', warehouseId: 'WH' }, 'buy', 'd1', undefined)).toEqual([
      'SO-1, line 1', 'manufacturing draft d0 of P at WH', 'purchase draft d1 of C at WH',
    ]);
    expect(p.chainFrom({ productId: 'P', warehouseId: 'WH' }, 'manufacture', 'd2', position)).toEqual([
      'stock position 7 of P at WH', 'manufacturing draft d2 of P at WH',
    ]);
  });
});
