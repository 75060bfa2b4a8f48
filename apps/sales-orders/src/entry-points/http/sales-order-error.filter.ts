import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { IdempotencyKeyReusedError } from '../../application/idempotent-transaction.js';
import {
  ConcurrentModificationError,
  InvalidOrderDataError,
  InvalidTransitionError,
  LineChangeRefusedError,
  LineNotFoundError,
  SalesOrderError,
  SalesOrderNotFoundError,
} from '../../domain/errors.js';

/** The part of express's response used here (no @types/express in the workspace). */
export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
}

/**
 * Domain errors to HTTP: invalid data 400 (same body as the global ValidationPipe: errors[{field, reason}]),
 * unknown order or line 404, refused transition or change 409 with the reason, reused Idempotency-Key 422.
 */
@Catch(SalesOrderError)
export class SalesOrderErrorFilter implements ExceptionFilter {
  catch(error: SalesOrderError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpResponse>();
    if (error instanceof InvalidOrderDataError) {
      res.status(HttpStatus.BAD_REQUEST).json({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: error.field, reason: error.reason }],
      });
      return;
    }
    const [status, label] =
      error instanceof SalesOrderNotFoundError || error instanceof LineNotFoundError
        ? [HttpStatus.NOT_FOUND, 'Not Found']
        : error instanceof IdempotencyKeyReusedError
          ? [HttpStatus.UNPROCESSABLE_ENTITY, 'Unprocessable Entity']
          : error instanceof InvalidTransitionError || error instanceof LineChangeRefusedError || error instanceof ConcurrentModificationError
            ? [HttpStatus.CONFLICT, 'Conflict']
            : [HttpStatus.INTERNAL_SERVER_ERROR, 'Internal Server Error'];
    res.status(status).json({ statusCode: status, error: label, code: error.code, message: error.message });
  }
}
