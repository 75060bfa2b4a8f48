import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { badRequest } from '../errors/http-errors.js';

/**
 * C0 control characters and DEL, except tab, line feed and carriage return (text a person may type). PostgreSQL
 * refuses a NUL in text outright, and none of them belongs in an id, a reference or a name.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The path ('lines.0.note') and reason of the first string in `value` that `check` refuses, if any. */
function firstRefused(value: unknown, check: (s: string) => string | undefined, path: string): { path: string; reason: string } | undefined {
  if (typeof value === 'string') {
    const reason = check(value);
    return reason === undefined ? undefined : { path, reason };
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = firstRefused(v, check, path ? `${path}.${k}` : k);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Global pipe before validation, for every body, query and path parameter whether or not its DTO says so: a string
 * longer than HTTP_MAX_STRING_LENGTH, or holding a control character, answers 400 naming it.
 */
export class MaxStringLengthPipe implements PipeTransform {
  constructor(private readonly max: number) {}

  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type === 'custom') return value;
    const refused = firstRefused(value, (s) => this.refusal(s), data ?? '');
    if (refused !== undefined) throw badRequest(refused.path || (type === 'body' ? '(body)' : type), refused.reason);
    return value;
  }

  private refusal(s: string): string | undefined {
    if (s.length > this.max) return `must be at most ${this.max} characters`;
    if (CONTROL_CHARACTER.test(s)) return 'must not contain control characters (NUL, U+0001 to U+001F but tab and line breaks, DEL)';
    return undefined;
  }
}
