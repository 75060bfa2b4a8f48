import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { badRequest } from '../errors/http-errors.js';

/** The path of the first string in `value` longer than `max` ('lines.0.note'), if any. */
function overLong(value: unknown, max: number, path: string): string | undefined {
  if (typeof value === 'string') return value.length > max ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = overLong(v, max, path ? `${path}.${k}` : k);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Global pipe before validation: a string longer than HTTP_MAX_STRING_LENGTH anywhere in a body, query or path
 * parameter answers 400 naming it, whether or not its DTO sets a maximum length.
 */
export class MaxStringLengthPipe implements PipeTransform {
  constructor(private readonly max: number) {}

  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type === 'custom') return value;
    const field = overLong(value, this.max, data ?? '');
    if (field !== undefined) throw badRequest(field || (type === 'body' ? '(body)' : type), `must be at most ${this.max} characters`);
    return value;
  }
}
