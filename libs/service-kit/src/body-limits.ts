import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The JSON parser Nest's Express adapter uses (`express.json`, resolved from @nestjs/platform-express, so the same
 * version and the same 413 error as the global parser), with another limit: for a route that takes larger bodies.
 */
export function jsonBodyParser(limitBytes: number): Middleware {
  return expressOfAdapter().json({ limit: limitBytes });
}

/** Requests whose body a route's own text parser read (`textBodyParser`): requireJsonBody lets them through. */
const textBodies = new WeakSet<IncomingMessage>();

export const isAllowedTextBody = (req: IncomingMessage): boolean => textBodies.has(req);

/**
 * A parser of other media types (CSV, NDJSON) for a route that takes them besides JSON (bulk imports): the body
 * becomes a string in `req.body`, up to `limitBytes` (larger: 413, as for JSON). Other types are left to the rest.
 */
export function textBodyParser(limitBytes: number, types: readonly string[]): Middleware {
  const parse = expressOfAdapter().text({ type: [...types], limit: limitBytes });
  return (req, res, next) => parse(req, res, (error?: unknown) => {
    if (error === undefined && typeof (req as { body?: unknown }).body === 'string') textBodies.add(req);
    next(error);
  });
}

interface ExpressParsers {
  json(options: { limit: number }): Middleware;
  text(options: { type: string[]; limit: number }): Middleware;
}

function expressOfAdapter(): ExpressParsers {
  const fromAdapter = createRequire(createRequire(import.meta.url).resolve('@nestjs/platform-express'));
  return fromAdapter('express') as ExpressParsers;
}
