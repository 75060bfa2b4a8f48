import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_ANSWER_DESCRIPTIONS } from '../errors/error-body.js';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const WRITES: ReadonlySet<string> = new Set(['put', 'post', 'patch', 'delete']);
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBodyDto' };

/**
 * The error answers any operation can give whatever its controller says, from what the operation is (decision
 * service-kit-008):
 * - 400 on every operation: any of them refuses a query parameter it does not declare, and most a bad value;
 * - 401 and 403 on every operation that needs a caller (declares a security requirement);
 * - 404 on every operation with a path parameter: the resource it names may not exist;
 * - 413 and 415 on every operation that takes a body and on every write (a client may send one to any);
 * - 429 on every write: the write rate limit counts them all.
 * An answer the operation declares itself (its own description of a 404) is kept. Answers only some operations
 * give (409, 422, a 404 for a body's reference) stay with their controllers (ApiErrorResponses).
 */
export function withErrorAnswers(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) for (const status of errorAnswersOf(method, op, item.parameters ?? [])) declare(op, status);
    }
  }
  return document;
}

/** The statuses every operation like this one can answer. */
export function errorAnswersOf(method: string, op: Operation, shared: readonly unknown[] = []): number[] {
  const parameters = [...shared, ...(op.parameters ?? [])] as { in?: string }[];
  const write = WRITES.has(method);
  const statuses = [400];
  if ((op.security ?? []).length > 0) statuses.push(401, 403);
  if (parameters.some((p) => p.in === 'path')) statuses.push(404);
  if (write || op.requestBody !== undefined) statuses.push(413, 415);
  if (write) statuses.push(429);
  return statuses;
}

function declare(op: Operation, status: number): void {
  op.responses[status] ??= { description: ERROR_ANSWER_DESCRIPTIONS[status] ?? 'Error.', content: { 'application/json': { schema: ERROR_BODY } } };
}
