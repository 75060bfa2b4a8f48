import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsDecimalString } from '@replenish/service-kit';
import { ID_PATTERN } from '../../catalog/entry-points/catalog.dto.js';

const SUPPLY_ROUTE = /^(buy|manufacture|resupply:[A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;
const ID_MESSAGE = '$property must be 1-100 characters: letters, digits, . _ : -';

export class UpdateRuleDto {
  @IsOptional() @IsDecimalString() min?: string;
  @IsOptional() @IsDecimalString() max?: string;
  /** 0 means no rounding; default 1. */
  @IsOptional() @IsDecimalString() multiple?: string;
  @IsOptional() @IsIn(['automatic', 'manual']) trigger?: 'automatic' | 'manual';
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(SUPPLY_ROUTE, { message: '$property must be buy, manufacture or resupply:<warehouseId>' }) route?: string | null;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(ID_PATTERN, { message: ID_MESSAGE }) vendorId?: string | null;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(ID_PATTERN, { message: ID_MESSAGE }) bomId?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(3650) visibilityDays?: number;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })
  snoozedUntil?: string | null;
}

export class CreateRuleDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId!: string;
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId!: string;
  @IsDecimalString() min!: string;
  @IsDecimalString() max!: string;
  /** 0 means no rounding; default 1. */
  @IsOptional() @IsDecimalString() multiple?: string;
  @IsOptional() @IsIn(['automatic', 'manual']) trigger?: 'automatic' | 'manual';
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(SUPPLY_ROUTE, { message: '$property must be buy, manufacture or resupply:<warehouseId>' }) route?: string | null;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(ID_PATTERN, { message: ID_MESSAGE }) vendorId?: string | null;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @Matches(ID_PATTERN, { message: ID_MESSAGE }) bomId?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(3650) visibilityDays?: number;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })
  snoozedUntil?: string | null;
}
