import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsDecimalString, isDecimalString } from './decimal-string.js';
import { createValidationPipe, flattenValidationErrors } from './validation.js';

class LineDto {
  @IsString()
  productId!: string;

  @IsDecimalString({ positive: true })
  quantity!: string;
}

class OrderDto {
  @IsString()
  @MaxLength(10)
  orderRef!: string;

  @IsIn(['mto', 'stock'])
  route!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

async function errorsOf(body: unknown): Promise<{ status: number; response: Record<string, unknown> }> {
  const pipe = createValidationPipe();
  try {
    await pipe.transform(body, { type: 'body', metatype: OrderDto });
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    const ex = e as BadRequestException;
    return { status: ex.getStatus(), response: ex.getResponse() as Record<string, unknown> };
  }
  throw new Error('expected a validation error');
}

describe('validation error body', () => {
  it('names nested array fields with a dotted path and the reason', async () => {
    const { status, response } = await errorsOf({
      orderRef: 'SO-1',
      route: 'mto',
      lines: [
        { productId: 'p1', quantity: '2' },
        { productId: 'p2', quantity: 3 },
      ],
    });
    expect(status).toBe(400);
    expect(response).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
    expect(response.errors).toEqual([
      { field: 'lines.1.quantity', reason: expect.stringContaining('decimal string') },
    ]);
  });

  it('reports every bad field, unknown properties included', async () => {
    const { response } = await errorsOf({
      orderRef: 'a-very-long-reference',
      route: 'air',
      extra: true,
      lines: [{ productId: 7, quantity: '0', colour: 'red' }],
    });
    const errors = response.errors as { field: string; reason: string }[];
    const fields = errors.map((e) => e.field).sort();
    expect(fields).toEqual(['extra', 'lines.0.colour', 'lines.0.productId', 'lines.0.quantity', 'orderRef', 'route']);
    expect(errors.find((e) => e.field === 'extra')?.reason).toMatch(/should not exist/);
    expect(errors.find((e) => e.field === 'route')?.reason).toMatch(/mto, stock/);
    expect(errors.find((e) => e.field === 'lines.0.quantity')?.reason).toMatch(/positive/);
  });

  it('reports a missing array and an empty one on the array field', async () => {
    const missing = await errorsOf({ orderRef: 'x', route: 'mto' });
    expect((missing.response.errors as { field: string }[]).map((e) => e.field)).toEqual(['lines']);
    const empty = await errorsOf({ orderRef: 'x', route: 'mto', lines: [] });
    expect(empty.response.errors).toEqual([{ field: 'lines', reason: expect.stringMatching(/at least 1/) }]);
  });

  it('joins several failed constraints of one field', () => {
    expect(
      flattenValidationErrors([
        { property: 'a', constraints: { x: 'a is bad', y: 'a is worse' }, children: [] },
        { property: 'b', children: [{ property: '0', children: [{ property: 'c', constraints: { z: 'c is wrong' } }] }] },
      ]),
    ).toEqual([
      { field: 'a', reason: 'a is bad; a is worse' },
      { field: 'b.0.c', reason: 'c is wrong' },
    ]);
  });

  it('passes valid input through, transformed into the DTO', async () => {
    const pipe = createValidationPipe();
    const out = await pipe.transform(
      { orderRef: 'SO-1', route: 'stock', lines: [{ productId: 'p', quantity: '0.125' }] },
      { type: 'body', metatype: OrderDto },
    );
    expect(out).toBeInstanceOf(OrderDto);
    expect((out as OrderDto).lines[0]).toBeInstanceOf(LineDto);
  });
});

describe('isDecimalString', () => {
  it.each([
    ['12', {}, true],
    ['0.125', {}, true],
    ['0', {}, true],
    ['0', { positive: true }, false],
    ['0.000', { positive: true }, false],
    ['0.001', { positive: true }, true],
    ['-1', {}, false],
    ['-0', {}, true],
    ['-1', { allowNegative: true }, true],
    ['-1', { positive: true, allowNegative: true }, false],
    ['1.5', { maxScale: 0 }, false],
    ['1.25', { maxScale: 2 }, true],
    ['1e3', {}, false],
    ['1.', {}, false],
    ['.5', {}, false],
    [' 1', {}, false],
    ['1'.repeat(41), {}, false],
  ])('%s %j -> %s', (value, options, expected) => {
    expect(isDecimalString(value, options)).toBe(expected);
  });

  it('refuses numbers: quantities are strings', () => {
    expect(isDecimalString(12)).toBe(false);
    expect(isDecimalString(null)).toBe(false);
  });
});
