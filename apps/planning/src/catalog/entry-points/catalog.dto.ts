import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { IsDecimalString } from '@replenish/service-kit';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const ID_MESSAGE = '$property must be 1-100 characters: letters, digits, . _ : -';
/** buy | manufacture | mto | resupply:<warehouseId> */
export const ROUTE_PATTERN = /^(buy|manufacture|mto|resupply:[A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;

export class UomDto {
  @IsString() @Length(1, 20) code!: string;
  @IsString() @Length(1, 50) category!: string;
  /** How many reference units of the category one of this UoM is (dozen = 12). */
  @IsDecimalString({ positive: true }) factor!: string;
  /** Rounding step: 1 for units, 0.001 for kg. */
  @IsDecimalString({ positive: true }) rounding!: string;
}

export class ProductDto {
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) id?: string;
  @IsString() @Length(1, 100) sku!: string;
  @IsString() @Length(1, 300) name!: string;
  @IsDefined() @ValidateNested() @Type(() => UomDto) stockUom!: UomDto;
  /** Same category as the stock UoM; the conversion is the ratio of the two factors. */
  @IsOptional() @ValidateNested() @Type(() => UomDto) purchaseUom?: UomDto;
  @IsArray() @ArrayMaxSize(10) @Matches(ROUTE_PATTERN, { each: true, message: 'each of $property must be buy, manufacture, mto or resupply:<warehouseId>' })
  routes!: string[];
  @IsOptional() @IsBoolean() takeFromStockFirst?: boolean;
  @IsOptional() @IsBoolean() active?: boolean;
}

export class VendorDto {
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) id?: string;
  @IsString() @Length(1, 300) name!: string;
  @IsOptional() @IsBoolean() active?: boolean;
}

export class SupplierInfoDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) vendorId!: string;
  @IsInt() @Min(0) @Max(3650) leadTimeDays!: number;
  @IsOptional() @IsDecimalString() minQty?: string;
  @IsOptional() @IsDecimalString() price?: string;
  /** Lower is preferred. */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) sequence?: number;
}

export class BomComponentDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId!: string;
  @IsDecimalString({ positive: true }) quantity!: string;
}

export class BomDto {
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) id?: string;
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId!: string;
  @IsDecimalString({ positive: true }) outputQty!: string;
  @IsInt() @Min(0) @Max(3650) productionDelayDays!: number;
  @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => BomComponentDto) components!: BomComponentDto[];
}

export class WarehouseSettingsDto {
  @IsString() @Length(1, 64) timeZone!: string;
  @IsOptional() @IsInt() @Min(0) @Max(3650) purchaseSecurityLeadDays?: number;
  @IsOptional() @IsInt() @Min(0) @Max(3650) manufacturingSecurityLeadDays?: number;
  @IsOptional() @IsInt() @Min(0) @Max(3650) daysToPurchase?: number;
  @IsOptional() @IsInt() @Min(0) @Max(3650) daysToPrepare?: number;
  /** Lead days of a resupply (transfer) into this warehouse. */
  @IsOptional() @IsInt() @Min(0) @Max(3650) transferLeadDays?: number;
}

