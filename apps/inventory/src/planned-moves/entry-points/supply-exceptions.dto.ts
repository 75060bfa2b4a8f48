import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_QUERY_INTEGER } from '@replenish/service-kit';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { SupplyException } from '../data-access/supply.repository.js';
import { QUANTITY_DOC } from '../../shared/quantity.docs.js';

export const SUPPLY_EXCEPTION_KINDS = ['late', 'over-received'] as const;

export class SupplyExceptionsQueryDto {
  @ApiPropertyOptional({ example: 'widget' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  productId?: string;

  @ApiPropertyOptional({ example: 'WH1' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  warehouseId?: string;

  @ApiPropertyOptional({ enum: SUPPLY_EXCEPTION_KINDS }) @IsOptional() @IsIn(SUPPLY_EXCEPTION_KINDS)
  kind?: SupplyException['kind'];

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: MAX_QUERY_INTEGER })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_QUERY_INTEGER)
  offset?: number;
}

export class SupplyExceptionView implements SupplyException {
  @ApiProperty({ enum: SUPPLY_EXCEPTION_KINDS, description: 'late: a receipt past its date, not all received; over-received: more was done than planned (booked all the same).' })
  kind!: SupplyException['kind'];
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'late: the quantity not received; over-received: what was done past the planned quantity.' }) quantity!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: 'in' | 'out';
  @ApiProperty({ enum: ['sales-order-line', 'draft-order', 'planned-move', 'external-order'] }) referenceType!: string;
  @ApiProperty({ example: 'ASN-5521', description: 'The sales line id, the draft id, or its reference in its source system.' }) reference!: string;
  @ApiProperty({ type: String, nullable: true, example: 'wms-north' }) sourceSystem!: string | null;
  @ApiProperty({ format: 'date', description: 'The planned date.' }) date!: string;
  @ApiProperty(QUANTITY_DOC) planned!: string;
  @ApiProperty(QUANTITY_DOC) done!: string;
  @ApiProperty(QUANTITY_DOC) remaining!: string;
  @ApiProperty() late!: boolean;
  @ApiProperty({ description: 'Whether what is left of it counts in the position (a late receipt does not with INVENTORY_LATE_SUPPLY=ignore).' }) counted!: boolean;
}

export class SupplyExceptionsView {
  @ApiProperty({ enum: ['count', 'ignore'], description: 'INVENTORY_LATE_SUPPLY: whether late receipts still count as incoming.' }) lateSupply!: 'count' | 'ignore';
  @ApiProperty({ type: [SupplyExceptionView] }) items!: SupplyExceptionView[];
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}
