import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@replenish/domain';
import { InventoryInputError } from '../../domain/errors.js';

/** 400 in the shape of the global validation pipe: `errors: [{ field, reason }]`. */
export const badRequest = (field: string, reason: string): BadRequestException =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: [{ field, reason }] });

export const notFound = (field: string, reason: string): NotFoundException =>
  new NotFoundException({ statusCode: 404, error: 'Not Found', message: reason, errors: [{ field, reason }] });

/** Maps domain input errors to 400 / 404 naming the field; anything else is rethrown. */
export async function httpErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HttpException) throw e;
    if (e instanceof InventoryInputError) throw e.notFound ? notFound(e.field, e.message) : badRequest(e.field, e.message);
    if (e instanceof DomainError) throw badRequest((e as DomainError & { field?: string }).field ?? '(body)', e.message);
    throw e;
  }
}
