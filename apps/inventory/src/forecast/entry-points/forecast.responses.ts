import { ApiProperty } from '@nestjs/swagger';
import type { DatedQuantityWire, ForecastDay } from '../../stock/index.js';
import { QUANTITY_DOC } from '../../shared/quantity.docs.js';
import type { SupplyRow } from '../../planned-moves/index.js';

export class DatedQuantityView implements DatedQuantityWire {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty(QUANTITY_DOC) quantity!: string;
}

export class ForecastDayView implements ForecastDay {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'Remaining incoming on this date (on `from`: also every earlier, late one).' }) incoming!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'Remaining outgoing on this date (on `from`: also every earlier, late one).' }) outgoing!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'Forecast at the end of the day.' }) forecast!: string;
}

export class PlannedMoveView implements SupplyRow {
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty({ enum: ['sales-order-line', 'draft-order', 'planned-move', 'external-order'], description: 'What it belongs to.' }) referenceType!: string;
  @ApiProperty({ example: 'ASN-5521', description: 'The sales line id, the draft id, or its reference in its source system.' }) reference!: string;
  @ApiProperty({ type: String, nullable: true, example: 'wms-north', description: 'planned-move and external-order: the system that announced it.' }) sourceSystem!: string | null;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty(QUANTITY_DOC) planned!: string;
  @ApiProperty(QUANTITY_DOC) done!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'planned - done.' }) remaining!: string;
  @ApiProperty({ description: 'A receipt past its date (in the warehouse calendar), not all received.' }) late!: boolean;
  @ApiProperty({ description: 'Whether it counts in incoming / outgoing (a late receipt does not with INVENTORY_LATE_SUPPLY=ignore).' }) counted!: boolean;
}

export class ForecastView {
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: 'integer', description: 'The stock position sequence it was read at.' }) sequence!: number;
  @ApiProperty(QUANTITY_DOC) onHand!: string;
  @ApiProperty({ type: [DatedQuantityView], description: 'Remaining planned incoming per date.' }) incoming!: DatedQuantityView[];
  @ApiProperty({ type: [DatedQuantityView], description: 'Remaining planned outgoing per date.' }) outgoing!: DatedQuantityView[];
  @ApiProperty({ type: [ForecastDayView], description: 'A point at `from`, then one per later date with a planned move.' }) days!: ForecastDayView[];
  @ApiProperty({ type: [PlannedMoveView], description: 'Every planned move not all done (late receipts included, counted or not), by date: why a rule did or did not order.' })
  plannedMoves!: PlannedMoveView[];
}
