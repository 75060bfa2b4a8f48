import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUuid } from '@replenish/contracts';
import { badRequest } from './http-errors.js';


/**
 * Nest's Parse*Pipe answer 400 without naming the parameter; these name it (`@Param('id', ParseUuidPipe)` refuses
 * with `errors: [{ field: 'id', reason: 'must be a UUID' }]`), as the ValidationPipe names body fields.
 */
abstract class NamedParamPipe<T> implements PipeTransform<unknown, T> {
  protected abstract readonly reason: string;
  protected abstract parse(value: unknown): T | undefined;

  transform(value: unknown, { data, type }: ArgumentMetadata): T {
    const parsed = this.parse(value);
    if (parsed === undefined) throw badRequest(data ?? type, this.reason);
    return parsed;
  }
}

@Injectable()
export class ParseUuidPipe extends NamedParamPipe<string> {
  protected readonly reason = 'must be a UUID';
  protected parse(value: unknown): string | undefined {
    return isUuid(value) ? value : undefined;
  }
}

/**
 * The largest integer any query or path parameter takes (an offset, a page): far beyond any real list, and every
 * product of it with a page size still fits PostgreSQL's bigint, so no parameter reaches the database as an overflow.
 */
export const MAX_QUERY_INTEGER = 1_000_000_000;

/**
 * A whole number from -MAX_QUERY_INTEGER to MAX_QUERY_INTEGER; `new ParseIntegerPipe(100)` when the parameter is
 * optional. Replaces DefaultValuePipe + ParseIntPipe: the global ValidationPipe turns `?limit=ten` into NaN, which
 * DefaultValuePipe silently replaced by its default.
 */
@Injectable()
export class ParseIntegerPipe extends NamedParamPipe<number> {
  protected readonly reason = 'must be an integer';
  constructor(private readonly fallback?: number) {
    super();
  }
  override transform(value: unknown, metadata: ArgumentMetadata): number {
    const n = super.transform(value, metadata);
    if (Math.abs(n) > MAX_QUERY_INTEGER) throw badRequest(metadata.data ?? metadata.type, `must be at most ${MAX_QUERY_INTEGER} in absolute value`);
    return n;
  }
  protected parse(value: unknown): number | undefined {
    if (value === undefined || value === '') return this.fallback;
    const n = typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value)) ? Number(value) : NaN;
    return Number.isInteger(n) ? n : undefined;
  }
}
