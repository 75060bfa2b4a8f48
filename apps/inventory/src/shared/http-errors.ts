import type { HttpException } from '@nestjs/common';
import { DomainError } from '@replenish/domain';
import { badRequest, notFound } from '@replenish/service-kit';
import { InventoryInputError } from './errors.js';

/** Inventory's errors as HTTP answers (ServiceDefinition.httpErrors): unknown references 404, other bad input 400, each naming the field. */
export function inventoryHttpErrors(error: unknown): HttpException | undefined {
  if (error instanceof InventoryInputError) return error.notFound ? notFound(error.field, error.message) : badRequest(error.field, error.message);
  if (error instanceof DomainError) return badRequest((error as DomainError & { field?: string }).field ?? '(body)', error.message);
  return undefined;
}
