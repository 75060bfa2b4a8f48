import fc from 'fast-check';
import {
  Decimal,
  InvalidQuantityError,
  InvalidUomError,
  NegativeQuantityError,
  Quantity,
  UomCategoryMismatchError,
  compareAtStep,
  convertAmount,
  dec,
  defineUom,
  roundToStep,
  uomOf,
  uomOfCode,
} from '../index.js';

const unit = defineUom({ code: 'Units', category: 'unit', factor: '1', rounding: '1' });
const dozen = defineUom({ code: 'Dozens', category: 'unit', factor: '12', rounding: '1' });
const kg = defineUom({ code: 'kg', category: 'weight', factor: '1', rounding: '0.001' });
const g = defineUom({ code: 'g', category: 'weight', factor: '0.001', rounding: '1' });
const t = defineUom({ code: 't', category: 'weight', factor: '1000', rounding: '0.01' });

describe('dec: parsing decimal strings', () => {
  it('parses plain decimal strings exactly', () => {
    expect(dec('12.500').toString()).toBe('12.5');
    expect(dec('-0.125').toString()).toBe('-0.125');
    expect(dec('0.1').plus(dec('0.2')).toString()).toBe('0.3');
  });

  it.each(['', 'abc', '1e5', '1.', '.5', ' 1', '1,5', 'NaN', 'Infinity', '--1', '0x10'])('refuses "%s"', (text) => {
    expect(() => dec(text)).toThrow(InvalidQuantityError);
  });

  it('refuses NaN and infinite numbers and Decimals', () => {
    expect(() => dec(Number.NaN)).toThrow(InvalidQuantityError);
    expect(() => dec(Number.POSITIVE_INFINITY)).toThrow(InvalidQuantityError);
    expect(() => dec(new Decimal(Number.NaN))).toThrow(InvalidQuantityError);
    expect(() => dec(new Decimal('-Infinity'))).toThrow(InvalidQuantityError);
  });

  it('never prints exponent notation', () => {
    expect(dec('0.0000000001').toString()).toBe('0.0000000001');
    expect(dec('100000000000000000000000000000').toString()).toBe('100000000000000000000000000000');
  });

  it('keeps 30 significant digits through additions (decimal.js would keep 20 by default)', () => {
    const a = dec('123456789012345678.000000000001');
    expect(a.plus(1).toString()).toBe('123456789012345679.000000000001');
  });
});

describe('UoM', () => {
  it('refuses a factor or rounding step that is not above zero', () => {
    expect(() => defineUom({ code: 'x', category: 'c', factor: '0' })).toThrow(InvalidUomError);
    expect(() => defineUom({ code: 'x', category: 'c', rounding: '-1' })).toThrow(InvalidUomError);
  });

  it('converts within a category, rounding half-up at the target step', () => {
    expect(convertAmount(dec('2'), dozen, unit).toString()).toBe('24');
    expect(convertAmount(dec('30'), unit, dozen).toString()).toBe('3'); // 2.5 rounds half-up
    expect(convertAmount(dec('29'), unit, dozen).toString()).toBe('2'); // 2.41...
    expect(convertAmount(dec('1234.5'), g, kg).toString()).toBe('1.235'); // 1.2345 half-up
    expect(convertAmount(dec('1234.4'), g, kg).toString()).toBe('1.234');
    expect(convertAmount(dec('1.005'), t, kg).toString()).toBe('1005');
    expect(convertAmount(dec('1005'), kg, t).toString()).toBe('1.01'); // 1.005 half-up
  });

  it('refuses to convert across categories', () => {
    expect(() => convertAmount(dec('1'), kg, unit)).toThrow(UomCategoryMismatchError);
    expect(() => Quantity.of('1', kg).plus(Quantity.of('1', unit))).toThrow(UomCategoryMismatchError);
  });

  it('compares at the step: 9.9996 kg equals 10 kg at step 0.001, 9.9994 does not', () => {
    expect(compareAtStep(dec('9.9996'), dec('10'), kg.rounding)).toBe(0);
    expect(compareAtStep(dec('9.9994'), dec('10'), kg.rounding)).toBe(-1);
    expect(compareAtStep(dec('10.0006'), dec('10'), kg.rounding)).toBe(1);
  });

  it('makes a wire UoM (decimal strings) the Uom defineUom makes, the same object for the same definition', () => {
    const wire = { code: 'kg', category: 'weight', factor: '1', rounding: '0.001' };
    const uom = uomOf(wire);
    expect(uom).toEqual(kg);
    expect(uomOf({ ...wire })).toBe(uom);
    expect(() => uomOf({ ...wire, rounding: '0' })).toThrow(InvalidUomError);
  });

  it('counts a unit known only by its code in whole steps of itself, converting into no other unit', () => {
    const box = uomOfCode('Box');
    expect({ code: box.code, category: box.category, factor: box.factor.toString(), rounding: box.rounding.toString() })
      .toEqual({ code: 'Box', category: 'Box', factor: '1', rounding: '1' });
    expect(() => convertAmount(dec('1'), box, unit)).toThrow(UomCategoryMismatchError);
  });

  it('rounds half-up, not half-even', () => {
    expect(roundToStep(dec('2.5'), dec('1')).toString()).toBe('3');
    expect(roundToStep(dec('3.5'), dec('1')).toString()).toBe('4');
    expect(roundToStep(dec('0.0125'), dec('0.001')).toString()).toBe('0.013');
  });
});

describe('Quantity', () => {
  it('adds across units of one category exactly and keeps its own unit', () => {
    const q = Quantity.of('1', kg).plus(Quantity.of('250', g));
    expect(q.toJSON()).toEqual({ quantity: '1.25', uom: 'kg' });
  });

  it('converts to a purchase UoM half-up', () => {
    expect(Quantity.of('18', unit).to(dozen).toJSON()).toEqual({ quantity: '2', uom: 'Dozens' }); // 1.5 -> 2
  });

  it('refuses a negative count', () => {
    expect(() => Quantity.count('-1', unit)).toThrow(NegativeQuantityError);
    expect(Quantity.count('0', unit).isZero()).toBe(true);
    expect(Quantity.of('-1', unit).isNegative()).toBe(true);
  });

  it('compares at the unit precision', () => {
    expect(Quantity.of('10.0004', kg).equals(Quantity.of('10', kg))).toBe(true);
    expect(Quantity.of('1', kg).compare(Quantity.of('999', g))).toBe(1);
    expect(Quantity.parse('0.5', kg).rounded().toString()).toBe('0.5');
    expect(Quantity.parse('0.4', unit).roundedUp().toString()).toBe('1');
  });
});

describe('property: no quantity ever loses precision', () => {
  const decimalString = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 30 }))
    .map(([neg, digits, scale]) => {
      const s = digits.toString().padStart(scale + 1, '0');
      const text = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
      return neg && digits !== 0n ? `-${text}` : text;
    });

  it('parse -> toString -> parse is the identity, and a + b - b = a', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (a, b) => {
        const da = dec(a);
        expect(dec(da.toString()).eq(da)).toBe(true);
        expect(da.plus(dec(b)).minus(dec(b)).eq(da)).toBe(true);
        // The string form is the canonical decimal of the input (trailing zeros dropped only).
        expect(da.toString()).toBe(canonical(a));
      }),
    );
  });

  it('converting to a finer unit and back is exact', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 25n }), (n) => {
        const amount = dec(n.toString()).dividedBy(1000); // kg at step 0.001
        const grams = convertAmount(amount, kg, g);
        expect(convertAmount(grams, g, kg).eq(amount)).toBe(true);
      }),
    );
  });
});

function canonical(text: string): string {
  let s = text;
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let [int, frac = ''] = s.split('.') as [string, string?];
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return neg && out !== '0' ? `-${out}` : out;
}
