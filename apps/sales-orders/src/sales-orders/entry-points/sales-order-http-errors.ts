import type { HttpException } from '@nestjs/common';
import { BoundExceededError } from '@replenish/domain';
import { badRequest, conflict, notFound, unprocessable } from '@replenish/service-kit';
import { IdempotencyKeyReusedError } from '../idempotent-transaction.js';
import {
  ConcurrentModificationError,
  InvalidOrderDataError,
  InvalidTransitionError,
  LineChangeRefusedError,
  LineNotFoundError,
  SalesOrderNotFoundError,
  UnknownWarehouseError,
} from '../errors.js';

/**
 * Sales order errors as HTTP answers (ServiceDefinition.httpErrors), each with its code: invalid data and a
 * computed quantity past its bound 400 naming the field, unknown order or line 404 naming the path parameter, unknown warehouse 404 naming the line's field,
 * a refused transition or change and a concurrent modification 409, a reused Idempotency-Key 422.
 */
export function salesOrderHttpErrors(error: unknown): HttpException | undefined {
  if (error instanceof InvalidOrderDataError) return badRequest(error.field, error.reason);
  if (error instanceof BoundExceededError) return badRequest(error.field, error.message);
  if (error instanceof SalesOrderNotFoundError || error instanceof LineNotFoundError) return notFound(error.field, error.message, error.code);
  if (error instanceof UnknownWarehouseError) return notFound(error.field, error.reason, error.code);
  if (error instanceof IdempotencyKeyReusedError) return unprocessable('Idempotency-Key', error.message, error.code);
  if (error instanceof InvalidTransitionError || error instanceof LineChangeRefusedError || error instanceof ConcurrentModificationError) {
    return conflict(error.message, error.code);
  }
  return undefined;
}
