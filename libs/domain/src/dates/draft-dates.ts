import { addDays, assertWholeDays, type IsoDate } from './iso-date.js';

/**
 * The dates of a draft order (docs/semantics.md, "Lead times and dates"), all counted back from the need date:
 * need date -> planned date (minus security lead time) -> order date (minus vendor lead time) for a
 * purchase, or manufacturing start (minus production delay) for a manufacturing order.
 */
export interface DraftDatesInput {
  /** Lead days date for a rule, delivery date for an MTO line. */
  needDate: IsoDate;
  /** Purchase or manufacturing security lead time, in days. */
  securityLeadDays?: number;
  /** Buy only: the vendor's lead time. */
  vendorLeadDays?: number;
  /** Manufacture only: the BOM's production delay. */
  productionDelayDays?: number;
}

export interface DraftDates {
  readonly needDate: IsoDate;
  readonly plannedDate: IsoDate;
  /** Present when a vendor lead time was given. */
  readonly orderDate?: IsoDate;
  /** Present when a production delay was given: planned finish minus production delay. */
  readonly manufacturingStartDate?: IsoDate;
}

export function draftDates(input: DraftDatesInput): DraftDates {
  const plannedDate = addDays(input.needDate, -assertWholeDays(input.securityLeadDays ?? 0, 'securityLeadDays'));
  const out: { -readonly [K in keyof DraftDates]: DraftDates[K] } = { needDate: input.needDate, plannedDate };
  if (input.vendorLeadDays !== undefined) out.orderDate = addDays(plannedDate, -assertWholeDays(input.vendorLeadDays, 'vendorLeadDays'));
  if (input.productionDelayDays !== undefined) {
    out.manufacturingStartDate = addDays(plannedDate, -assertWholeDays(input.productionDelayDays, 'productionDelayDays'));
  }
  return out;
}

export interface SalesDeliveryInput {
  /** The date promised to the customer, when set it wins over the computed date. */
  commitmentDate?: IsoDate;
  orderDate: IsoDate;
  customerLeadDays?: number;
  salesSecurityLeadDays?: number;
}

/** Sales delivery date = (commitment date, or order date + customer lead time) - sales security lead time. */
export function salesDeliveryDate(input: SalesDeliveryInput): IsoDate {
  const promised = input.commitmentDate ?? addDays(input.orderDate, assertWholeDays(input.customerLeadDays ?? 0, 'customerLeadDays'));
  return addDays(promised, -assertWholeDays(input.salesSecurityLeadDays ?? 0, 'salesSecurityLeadDays'));
}
