import { chunksOf, splitByBom } from './set-evaluator.js';

const k = (productId: string, warehouseId = 'W1') => ({ productId, warehouseId });

describe("a sweep's chunks", () => {
  it('are cut between products, never inside one (a transfer between its warehouses stays in its chunk)', () => {
    const keys = [k('a'), k('a', 'W2'), k('b'), k('b', 'W2'), k('b', 'W3'), k('c')];
    expect(chunksOf(keys, 2)).toEqual([[k('a'), k('a', 'W2')], [k('b'), k('b', 'W2'), k('b', 'W3')], [k('c')]]);
    expect(chunksOf(keys, 100)).toEqual([keys]);
    expect(chunksOf([], 2)).toEqual([]);
  });

  it('split a BOM product\'s keys from the others, each kept in the order given', () => {
    expect(splitByBom([k('a'), k('bolt'), k('c'), k('bolt', 'W2'), k('frame')], new Set(['bolt', 'frame']))).toEqual({
      dependent: [k('bolt'), k('bolt', 'W2'), k('frame')],
      independent: [k('a'), k('c')],
    });
  });
});
