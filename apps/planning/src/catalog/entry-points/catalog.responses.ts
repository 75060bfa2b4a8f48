import { ApiProperty } from '@nestjs/swagger';
import type { BomRow, ProductRow, SupplierInfoRow, VendorRow, WarehouseSettingsRow } from '../data-access/catalog.repository.js';
import { BOM_TYPES, BomByProductDto, BomComponentDto, DAYS_DOC, DECIMAL_DOC, UomDto } from './catalog.dto.js';

// What the catalog endpoints answer: the rows as stored, every default filled in.

export class ProductView implements ProductRow {
  @ApiProperty({ example: 'P-100' }) id!: string;
  @ApiProperty({ example: 'SKU-100' }) sku!: string;
  @ApiProperty({ example: 'Widget' }) name!: string;
  @ApiProperty({ type: UomDto }) stockUom!: UomDto;
  @ApiProperty({ type: UomDto, nullable: true, description: 'null: bought in the stock UoM.' }) purchaseUom!: UomDto | null;
  @ApiProperty({ type: [String], example: ['buy'] }) routes!: string[];
  @ApiProperty() takeFromStockFirst!: boolean;
  @ApiProperty({ description: 'false once deactivated (products are never deleted).' }) active!: boolean;
  @ApiProperty({ type: 'integer', description: 'Grows by one per change.' }) version!: number;
}

export class VendorView implements VendorRow {
  @ApiProperty({ example: 'V-1' }) id!: string;
  @ApiProperty({ example: 'Acme Supplies' }) name!: string;
  @ApiProperty() active!: boolean;
}

export class SupplierInfoView implements SupplierInfoRow {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'V-1' }) vendorId!: string;
  @ApiProperty({ ...DAYS_DOC, example: 5 }) leadTimeDays!: number;
  @ApiProperty({ ...DECIMAL_DOC, example: '0' }) minQty!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '2.50' }) price!: string;
  @ApiProperty({ type: 'integer', example: 10, description: 'Lower is preferred.' }) sequence!: number;
}

export class BomView implements BomRow {
  @ApiProperty({ example: 'BOM-100' }) id!: string;
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '1' }) outputQty!: string;
  @ApiProperty({ ...DAYS_DOC, example: 2 }) productionDelayDays!: number;
  @ApiProperty({ type: [BomComponentDto] }) components!: BomComponentDto[];
  @ApiProperty({ enum: BOM_TYPES, example: 'normal' }) type!: 'normal' | 'phantom';
  @ApiProperty({ type: [BomByProductDto] }) byProducts!: BomRow['byProducts'];
}

export class WarehouseSettingsView implements WarehouseSettingsRow {
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Main warehouse', description: "Inventory's name of the warehouse." }) name!: string | null;
  @ApiProperty({ example: 'Europe/Paris', description: "Inventory's time zone of the warehouse: its calendar." }) timeZone!: string;
  @ApiProperty({ ...DAYS_DOC }) purchaseSecurityLeadDays!: number;
  @ApiProperty({ ...DAYS_DOC }) manufacturingSecurityLeadDays!: number;
  @ApiProperty({ ...DAYS_DOC }) daysToPurchase!: number;
  @ApiProperty({ ...DAYS_DOC }) daysToPrepare!: number;
  @ApiProperty({ ...DAYS_DOC, description: 'Lead days of a resupply (transfer) into this warehouse.' }) transferLeadDays!: number;
}
