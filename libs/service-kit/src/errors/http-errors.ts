import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import type { ErrorBodyDto, FieldErrorDto } from './error-body.js';

/** Codes that differ from the status's reason phrase in snake case ('not_found', 'conflict', 'payload_too_large'...). */
const CODE_OF_STATUS: Readonly<Record<number, string>> = { 400: 'validation_failed', 500: 'internal_error' };

export const reasonPhrase = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** The generic machine code of a status, for answers that bring no code of their own. */
export function codeOfStatus(status: number): string {
  return CODE_OF_STATUS[status] ?? reasonPhrase(status).toLowerCase().replace(/[^a-z]+/g, '_');
}

export interface ErrorDetails {
  /** A service's own code ('RULE_EXISTS'); default: the status's generic code. */
  code?: string;
  errors?: FieldErrorDto[];
}

/** The one error body: every 4xx and the generic 500 of every service. */
export function errorBody(status: number, message: string, { code, errors }: ErrorDetails = {}): ErrorBodyDto {
  return { statusCode: status, error: reasonPhrase(status), code: code ?? codeOfStatus(status), message, ...(errors ? { errors } : {}) };
}

export const httpError = (status: number, message: string, details?: ErrorDetails): HttpException =>
  new HttpException(errorBody(status, message, details), status);

/** 400 naming the refused field (a body path, a path or query parameter) and why. */
export const badRequest = (field: string, reason: string): HttpException => httpError(400, 'Validation failed', { errors: [{ field, reason }] });

/** 404 naming the reference that does not exist: the path parameter or the body field holding it. */
export const notFound = (field: string, reason: string, code?: string): HttpException => httpError(404, reason, { code, errors: [{ field, reason }] });

/** 409: the request conflicts with the current state; `code` says which conflict ('RULE_EXISTS'). */
export const conflict = (message: string, code?: string): HttpException => httpError(409, message, { code });

/** 422: well formed, but the current data cannot serve it (`reason` says what to add first). */
export const unprocessable = (field: string, reason: string, code?: string): HttpException =>
  httpError(422, reason, { code, errors: [{ field, reason }] });
