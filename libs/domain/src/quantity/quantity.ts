import { Decimal, dec, nonNegativeDec, type DecimalInput } from './decimal.js';
import { assertSameCategory, compareAtStep, convertAmount, convertAmountExact, roundToStep, roundUpToStep, type Uom } from './uom.js';

/**
 * An amount of goods in a unit. Immutable; every operation returns a new Quantity. The amount keeps full
 * precision; `rounded()` and the comparisons apply the unit's step, so nothing is lost until asked.
 */
export class Quantity {
  private constructor(
    readonly amount: Decimal,
    readonly uom: Uom,
  ) {}

  /** Any finite amount, negative included (a forecast can be below zero). */
  static of(amount: DecimalInput, uom: Uom): Quantity {
    return new Quantity(dec(amount), uom);
  }

  /** An amount that counts goods and so cannot be negative (an order line, a lot). */
  static count(amount: DecimalInput, uom: Uom, field = 'quantity'): Quantity {
    return new Quantity(nonNegativeDec(amount, field), uom);
  }

  /** Parses a decimal string such as "12.500" (what events carry). */
  static parse(text: string, uom: Uom): Quantity {
    return new Quantity(dec(text), uom);
  }

  static zero(uom: Uom): Quantity {
    return new Quantity(new Decimal(0), uom);
  }

  /** Adds another quantity of the same category; the other is converted exactly, not rounded. */
  plus(other: Quantity): Quantity {
    return new Quantity(this.amount.plus(convertAmountExact(other.amount, other.uom, this.uom)), this.uom);
  }

  minus(other: Quantity): Quantity {
    return new Quantity(this.amount.minus(convertAmountExact(other.amount, other.uom, this.uom)), this.uom);
  }

  times(factor: DecimalInput): Quantity {
    return new Quantity(this.amount.times(dec(factor, 'factor')), this.uom);
  }

  /** Converts into another unit of the same category, rounding half-up at that unit's step. */
  to(uom: Uom): Quantity {
    return new Quantity(convertAmount(this.amount, this.uom, uom), uom);
  }

  /** This quantity rounded half-up to its unit's step. */
  rounded(): Quantity {
    return new Quantity(roundToStep(this.amount, this.uom.rounding), this.uom);
  }

  /** This quantity rounded up to its unit's step (for amounts to order: never short). */
  roundedUp(): Quantity {
    return new Quantity(roundUpToStep(this.amount, this.uom.rounding), this.uom);
  }

  /** Compares at this quantity's unit step, after converting the other exactly. */
  compare(other: Quantity): -1 | 0 | 1 {
    assertSameCategory(this.uom, other.uom);
    return compareAtStep(this.amount, convertAmountExact(other.amount, other.uom, this.uom), this.uom.rounding);
  }

  equals(other: Quantity): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return roundToStep(this.amount, this.uom.rounding).isZero();
  }

  isNegative(): boolean {
    const r = roundToStep(this.amount, this.uom.rounding);
    return r.isNegative() && !r.isZero();
  }

  /** The full-precision decimal string, e.g. "12.5". */
  toString(): string {
    return this.amount.toString();
  }

  /** Wire form: the amount as a decimal string, never a JSON number. */
  toJSON(): { quantity: string; uom: string } {
    return { quantity: this.amount.toString(), uom: this.uom.code };
  }
}
