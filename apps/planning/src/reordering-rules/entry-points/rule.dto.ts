import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsDecimalString, IsIsoDate } from '@replenish/service-kit';
import { DECIMAL_DOC, ID_DOC, ID_MESSAGE, ID_PATTERN } from '../../catalog/index.js';

const SUPPLY_ROUTE = /^(buy|manufacture|resupply:[A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;
export const TRIGGERS = ['automatic', 'manual'] as const;

export class CreateRuleDto {
  @ApiProperty({ ...ID_DOC, example: 'P-100' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId!: string;

  @ApiProperty({ ...ID_DOC, example: 'WH1' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId!: string;

  @ApiProperty({ ...DECIMAL_DOC, example: '10', description: 'Order when the forecast at the lead days date is at or below it (stock UoM).' })
  @IsDecimalString() min!: string;

  @ApiProperty({ ...DECIMAL_DOC, example: '50', description: 'Order up to it; at least min.' })
  @IsDecimalString() max!: string;

  /** 0 means no rounding; default 1. */
  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '1', default: '1', description: 'Orders are a multiple of it; 0 means no rounding.' })
  @IsOptional() @IsDecimalString() multiple?: string;

  @ApiPropertyOptional({ enum: TRIGGERS, default: 'automatic', description: 'automatic orders by itself; manual only suggests in the replenishment report.' })
  @IsOptional() @IsIn(TRIGGERS) trigger?: 'automatic' | 'manual';

  @ApiPropertyOptional({ type: String, nullable: true, pattern: SUPPLY_ROUTE.source, example: 'buy', description: "buy, manufacture or resupply:<warehouseId>; null: the product's own route." })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(SUPPLY_ROUTE, { message: '$property must be buy, manufacture or resupply:<warehouseId>' }) route?: string | null;

  @ApiPropertyOptional({ ...ID_DOC, type: String, nullable: true, example: 'V-1', description: 'The vendor to buy from; null: chosen from the supplier infos.' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(ID_PATTERN, { message: ID_MESSAGE }) vendorId?: string | null;

  @ApiPropertyOptional({ ...ID_DOC, type: String, nullable: true, example: 'BOM-100', description: "The BOM to manufacture with; null: the product's first BOM." })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(ID_PATTERN, { message: ID_MESSAGE }) bomId?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 3650, default: 0, description: 'Days beyond the lead days date that an order also covers.' })
  @IsOptional() @IsInt() @Min(0) @Max(3650) visibilityDays?: number;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-03-10', description: 'A manual rule is left out of the report until this date.' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsIsoDate() snoozedUntil?: string | null;
}

/** Every field of a rule but its product and warehouse, each optional: only the fields given change. */
export class UpdateRuleDto extends PartialType(OmitType(CreateRuleDto, ['productId', 'warehouseId'] as const)) {}
