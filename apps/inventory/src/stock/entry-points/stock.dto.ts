import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { stockMoveDone } from '@replenish/contracts';
import { BodySchema, IsDecimalString, MAX_QUERY_INTEGER } from '@replenish/service-kit';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { MoveKind, ReferenceType } from '../move-effects.js';

export class OnHandQueryDto {
  @ApiProperty({ example: 'widget' }) @IsString() @MinLength(1) @MaxLength(100)
  productId!: string;

  @ApiPropertyOptional({ example: 'WH1', description: "The warehouse's stock locations." }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  warehouseId?: string;

  @ApiPropertyOptional({ example: 'WH1/Stock', description: 'A location code: that location and the locations below it.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  location?: string;
}

export class MovesQueryDto {
  @ApiPropertyOptional({ example: 'widget' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  productId?: string;

  @ApiPropertyOptional({ example: 'WH1' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  warehouseId?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: MAX_QUERY_INTEGER })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_QUERY_INTEGER)
  offset?: number;

  @ApiPropertyOptional({ enum: ['desc', 'asc'], default: 'desc' })
  @IsOptional() @IsIn(['desc', 'asc'])
  order?: 'desc' | 'asc';
}

export class InventoryCountDto {
  @ApiProperty({ example: 'widget' }) @IsString() @MinLength(1) @MaxLength(100)
  productId!: string;

  @ApiProperty({ example: 'WH1/Stock/Shelf 1' }) @IsString() @MinLength(1) @MaxLength(200)
  location!: string;

  @ApiProperty({ example: '12', description: 'Decimal string, zero or more.' })
  @IsDecimalString()
  countedQuantity!: string;

  @ApiProperty({ example: 'Units' }) @IsString() @MinLength(1) @MaxLength(20)
  uom!: string;
}

export const MOVE_KINDS: readonly MoveKind[] = ['receipt', 'delivery', 'internal', 'adjustment', 'scrap'];
const REFERENCE_TYPES: readonly ReferenceType[] = ['sales-order-line', 'draft-order', 'planned-move', 'external-order'];

export class MoveReferenceDto {
  @ApiProperty({ enum: REFERENCE_TYPES })
  type!: ReferenceType;

  @ApiProperty({ example: '7d0c1f9e-2f4b-4c55-9a53-2f1e8c1b6a10', description: 'The sales order line id, the draft order id, the externalRef of a planned move or the orderRef of an order placed without a draft.' })
  id!: string;

  @ApiPropertyOptional({ example: 'wms-north', description: 'planned-move and external-order references (only): the system that announced it.' })
  sourceSystem?: string;
}

/** The body of POST /stock/moves: exactly the payload of a stock-move.done event, checked by its schema (libs/contracts). */
@BodySchema(stockMoveDone.payload)
export class StockMoveDto {
  @ApiProperty({ example: 'WMS-4711', description: 'Unique per move: posting the same moveId again changes nothing.' })
  moveId!: string;

  @ApiProperty({ enum: MOVE_KINDS })
  kind!: MoveKind;

  @ApiProperty({ example: 'widget' })
  productId!: string;

  @ApiProperty({ example: '12', description: 'Decimal string, greater than zero, in `uom`.' })
  quantity!: string;

  @ApiProperty({ example: 'Units', description: 'A UoM of the product\'s category; converted into its stock UoM.' })
  uom!: string;

  @ApiProperty({ example: 'virtual/vendor', description: 'Location code: a warehouse location (WH1/Stock/...) or a virtual one.' })
  fromLocation!: string;

  @ApiProperty({ example: 'WH1/Stock' })
  toLocation!: string;

  @ApiProperty({ example: '2026-03-02T09:15:00Z', description: 'An ISO 8601 date-time with Z or an offset.' })
  doneAt!: string;

  @ApiPropertyOptional({ type: MoveReferenceDto, description: 'The order this move fulfils: settles its planned move.' })
  reference?: MoveReferenceDto;
}
