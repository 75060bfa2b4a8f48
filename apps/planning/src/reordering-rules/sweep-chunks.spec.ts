import { chunksOf, splitByBom } from './set-evaluator.js';
import { planChunks } from './sweep.service.js';

const k = (productId: string, warehouseId = 'W1') => ({ productId, warehouseId });

describe("a sweep's chunks", () => {
  it('are cut between products, never inside one (a transfer between its warehouses stays in its chunk)', () => {
    const keys = [k('a'), k('a', 'W2'), k('b'), k('b', 'W2'), k('b', 'W3'), k('c')];
    expect(chunksOf(keys, 2)).toEqual([[k('a'), k('a', 'W2')], [k('b'), k('b', 'W2'), k('b', 'W3')], [k('c')]]);
    expect(chunksOf(keys, 100)).toEqual([keys]);
    expect(chunksOf([], 2)).toEqual([]);
  });

  it('put the keys of BOM products first, as serial chunks in sweep order; the others after, as parallel chunks', () => {
    const keys = [k('a'), k('bolt'), k('c'), k('frame'), k('z')];
    expect(planChunks(keys, new Set(['bolt', 'frame']), 1)).toEqual([
      { no: 1, serial: true, keys: [k('bolt')] },
      { no: 2, serial: true, keys: [k('frame')] },
      { no: 3, serial: false, keys: [k('a')] },
      { no: 4, serial: false, keys: [k('c')] },
      { no: 5, serial: false, keys: [k('z')] },
    ]);
  });

  it('split a BOM product\'s keys from the others, each kept in the order given', () => {
    expect(splitByBom([k('a'), k('bolt'), k('c'), k('bolt', 'W2'), k('frame')], new Set(['bolt', 'frame']))).toEqual({
      dependent: [k('bolt'), k('bolt', 'W2'), k('frame')],
      independent: [k('a'), k('c')],
    });
  });
});
