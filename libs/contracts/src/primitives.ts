import { z } from 'zod';
import { FACTOR_BOUND, QUANTITY_BOUND, decimalBoundIssue, type DecimalBound } from './numeric-bounds.js';

/** A decimal string: optional minus, digits, optional fraction; no exponent, no blanks. */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
export const DECIMAL_MAX_LENGTH = 40;

/** A decimal string within `bound` (libs/contracts numeric-bounds.ts); the reason names the bound it passes. */
export const boundedDecimal = (bound: DecimalBound) =>
  z
    .string()
    .max(DECIMAL_MAX_LENGTH)
    .regex(DECIMAL_PATTERN, 'must be a decimal string such as "12" or "0.125"')
    .superRefine((s, ctx) => {
      const issue = decimalBoundIssue(s, bound);
      if (issue) ctx.addIssue({ code: 'custom', message: issue });
    });

/** Quantities travel as decimal strings, never JSON numbers, so no float ever touches them; within QUANTITY_BOUND. */
export const decimalString = boundedDecimal(QUANTITY_BOUND);

export const positiveDecimal = decimalString.refine((s) => !s.startsWith('-') && /[1-9]/.test(s), {
  message: 'must be greater than zero',
});

export const nonNegativeDecimal = decimalString.refine((s) => !s.startsWith('-'), {
  message: 'must not be negative',
});

/** A UoM factor: above zero, within FACTOR_BOUND. */
export const positiveFactor = boundedDecimal(FACTOR_BOUND).refine((s) => !s.startsWith('-') && /[1-9]/.test(s), {
  message: 'must be greater than zero',
});

/** A calendar date (the warehouse's local date), YYYY-MM-DD. */
export const isoDate = z.iso.date();
export const isoInstant = z.iso.datetime({ offset: true });
export const id = z.string().min(1).max(100);
/** A UUID in RFC 9562's form (z.uuid(); class-validator's @IsUUID accepts the same): event and draft ids. */
export const uuid = z.uuid();
/** The one UUID check, for values that are no schema's field (path parameters, causation ids, draft references). */
export const isUuid = (value: unknown): value is string => uuid.safeParse(value).success;
export const uomCode = z.string().min(1).max(20);

export const uom = z.object({
  code: uomCode,
  category: z.string().min(1).max(50),
  /** How many reference units of the category one of this UoM is (dozen = 12 for category "unit"). */
  factor: positiveFactor,
  /** Rounding step: 1 for units, 0.001 for kg. */
  rounding: positiveDecimal,
});
/** A UoM as events carry it and services store it; libs/domain's uomOf makes it a Uom. */
export type UomWire = z.infer<typeof uom>;

export const datedQuantity = z.object({ date: isoDate, quantity: decimalString });
