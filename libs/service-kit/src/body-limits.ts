import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * The JSON parser Nest's Express adapter uses (`express.json`, resolved from @nestjs/platform-express, so the same
 * version and the same 413 error as the global parser), with another limit: for a route that takes larger bodies.
 */
export function jsonBodyParser(limitBytes: number): Middleware {
  const fromAdapter = createRequire(createRequire(import.meta.url).resolve('@nestjs/platform-express'));
  const express = fromAdapter('express') as { json(options: { limit: number }): Middleware };
  return express.json({ limit: limitBytes });
}
