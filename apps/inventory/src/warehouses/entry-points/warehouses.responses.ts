import { ApiProperty } from '@nestjs/swagger';
import type { WarehouseRecord } from '../data-access/warehouse.repository.js';
import type { LocationKind } from '../locations.js';

// What the warehouse and location endpoints answer.
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
