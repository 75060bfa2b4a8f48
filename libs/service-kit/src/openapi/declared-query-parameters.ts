import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { httpError } from '../errors/http-errors.js';

interface RoutedRequest {
  method: string;
  originalUrl: string;
  /** Express's matched route: its path as registered ('/draft-orders/:id'). */
  route?: { path?: unknown };
}

/**
 * Refuses a query parameter the operation does not declare in the OpenAPI document (a `@Query('name')`, an
 * `@ApiQuery`, a property of a query DTO), with 400 naming it and listing those it takes: a misspelt filter
 * (`?productId=` where there is no such filter) would otherwise be ignored and the answer silently unfiltered.
 * One place for every operation of every service; a route the document leaves out is not checked.
 */
@Injectable()
export class DeclaredQueryParameters implements NestInterceptor {
  /** 'get /draft-orders/{id}' → the names of its query parameters. */
  private readonly declared = new Map<string, readonly string[]>();

  constructor(document: OpenAPIObject) {
    for (const [template, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        const parameters = (item[method]?.parameters ?? []) as { in?: string; name?: string }[];
        if (item[method]) this.declared.set(`${method} ${template}`, parameters.filter((p) => p.in === 'query').map((p) => String(p.name)));
      }
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<RoutedRequest>();
    const takes = typeof req.route?.path === 'string' ? this.declared.get(operationKey(req.method, req.route.path)) : undefined;
    if (!takes) return next.handle();
    const unknown = [...new Set(new URLSearchParams(req.originalUrl.split('?')[1] ?? '').keys())].filter((name) => !takes.includes(name));
    if (unknown.length > 0) throw unknownQueryParameters(unknown, takes);
    return next.handle();
  }
}

/** The document's key of an Express route: HEAD is served by GET, ':id' is '{id}'. */
const operationKey = (method: string, routePath: string): string =>
  `${method === 'HEAD' ? 'get' : method.toLowerCase()} ${routePath.replace(/:(\w+)/g, '{$1}')}`;

function unknownQueryParameters(unknown: readonly string[], takes: readonly string[]) {
  const offer = takes.length > 0 ? `this operation takes: ${takes.join(', ')}` : 'this operation takes no query parameters';
  const message = `unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ${offer}`;
  return httpError(400, message, { errors: unknown.map((field) => ({ field, reason: `unknown query parameter; ${offer}` })) });
}
