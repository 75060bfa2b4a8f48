import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { BodySchema } from './body-schema.js';
import { createValidationPipe } from './validation.js';

const line = z.object({ productId: z.string().min(1), quantity: z.string().regex(/^\d+$/, 'must be a whole number') });
const order = z.object({ orderRef: z.string().max(10), reference: z.object({ id: z.string() }).optional(), lines: z.array(line).min(1) });

@BodySchema(order)
class OrderBody {
  orderRef!: string;
  lines!: { productId: string; quantity: string }[];
}

const validate = (body: unknown): Promise<unknown> => createValidationPipe().transform(body, { type: 'body', metatype: OrderBody });

async function refused(body: unknown): Promise<{ field: string; reason: string }[]> {
  const error = await validate(body).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  const response = (error as BadRequestException).getResponse() as { statusCode: number; code: string; errors: { field: string; reason: string }[] };
  expect(response).toMatchObject({ statusCode: 400, code: 'validation_failed' });
  return response.errors;
}

describe('a body whose DTO names its zod schema', () => {
  it('is what the schema parses when valid', async () => {
    const body = { orderRef: 'SO-1', lines: [{ productId: 'p', quantity: '2' }] };
    await expect(validate(body)).resolves.toEqual(body);
  });

  it('is refused naming each bad field by its dotted path, with the schema\'s reason', async () => {
    const errors = await refused({ orderRef: 'a-very-long-reference', lines: [{ productId: 'p', quantity: '2' }, { productId: '', quantity: 'two' }] });
    expect(errors.map((e) => e.field).sort()).toEqual(['lines.1.productId', 'lines.1.quantity', 'orderRef']);
    expect(errors.find((e) => e.field === 'lines.1.quantity')?.reason).toBe('must be a whole number');
  });

  it('is refused naming unknown properties at any depth, as for class-validator bodies', async () => {
    const errors = await refused({ orderRef: 'SO-1', colour: 'red', reference: { id: 'x', kind: 'y' }, lines: [{ productId: 'p', quantity: '1', note: 'n' }] });
    expect(errors).toEqual([
      { field: 'colour', reason: 'property colour should not exist' },
      { field: 'reference.kind', reason: 'property kind should not exist' },
      { field: 'lines.0.note', reason: 'property note should not exist' },
    ]);
  });

  it('is refused as a whole when it is no object, and on the array field when a list is missing or empty', async () => {
    expect((await refused([])).map((e) => e.field)).toEqual(['(body)']);
    expect((await refused({ orderRef: 'SO-1' })).map((e) => e.field)).toEqual(['lines']);
    expect((await refused({ orderRef: 'SO-1', lines: [] })).map((e) => e.field)).toEqual(['lines']);
  });
});
