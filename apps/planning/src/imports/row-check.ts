import { HttpException } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, type FieldErrorDto, type MaxStringLengthPipe } from '@replenish/service-kit';
import { UNREADABLE, WrongWidth, type ImportRow } from './import-rows.js';

export type RowCheck<T> = { line: number; ok: true; dto: T } | { line: number; ok: false; errors: FieldErrorDto[] };

/**
 * Rows checked between two yields to the event loop (consumers' heartbeats, other requests, and the steps of the
 * import's batch being written meanwhile: ImportRunner): a few milliseconds of work.
 */
const CHECK_CHUNK = 250;

/**
 * Rows checked exactly as the single-row endpoint checks its body: the global string pipe (length, control
 * characters), then the DTO's class-validator rules with the global ValidationPipe's options (unknown fields
 * refused). A chunk of rows becomes DTO instances in one class-transformer call (per call it costs more than per
 * row); between chunks the event loop runs, so that 100,000 rows do not hold the process up for seconds.
 */
export async function checkRows<T extends object>(rows: ImportRow[], dto: ClassConstructor<T>, strings: MaxStringLengthPipe): Promise<RowCheck<T>[]> {
  const out: RowCheck<T>[] = [];
  for (let i = 0; i < rows.length; i += CHECK_CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    out.push(...checkChunk(rows.slice(i, i + CHECK_CHUNK), dto, strings));
  }
  return out;
}

function checkChunk<T extends object>(rows: ImportRow[], dto: ClassConstructor<T>, strings: MaxStringLengthPipe): RowCheck<T>[] {
  const out: RowCheck<T>[] = [];
  const objects: ImportRow[] = [];
  for (const row of rows) {
    const refusal = shapeRefusal(row.value, strings);
    if (refusal) out.push({ line: row.line, ok: false, errors: refusal });
    else objects.push(row);
  }
  const instances = plainToInstance(dto, objects.map((r) => r.value as object));
  for (const [i, instance] of instances.entries()) {
    const line = (objects[i] as ImportRow).line;
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
    out.push(errors.length > 0 ? { line, ok: false, errors: flattenValidationErrors(errors) } : { line, ok: true, dto: instance });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Why a row is no object to check, or holds a string the global pipe refuses; undefined when it is fine. */
function shapeRefusal(value: unknown, strings: MaxStringLengthPipe): FieldErrorDto[] | undefined {
  if (value === UNREADABLE) return [{ field: '(row)', reason: 'is not a JSON object on one line' }];
  if (value instanceof WrongWidth) return [{ field: '(row)', reason: `has ${value.cells} cells where the header has ${value.columns}` }];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ field: '(row)', reason: 'must be an object' }];
  try {
    strings.transform(value, { type: 'body', data: '' });
    return undefined;
  } catch (e) {
    return fieldErrorsOf(e);
  }
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
