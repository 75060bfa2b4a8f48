import { isUnderStock, stockLocationCode } from './locations.js';

describe('locations', () => {
  it('counts the stock location and everything below it, not the warehouse view or its siblings', () => {
    expect(stockLocationCode('WH1')).toBe('WH1/Stock');
    expect(isUnderStock('WH1/Stock', 'WH1')).toBe(true);
    expect(isUnderStock('WH1/Stock/Shelf 1/Bin 3', 'WH1')).toBe(true);
    expect(isUnderStock('WH1/Stockroom', 'WH1')).toBe(false);
    expect(isUnderStock('WH1/Input', 'WH1')).toBe(false);
    expect(isUnderStock('WH10/Stock', 'WH1')).toBe(false);
  });
});
