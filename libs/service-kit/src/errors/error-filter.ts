import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter, type HttpServer } from '@nestjs/common';
import { isPermanentError } from '@replenish/messaging';
import type { ErrorBodyDto } from './error-body.js';
import { badRequest, errorBody } from './http-errors.js';

/**
 * A service's own domain errors as HTTP answers (built with badRequest, notFound, conflict...); undefined for an
 * error it does not know, which then answers the generic 500.
 */
export type HttpErrorMapping = (error: unknown) => HttpException | undefined;

/** What body-parser says when it refuses a body (Nest keeps its error as the cause of the HttpException). */
interface BodyParserError {
  type?: string;
  message?: string;
}

/**
 * The one mapping of errors to answers, for every route of every service: each 4xx in the ErrorBodyDto shape
 * (with a `code`); deliberate 5xx answers (the health check's 503) as thrown; anything else a generic 500,
 * logged with its stack here and never sent, so no stack trace or SQL reaches a client.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  constructor(
    private readonly http: HttpServer,
    private readonly mapDomainError: HttpErrorMapping = () => undefined,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res: unknown = host.switchToHttp().getResponse();
    const answer = exception instanceof HttpException ? exception : this.mapDomainError(exception) ?? permanentFault(exception);
    const [status, body] = answer ? [answer.getStatus(), bodyOf(answer)] : [500, this.unexpected(exception)];
    if (!this.http.isHeadersSent(res)) this.http.reply(res, body, status);
  }

  private unexpected(exception: unknown): ErrorBodyDto {
    this.logger.error(exception instanceof Error ? exception.message : String(exception), exception instanceof Error ? exception.stack : undefined);
    return errorBody(500, 'Internal server error');
  }
}

/**
 * A write whose effect publishes an event that breaks its contract (the outbox publisher's PermanentError: a quantity
 * whose position no longer fits) is the request's fault, not the server's: 400 with the reason, the write rolled back.
 */
function permanentFault(exception: unknown): HttpException | undefined {
  return isPermanentError(exception) ? badRequest('(body)', exception.message) : undefined;
}

function bodyOf(e: HttpException): unknown {
  const status = e.getStatus();
  const response = e.getResponse();
  if (status >= 500) return response;
  const refused = (e.cause as BodyParserError | undefined)?.type;
  if (refused === 'entity.parse.failed') {
    return errorBody(status, 'Malformed JSON', { errors: [{ field: '(body)', reason: `malformed JSON: ${(e.cause as BodyParserError).message}` }] });
  }
  if (typeof response !== 'object' || response === null) return errorBody(status, String(response));
  const r = response as { message?: unknown; code?: unknown; errors?: ErrorBodyDto['errors'] };
  const message = Array.isArray(r.message) ? r.message.join('; ') : typeof r.message === 'string' ? r.message : e.message;
  return errorBody(status, message, { code: typeof r.code === 'string' ? r.code : undefined, errors: Array.isArray(r.errors) ? r.errors : undefined });
}
