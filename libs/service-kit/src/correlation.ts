import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { correlationStore } from './messaging.js';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Incoming ids are echoed only when they are short and printable (they end up in logs and events). */
const ACCEPTABLE = /^[A-Za-z0-9._:@/+=-]{1,200}$/;

type WithCorrelation = IncomingMessage & { correlationId?: string };

/**
 * The request's correlation id: the x-correlation-id header when acceptable, else a new UUID. Idempotent:
 * the pino-http request id and the correlation middleware both call it, in whatever order they run.
 * Also sets the response header.
 */
export function resolveCorrelationId(req: IncomingMessage, res: ServerResponse): string {
  const r = req as WithCorrelation;
  if (r.correlationId) return r.correlationId;
  const header = req.headers[CORRELATION_HEADER];
  const incoming = Array.isArray(header) ? header[0] : header;
  const id = incoming && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
  r.correlationId = id;
  if (!res.headersSent) res.setHeader(CORRELATION_HEADER, id);
  return id;
}

/**
 * Runs the rest of the request inside correlationStore, so that logs and events published while handling
 * it (EventPublisher reads the store) carry the request's correlation id. Registered as a Nest middleware,
 * i.e. after body parsing, so the async context is not lost in the body stream's callbacks.
 */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const correlationId = resolveCorrelationId(req, res);
    correlationStore.run({ correlationId }, next);
  }
}
