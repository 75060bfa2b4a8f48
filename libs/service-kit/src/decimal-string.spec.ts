import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { FACTOR_BOUND, positiveDecimal } from '@replenish/contracts';
import { BoundExceededError } from '@replenish/domain';
import { IsDecimalString, assertWithinBound, isDecimalString } from './decimal-string.js';
import { createValidationPipe } from './validation.js';

class UomDto {
  @IsDecimalString({ positive: true }) quantity!: string;
  @IsDecimalString({ positive: true, bound: FACTOR_BOUND }) factor!: string;
}

async function reasons(body: unknown): Promise<unknown> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: UomDto });
  } catch (e) {
    return ((e as BadRequestException).getResponse() as { errors: unknown }).errors;
  }
  throw new Error('expected a validation error');
}

describe('IsDecimalString and the numeric bounds', () => {
  it('refuses a decimal past its bound with the reason an event\'s dead letter gives too, after the property as class-validator words it', async () => {
    const q = '1000000000000000';
    const zodReason = positiveDecimal.safeParse(q).error?.issues[0]?.message;
    expect(await reasons({ quantity: q, factor: '12' })).toEqual([{ field: 'quantity', reason: `quantity ${zodReason}` }]);
    expect(zodReason).toBe('has 16 digits before the decimal point, past the quantity bound of 15 (at most 999999999999999.999999)');
  });

  it('checks each field against its own bound: a factor takes 9 decimals, a quantity 6', async () => {
    expect(isDecimalString('0.000000001', { positive: true, bound: FACTOR_BOUND })).toBe(true);
    expect(await reasons({ quantity: '0.000000001', factor: '0.000000001' })).toEqual([
      { field: 'quantity', reason: 'quantity has 9 decimals, past the quantity bound of 6' },
    ]);
  });

  it('guards a computed value: at the bound it passes, past it BoundExceededError names the field and the change', () => {
    expect(() => assertWithinBound('999999999999999.999999', 'quantity', 'booking this move would take onHand')).not.toThrow();
    const refused = (() => {
      try {
        assertWithinBound('1000000000000000', 'quantity', 'booking this move would take onHand of P1 at WH1');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(BoundExceededError);
    expect(refused).toMatchObject({
      field: 'quantity',
      message: 'booking this move would take onHand of P1 at WH1 to 1000000000000000, which has 16 digits before the decimal point, past the quantity bound of 15 (at most 999999999999999.999999)',
    });
  });
});
