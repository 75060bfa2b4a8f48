/**
 * Typed errors of the replenishment domain. Each carries a stable `code` so that the services can map it
 * to an HTTP status or a dead-letter reason without parsing messages.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** NaN, an infinity, or a string that is not a plain decimal. */
export class InvalidQuantityError extends DomainError {
  readonly code = 'INVALID_QUANTITY';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} must be a finite decimal, got "${value}"`);
  }
}

/** A negative value where a count (an amount of goods, a lot size, a multiple) is meant. */
export class NegativeQuantityError extends DomainError {
  readonly code = 'NEGATIVE_QUANTITY';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} must not be negative, got ${value}`);
  }
}

/**
 * A computed value (on hand after a move, a draft line after a top-up, a line's delivered quantity) that would pass
 * its numeric bound (docs/semantics.md, "Numeric bounds"): the change causing it is refused, a dead letter for an
 * event, 400 naming `field` over REST. The bounds themselves are the contracts'.
 */
export class BoundExceededError extends DomainError {
  readonly code = 'BOUND_EXCEEDED';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Converting or combining quantities whose units measure different things (units and kilograms). */
export class UomCategoryMismatchError extends DomainError {
  readonly code = 'UOM_CATEGORY_MISMATCH';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`cannot convert between UoM ${from} and ${to}: different categories`);
  }
}

/** A UoM definition that cannot be used (factor or rounding step not above zero). */
export class InvalidUomError extends DomainError {
  readonly code = 'INVALID_UOM';
  constructor(
    readonly uom: string,
    reason: string,
  ) {
    super(`UoM ${uom}: ${reason}`);
  }
}

/** A date that is not a valid YYYY-MM-DD calendar date, or a day count that is not a whole number. */
export class InvalidDateError extends DomainError {
  readonly code = 'INVALID_DATE';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} must be a valid YYYY-MM-DD date or whole number of days, got "${value}"`);
  }
}

/** An IANA time zone that Intl does not know. */
export class InvalidTimeZoneError extends DomainError {
  readonly code = 'INVALID_TIME_ZONE';
  constructor(readonly timeZone: string) {
    super(`unknown IANA time zone "${timeZone}"`);
  }
}

/** A reordering rule or policy whose fields contradict each other. */
export class InvalidRuleError extends DomainError {
  readonly code = 'INVALID_RULE';
  constructor(message: string) {
    super(message);
  }
}

/** An attempt to change a draft order that is already confirmed or cancelled. */
export class DraftNotEditableError extends DomainError {
  readonly code = 'DRAFT_NOT_EDITABLE';
  constructor(
    readonly draftId: string | undefined,
    readonly state: string,
  ) {
    super(`draft order ${draftId ?? '(new)'} is ${state} and can no longer be changed`);
  }
}

/** A need that does not belong on the draft it is merged into (another top-up key). */
export class TopUpKeyMismatchError extends DomainError {
  readonly code = 'TOP_UP_KEY_MISMATCH';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`need for key ${actual} cannot be merged into draft for key ${expected}`);
  }
}

/**
 * A product planned by the master production schedule at a warehouse with an active reordering rule
 * there too (the source document: MPS "should absolutely not be used alongside reordering rules").
 */
export class MpsRuleConflictError extends DomainError {
  readonly code = 'MPS_RULE_CONFLICT';
  constructor(
    readonly productId: string,
    readonly warehouseId: string,
    readonly attempted: 'reorderingRule' | 'mps',
  ) {
    super(
      attempted === 'reorderingRule'
        ? `product ${productId} is planned by the master production schedule at warehouse ${warehouseId}: it cannot also have an active reordering rule there`
        : `product ${productId} has an active reordering rule at warehouse ${warehouseId}: it cannot also be planned by the master production schedule there`,
    );
  }
}
