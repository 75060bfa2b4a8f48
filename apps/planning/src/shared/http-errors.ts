import type { HttpException } from '@nestjs/common';
import { notFound as referenceNotFound } from '@replenish/service-kit';

/**
 * Planning's wording of a missing reference in service-kit's 404: "<what> <id> not found", then `hint` (what to
 * create first); `field` names the path parameter (`id` by default) or the body field holding the reference.
 */
export function notFound(what: string, id: string, field = 'id', hint?: string): HttpException {
  return referenceNotFound(field, `${what} ${id} not found${hint ? `: ${hint}` : ''}`);
}
