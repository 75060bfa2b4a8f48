import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAllowedTextBody } from '../body-limits.js';
import { httpError } from './http-errors.js';

/** Only JSON is parsed: a body of any other type would reach validation as `{}` and fail on every field instead. */
const JSON_TYPE = 'application/json';

/** Whether the request carries a body; an empty POST (content-length 0) does not. */
const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

const mediaType = (contentType: string | undefined): string | undefined => contentType?.split(';')[0]?.trim().toLowerCase() || undefined;

/** Middleware: a request body that is not application/json (nor a type its route takes, ServiceDefinition.textBodyTypes) answers 415 naming the type to send. */
export function requireJsonBody(req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  const type = mediaType(req.headers['content-type']);
  if (!hasBody(req) || type === JSON_TYPE || isAllowedTextBody(req)) return next();
  const reason = `must be sent as ${JSON_TYPE} (Content-Type: ${type ?? 'none'})`;
  next(httpError(415, `Unsupported media type: send the body as ${JSON_TYPE}`, { errors: [{ field: '(body)', reason }] }));
}
