import { FACTOR_BOUND, QUANTITY_BOUND, boundPattern, decimalBoundIssue } from './numeric-bounds.js';
import { positiveDecimal, uom } from './primitives.js';

describe('numeric bounds', () => {
  it.each(['0', '12', '0.125', '-3', '999999999999999.999999', '000000000000000000001', '1.500000'])('%s is a quantity within the bound', (q) => {
    expect(decimalBoundIssue(q, QUANTITY_BOUND)).toBeUndefined();
  });

  it('names the digits and the bound a quantity passes', () => {
    expect(decimalBoundIssue('1000000000000000')).toBe('has 16 digits before the decimal point, past the quantity bound of 15 (at most 999999999999999.999999)');
    expect(decimalBoundIssue('0.1234567')).toBe('has 7 decimals, past the quantity bound of 6');
    expect(decimalBoundIssue('abc')).toBeUndefined(); // the decimal pattern refuses it, with its own reason
  });

  it('events refuse a quantity past the bound with the same reason, naming the field', () => {
    const r = positiveDecimal.safeParse('999999999999999999999999999999999999999');
    expect(r.error?.issues.map((i) => i.message)).toEqual(['has 39 digits before the decimal point, past the quantity bound of 15 (at most 999999999999999.999999)']);
  });

  it('factors have their own bound: a milligram of a kilogram fits, a factor of 10^9 does not', () => {
    const mg = { code: 'mg', category: 'Weight', factor: '0.000001', rounding: '1' };
    expect(uom.safeParse(mg).success).toBe(true);
    expect(uom.safeParse({ ...mg, factor: '1000000000' }).error?.issues[0]).toMatchObject({ path: ['factor'], message: expect.stringContaining('factor bound of 9') });
    expect(uom.safeParse({ ...mg, rounding: '0.0000001' }).error?.issues[0]).toMatchObject({ path: ['rounding'], message: 'has 7 decimals, past the quantity bound of 6' });
  });

  it('the JSON Schema pattern accepts exactly what the check accepts', () => {
    const re = new RegExp(boundPattern(FACTOR_BOUND, { positive: true }));
    for (const f of ['12', '0.001', '999999999.999999999']) expect(re.test(f)).toBe(true);
    for (const f of ['0', '1000000000', '0.0000000001', '-1']) expect(re.test(f)).toBe(false);
  });
});
