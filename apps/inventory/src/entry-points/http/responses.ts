import { ApiProperty } from '@nestjs/swagger';
import type { WarehouseRecord } from '../../data-access/warehouse.repository.js';
import type { MoveRecord } from '../../data-access/stock-query.repository.js';
import type { LocationKind } from '../../domain/locations.js';
import type { DatedQuantityWire, ForecastDay } from '../../domain/position.js';
import { MOVE_KINDS, MoveReferenceDto } from './dto.js';

// What inventory's REST endpoints answer. Quantities are decimal strings in the product's stock UoM.
const QUANTITY = { type: String, example: '12', description: 'Decimal string.' } as const;
const LOCATION_KINDS: readonly LocationKind[] = ['view', 'internal', 'virtual'];

export class LocationView {
  @ApiProperty({ example: 'WH1/Stock/Shelf 1' }) code!: string;
  @ApiProperty({ example: 'Shelf 1' }) name!: string;
  @ApiProperty({ enum: LOCATION_KINDS, description: 'view: a warehouse itself; internal: a place in it; virtual: vendors, customers, adjustments.' }) kind!: LocationKind;
  @ApiProperty({ type: String, nullable: true, example: 'WH1', description: 'null for virtual locations.' }) warehouseId!: string | null;
  @ApiProperty({ description: "The warehouse's stock location or below it: counts in on hand." }) isStock!: boolean;
}

export class WarehouseView implements WarehouseRecord {
  @ApiProperty({ example: 'WH1', description: 'The id events use (productId@warehouseId).' }) id!: string;
  @ApiProperty({ example: 'WH1' }) code!: string;
  @ApiProperty({ example: 'Main warehouse' }) name!: string;
  @ApiProperty({ example: 'Europe/Paris' }) timeZone!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class WarehouseDetailView extends WarehouseView {
  @ApiProperty({ example: 'WH1/Stock' }) stockLocation!: string;
  @ApiProperty({ type: [LocationView] }) locations!: LocationView[];
}

export class OnHandLocationView {
  @ApiProperty({ example: 'WH1/Stock/Shelf 1' }) location!: string;
  @ApiProperty({ type: String, nullable: true, example: 'WH1' }) warehouseId!: string | null;
  @ApiProperty(QUANTITY) quantity!: string;
  @ApiProperty({ description: 'A stock location below zero.' }) negative!: boolean;
}

export class OnHandView {
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'WH1', description: 'The filter asked for, null when none.' }) warehouseId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The filter asked for, null when none.' }) location!: string | null;
  @ApiProperty({ example: 'Units', description: "The product's stock UoM." }) uom!: string;
  @ApiProperty({ ...QUANTITY, description: 'The sum over the stock locations listed.' }) onHand!: string;
  @ApiProperty({ description: 'onHand is below zero.' }) negative!: boolean;
  @ApiProperty({ type: [OnHandLocationView] }) locations!: OnHandLocationView[];
}

export class DatedQuantityView implements DatedQuantityWire {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty(QUANTITY) quantity!: string;
}

export class ForecastDayView implements ForecastDay {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ ...QUANTITY, description: 'Remaining incoming on this date (on `from`: also every earlier, late one).' }) incoming!: string;
  @ApiProperty({ ...QUANTITY, description: 'Remaining outgoing on this date (on `from`: also every earlier, late one).' }) outgoing!: string;
  @ApiProperty({ ...QUANTITY, description: 'Forecast at the end of the day.' }) forecast!: string;
}

export class ForecastView {
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: 'integer', description: 'The stock position sequence it was read at.' }) sequence!: number;
  @ApiProperty(QUANTITY) onHand!: string;
  @ApiProperty({ type: [DatedQuantityView], description: 'Remaining planned incoming per date.' }) incoming!: DatedQuantityView[];
  @ApiProperty({ type: [DatedQuantityView], description: 'Remaining planned outgoing per date.' }) outgoing!: DatedQuantityView[];
  @ApiProperty({ type: [ForecastDayView], description: 'A point at `from`, then one per later date with a planned move.' }) days!: ForecastDayView[];
}

export class MoveView implements MoveRecord {
  @ApiProperty({ example: 'WMS-4711' }) moveId!: string;
  @ApiProperty({ enum: MOVE_KINDS }) kind!: string;
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ ...QUANTITY, description: 'In the stock UoM.' }) quantity!: string;
  @ApiProperty({ example: 'Units', description: "The product's stock UoM." }) uom!: string;
  @ApiProperty({ ...QUANTITY, description: 'As the move gave it, in originalUom.' }) originalQuantity!: string;
  @ApiProperty({ example: 'Dozens' }) originalUom!: string;
  @ApiProperty({ example: 'virtual/vendor' }) fromLocation!: string;
  @ApiProperty({ example: 'WH1/Stock' }) toLocation!: string;
  @ApiProperty({ format: 'date-time' }) doneAt!: string;
  @ApiProperty({ type: MoveReferenceDto, nullable: true }) reference!: MoveReferenceDto | null;
  @ApiProperty({ format: 'date-time', description: 'When inventory booked it.' }) recordedAt!: string;
}

export class MovesPageView {
  @ApiProperty({ type: [MoveView] }) items!: MoveView[];
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The offset of the next page; null on the last one.' }) nextOffset!: number | null;
}

export class CountResultView {
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ example: 'WH1/Stock/Shelf 1' }) location!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiProperty({ ...QUANTITY, description: 'On hand at the location before the count.' }) before!: string;
  @ApiProperty({ ...QUANTITY, description: 'The count, in the stock UoM.' }) counted!: string;
  @ApiProperty({ ...QUANTITY, description: 'counted - before (negative: stock was lost).' }) difference!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The adjustment move booked; null when nothing differed.' }) moveId!: string | null;
}
