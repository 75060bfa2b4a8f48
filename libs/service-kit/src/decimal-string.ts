import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { DECIMAL_MAX_LENGTH, DECIMAL_PATTERN } from '@replenish/contracts';

export interface DecimalStringOptions {
  /** Must be greater than zero. */
  positive?: boolean;
  /** Allows a leading minus sign (the default refuses negative quantities). */
  allowNegative?: boolean;
  /** Maximum digits after the decimal point. */
  maxScale?: number;
}

export const IS_DECIMAL_STRING = 'isDecimalString';

/** The check behind IsDecimalString, usable on its own. */
export function isDecimalString(value: unknown, options: DecimalStringOptions = {}): boolean {
  if (typeof value !== 'string' || value.length > DECIMAL_MAX_LENGTH || !DECIMAL_PATTERN.test(value)) return false;
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

function describe(options: DecimalStringOptions): string {
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
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property ${describe(options)}`, validationOptions),
      },
    },
    validationOptions,
  );
}
