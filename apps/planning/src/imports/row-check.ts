import { HttpException } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, type FieldErrorDto, type MaxStringLengthPipe } from '@replenish/service-kit';
import { UNREADABLE, WrongWidth, type ImportRow } from './import-rows.js';

export type RowCheck<T> = { ok: true; dto: T } | { ok: false; errors: FieldErrorDto[] };

/**
 * A row checked exactly as the single-row endpoint checks its body: the global string pipe (length, control
 * characters), then the DTO's class-validator rules with the global ValidationPipe's options (unknown fields refused).
 */
export function checkRow<T extends object>(row: ImportRow, dto: ClassConstructor<T>, strings: MaxStringLengthPipe): RowCheck<T> {
  const value = row.value;
  if (value === UNREADABLE) return refused('(row)', 'is not a JSON object on one line');
  if (value instanceof WrongWidth) return refused('(row)', `has ${value.cells} cells where the header has ${value.columns}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return refused('(row)', 'must be an object');
  try {
    strings.transform(value, { type: 'body', data: '' });
  } catch (e) {
    return { ok: false, errors: fieldErrorsOf(e) };
  }
  const instance = plainToInstance(dto, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  return errors.length > 0 ? { ok: false, errors: flattenValidationErrors(errors) } : { ok: true, dto: instance };
}

/**
 * The field errors of an HTTP error a single-row check threw (badRequest, notFound, conflict, unprocessable); a
 * conflict names no field, so it is the row's. Anything else is not the row's fault and is thrown on.
 */
export function fieldErrorsOf(e: unknown): FieldErrorDto[] {
  if (!(e instanceof HttpException) || e.getStatus() >= 500) throw e;
  const body = e.getResponse() as { message?: string; errors?: FieldErrorDto[] };
  return body.errors?.length ? body.errors : [{ field: '(row)', reason: String(body.message ?? e.message) }];
}

const refused = (field: string, reason: string): RowCheck<never> => ({ ok: false, errors: [{ field, reason }] });
