import { addDays, type IsoDate } from '../dates/iso-date.js';

export interface ManufacturingStartInput {
  /** The draft's order date: the earliest manufacturing start its needs asked for (draftDates); null when none did. */
  readonly orderDate: IsoDate | null;
  /** The draft line's planned (finish) date. */
  readonly plannedDate: IsoDate;
  /** The BOM's production delay, in days. */
  readonly productionDelayDays: number;
}

/**
 * When a manufacturing draft starts, so consumes its components (decision planning-009): its order date, else
 * its line's planned date minus the BOM's production delay (draftDates' manufacturing start).
 */
export function manufacturingStartDate(input: ManufacturingStartInput): IsoDate {
  return input.orderDate ?? addDays(input.plannedDate, -input.productionDelayDays);
}
