import { BoundExceededError } from '@replenish/domain';
import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { DECIMAL_MAX_LENGTH, DECIMAL_PATTERN, QUANTITY_BOUND, decimalBoundIssue, type DecimalBound } from '@replenish/contracts';

export interface DecimalStringOptions {
  /** Must be greater than zero. */
  positive?: boolean;
  /** Allows a leading minus sign (the default refuses negative quantities). */
  allowNegative?: boolean;
  /** Maximum digits after the decimal point (below the bound's own scale). */
  maxScale?: number;
  /** Integer digits and scale the value must fit (docs/semantics.md, "Numeric bounds"); default QUANTITY_BOUND. */
  bound?: DecimalBound;
}

export const IS_DECIMAL_STRING = 'isDecimalString';

/** The check behind IsDecimalString, usable on its own. */
export function isDecimalString(value: unknown, options: DecimalStringOptions = {}): boolean {
  if (typeof value !== 'string' || value.length > DECIMAL_MAX_LENGTH || !DECIMAL_PATTERN.test(value)) return false;
  if (decimalBoundIssue(value, options.bound ?? QUANTITY_BOUND)) return false;
  const negative = value.startsWith('-');
  const nonZero = /[1-9]/.test(value);
  if (negative && nonZero && !options.allowNegative && !options.positive) return false;
  if (options.positive && (negative || !nonZero)) return false;
  if (options.maxScale !== undefined) {
    const dot = value.indexOf('.');
    if (dot >= 0 && value.length - dot - 1 > options.maxScale) return false;
  }
  return true;
}

function describe(options: DecimalStringOptions, value: unknown): string {
  // A well-formed decimal past its bound gets the bound's reason, the text an event's dead letter carries too.
  const beyond = typeof value === 'string' && DECIMAL_PATTERN.test(value) ? decimalBoundIssue(value, options.bound ?? QUANTITY_BOUND) : undefined;
  if (beyond) return beyond;
  const kind = options.positive ? 'a positive' : options.allowNegative ? 'a' : 'a non-negative';
  const scale = options.maxScale !== undefined ? ` with at most ${options.maxScale} decimals` : '';
  return `must be ${kind} decimal string such as "12" or "0.125"${scale} (quantities are strings, never numbers)`;
}

/**
 * Quantities travel as decimal strings ("12", "0.125"), never JSON numbers. By default negative values are
 * refused; `positive: true` also refuses zero; `allowNegative: true` accepts a leading minus.
 */
export function IsDecimalString(options: DecimalStringOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_DECIMAL_STRING,
      constraints: [options],
      validator: {
        validate: (value: unknown) => isDecimalString(value, options),
        defaultMessage: buildMessage((eachPrefix, args) => `${eachPrefix}$property ${describe(options, args?.value)}`, validationOptions),
      },
    },
    validationOptions,
  );
}

/**
 * Guards a computed value (a sum of moves, a topped-up draft line) at its bound: throws BoundExceededError naming
 * `field`, with `change` saying what would pass it, e.g. "booking this move would take onHand of P1 at WH1 to 10^15".
 * An event is dead-lettered with that reason, a REST call answers 400; nothing is written.
 */
export function assertWithinBound(value: { toString(): string }, field: string, change: string, bound: DecimalBound = QUANTITY_BOUND): void {
  const text = value.toString();
  const issue = decimalBoundIssue(text, bound);
  if (issue) throw new BoundExceededError(field, `${change} to ${text}, which ${issue}`);
}
