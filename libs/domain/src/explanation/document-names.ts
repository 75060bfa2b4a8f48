/**
 * Documents as users know them, for the sentences of explanations and exceptions: a sales order by its
 * reference ("SO-2"), its line by number ("line 1"), not by the ids the services key them by.
 */
export interface SalesLineNaming {
  readonly salesOrderId: string;
  readonly lineId: string;
  /** The sales order's reference; unknown for data recorded before references were kept. */
  readonly orderRef?: string | null;
  /** The line's number in its order, from 1; absent on events published before it was sent. */
  readonly lineNo?: number | null;
  /** The upstream system's line reference: the line's name when its number is unknown. */
  readonly lineRef?: string | null;
}

/** "SO-2, line 1"; "SO-2, line L7" without a number; "line <id> of sales order <id>" when nothing else is known. */
export function salesLineName(line: SalesLineNaming): string {
  const lineName = line.lineNo ?? line.lineRef;
  if (!line.orderRef) return `line ${lineName ?? line.lineId} of sales order ${line.salesOrderId}`;
  return `${line.orderRef}, line ${lineName ?? line.lineId}`;
}

/** "sales order SO-2", or by id when its reference is unknown. */
export function salesOrderName(order: Pick<SalesLineNaming, 'salesOrderId' | 'orderRef'>): string {
  return `sales order ${order.orderRef || order.salesOrderId}`;
}
