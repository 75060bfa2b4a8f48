/**
 * Errors of the sales order lifecycle. Each has a stable `code`; the entry points map them to an HTTP status
 * (REST) or to a dead letter / retry (Kafka) without parsing messages.
 */
export abstract class SalesOrderError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A transition the order's status does not allow (confirm a cancelled order, replace a confirmed one...). HTTP 409. */
export class InvalidTransitionError extends SalesOrderError {
  readonly code = 'INVALID_TRANSITION';
}

/** A line change the line does not allow (below its delivered quantity...). HTTP 409. */
export class LineChangeRefusedError extends SalesOrderError {
  readonly code = 'LINE_CHANGE_REFUSED';
}

/** Data that can never be accepted, whatever the state: names the field. HTTP 400, or dead letter. */
export class InvalidOrderDataError extends SalesOrderError {
  readonly code = 'INVALID_ORDER_DATA';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** HTTP 404 naming the parameter that found nothing (`id` or `orderRef`), or dead letter. */
export class SalesOrderNotFoundError extends SalesOrderError {
  readonly code = 'SALES_ORDER_NOT_FOUND';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** HTTP 404 naming the parameter that found no line (`lineId` or `lineRef`), or dead letter. */
export class LineNotFoundError extends SalesOrderError {
  readonly code = 'LINE_NOT_FOUND';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** HTTP 404 naming the line's `warehouseId`, or dead letter: inventory never announced the warehouse. */
export class UnknownWarehouseError extends SalesOrderError {
  readonly code = 'WAREHOUSE_NOT_FOUND';
  readonly reason: string;
  constructor(
    readonly field: string,
    warehouseId: string,
  ) {
    const reason = `unknown warehouse ${warehouseId}: create it in inventory first`;
    super(`${field}: ${reason}`);
    this.reason = reason;
  }
}

/**
 * Someone else changed the order between our read and our write (optimistic concurrency, version column).
 * Transient: Kafka retries the message; REST retries the use case a few times, then answers 409.
 */
export class ConcurrentModificationError extends SalesOrderError {
  readonly code = 'CONCURRENT_MODIFICATION';
}
