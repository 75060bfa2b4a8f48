import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { MAX_QUERY_INTEGER } from '@replenish/service-kit';

/** The OpenAPI form of the `limit` and `offset` query parameters of planning's lists (both optional). */
export const ApiPagingQueries = (): MethodDecorator =>
  applyDecorators(
    ApiQuery({ name: 'limit', required: false, type: 'integer', minimum: 1, maximum: 1000, example: 100, description: 'Page size, 1 to 1000; default 100.' }),
    ApiQuery({ name: 'offset', required: false, type: 'integer', minimum: 0, maximum: MAX_QUERY_INTEGER, example: 0, description: `Items to skip, 0 to ${MAX_QUERY_INTEGER}; default 0.` }),
  );
