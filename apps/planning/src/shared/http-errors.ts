import type { HttpException } from '@nestjs/common';
import { BoundExceededError } from '@replenish/domain';
import { badRequest, notFound as referenceNotFound } from '@replenish/service-kit';

/**
 * Planning's wording of a missing reference in service-kit's 404: "<what> <id> not found", then `hint` (what to
 * create first); `field` names the path parameter (`id` by default) or the body field holding the reference.
 */
export function notFound(what: string, id: string, field = 'id', hint?: string): HttpException {
  return referenceNotFound(field, `${what} ${id} not found${hint ? `: ${hint}` : ''}`);
}

/**
 * Planning's errors as HTTP answers (ServiceDefinition.httpErrors): a computed quantity past its bound (a draft line
 * an order-once or a rule would take past it; docs/semantics.md, "Numeric bounds") is the request's, 400 naming the field.
 */
export function planningHttpErrors(error: unknown): HttpException | undefined {
  return error instanceof BoundExceededError ? badRequest(error.field, error.message) : undefined;
}
