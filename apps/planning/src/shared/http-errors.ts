import { notFound as notFoundNaming } from '@replenish/service-kit';

/** service-kit's error answers: one body shape for every service. */
export { badRequest, conflict, unprocessable } from '@replenish/service-kit';

/** 404 naming the missing reference: the path parameter (`id` by default) or the body field; `hint` says what to do. */
export const notFound = (what: string, id: string, field = 'id', hint?: string) =>
  notFoundNaming(field, `${what} ${id} not found${hint ? `: ${hint}` : ''}`);
