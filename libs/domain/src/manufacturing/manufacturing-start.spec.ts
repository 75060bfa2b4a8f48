import { manufacturingStartDate } from '../index.js';

describe('the manufacturing start of a draft', () => {
  it('given an order date, then the draft starts on it', () => {
    expect(manufacturingStartDate({ orderDate: '2030-01-05', plannedDate: '2030-01-10', productionDelayDays: 2 })).toBe('2030-01-05');
  });

  it('given no order date, then it starts the production delay before its planned date', () => {
    expect(manufacturingStartDate({ orderDate: null, plannedDate: '2030-03-01', productionDelayDays: 2 })).toBe('2030-02-27');
    expect(manufacturingStartDate({ orderDate: null, plannedDate: '2030-03-01', productionDelayDays: 0 })).toBe('2030-03-01');
  });
});
