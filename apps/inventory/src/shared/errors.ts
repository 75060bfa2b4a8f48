/**
 * Bad input found by the pure inventory logic. The messaging entry point turns it into a PermanentError
 * (dead letter with this message), the HTTP entry point into 400 or 404 naming the field.
 */
export class InventoryInputError extends Error {
  constructor(
    readonly code: 'UNKNOWN_PRODUCT' | 'UNKNOWN_LOCATION' | 'UNKNOWN_UOM' | 'UOM_CATEGORY_MISMATCH' | 'INVALID_QUANTITY' | 'INVALID_MOVE' | 'UNKNOWN_REFERENCE',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InventoryInputError';
  }

  /** Unknown references are "not found"; everything else is malformed input. */
  get notFound(): boolean {
    return this.code === 'UNKNOWN_PRODUCT' || this.code === 'UNKNOWN_LOCATION';
  }
}
