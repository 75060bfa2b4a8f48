import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import { FACTOR_BOUND, PRICE_BOUND, QUANTITY_BOUND, boundPattern } from '@replenish/contracts';
import { IsDecimalString } from '@replenish/service-kit';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const ID_MESSAGE = '$property must be 1-100 characters: letters, digits, . _ : -';
/** buy | manufacture | mto | resupply:<warehouseId> */
export const ROUTE_PATTERN = /^(buy|manufacture|mto|resupply:[A-Za-z0-9][A-Za-z0-9._:-]{0,99})$/;
/** The OpenAPI form of an id: what ID_PATTERN accepts. */
export const ID_DOC = { pattern: ID_PATTERN.source, minLength: 1, maxLength: 100 } as const;
/** The OpenAPI form of a day count (lead times, delays). */
export const DAYS_DOC = { type: 'integer', minimum: 0, maximum: 3650 } as const;
/** The OpenAPI form of a quantity (or a price: the same bound): a decimal string, never a JSON number, within QUANTITY_BOUND. */
export const DECIMAL_DOC = { type: String, pattern: boundPattern(QUANTITY_BOUND, { signed: true }) } as const;
/** The OpenAPI form of a UoM factor: within FACTOR_BOUND (docs/semantics.md, "Numeric bounds"). */
const FACTOR_DOC = { type: String, pattern: boundPattern(FACTOR_BOUND, { positive: true }) } as const;

export class UomDto {
  @ApiProperty({ example: 'Units', minLength: 1, maxLength: 20 })
  @IsString() @Length(1, 20) code!: string;

  @ApiProperty({ example: 'Unit', minLength: 1, maxLength: 50, description: 'UoMs of one category convert into each other.' })
  @IsString() @Length(1, 50) category!: string;

  /** How many reference units of the category one of this UoM is (dozen = 12). */
  @ApiProperty({ ...FACTOR_DOC, example: '1', description: 'How many reference units of the category one of this UoM is (a dozen: 12). Above zero.' })
  @IsDecimalString({ positive: true, bound: FACTOR_BOUND }) factor!: string;

  /** Rounding step: 1 for units, 0.001 for kg. */
  @ApiProperty({ ...DECIMAL_DOC, example: '1', description: 'Rounding step: 1 for units, 0.001 for kg. Above zero.' })
  @IsDecimalString({ positive: true }) rounding!: string;
}

export class ProductDto {
  @ApiPropertyOptional({ ...ID_DOC, example: 'P-100', description: 'Generated (a UUID) when absent; must match the path on PUT.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) id?: string;

  @ApiProperty({ example: 'SKU-100', minLength: 1, maxLength: 100, description: 'Unique among products.' })
  @IsString() @Length(1, 100) sku!: string;

  @ApiProperty({ example: 'Widget', minLength: 1, maxLength: 300 })
  @IsString() @Length(1, 300) name!: string;

  @ApiProperty({ type: UomDto, description: 'The UoM stock, rules and draft lines are counted in.' })
  @IsDefined() @ValidateNested() @Type(() => UomDto) stockUom!: UomDto;

  /** Same category as the stock UoM; the conversion is the ratio of the two factors. */
  @ApiPropertyOptional({ type: UomDto, description: "The UoM it is bought in: same category as the stock UoM (the conversion is the ratio of the two factors)." })
  @IsOptional() @ValidateNested() @Type(() => UomDto) purchaseUom?: UomDto;

  @ApiProperty({
    type: [String], maxItems: 10, example: ['buy'],
    description: 'Each one of buy, manufacture, mto, resupply:<warehouseId>; mto needs a supply route beside it.',
  })
  @IsArray() @ArrayMaxSize(10) @Matches(ROUTE_PATTERN, { each: true, message: 'each of $property must be buy, manufacture, mto or resupply:<warehouseId>' })
  routes!: string[];

  @ApiPropertyOptional({ default: false, description: 'Make to order takes free stock first and orders only the rest.' })
  @IsOptional() @IsBoolean() takeFromStockFirst?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean() active?: boolean;
}

export class VendorDto {
  @ApiPropertyOptional({ ...ID_DOC, example: 'V-1', description: 'Generated (a UUID) when absent; must match the path on PUT.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) id?: string;

  @ApiProperty({ example: 'Acme Supplies', minLength: 1, maxLength: 300 })
  @IsString() @Length(1, 300) name!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean() active?: boolean;
}

export class SupplierInfoDto {
  @ApiProperty({ ...ID_DOC, example: 'V-1', description: 'An existing vendor.' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) vendorId!: string;

  @ApiProperty({ ...DAYS_DOC, example: 5, description: "The vendor's lead time in days." })
  @IsInt() @Min(0) @Max(3650) leadTimeDays!: number;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '0', default: '0', description: 'Least quantity this vendor is chosen for (purchase UoM when the product has one).' })
  @IsOptional() @IsDecimalString() minQty?: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '2.50', default: '0' })
  @IsOptional() @IsDecimalString({ bound: PRICE_BOUND }) price?: string;

  /** Lower is preferred. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 10, description: 'Lower is preferred.' })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000) sequence?: number;
}

export class BomComponentDto {
  @ApiProperty({ ...ID_DOC, example: 'P-200', description: 'An existing product, not the BOM\'s own.' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId!: string;

  @ApiProperty({ ...DECIMAL_DOC, example: '2', description: "Per outputQty of the BOM's product, in the component's stock UoM; above zero." })
  @IsDecimalString({ positive: true }) quantity!: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '2.5', description: 'Expected scrap of the component, in % (below 100): MRP requires quantity x (1 + scrap%). Absent: none.' })
  @IsOptional() @IsDecimalString() scrapPercent?: string;
}

export const BOM_TYPES = ['normal', 'phantom'] as const;

/** A product a BOM's run makes besides its own (Odoo's by-products), with its share of the run's cost. */
export class BomByProductDto {
  @ApiProperty({ ...ID_DOC, example: 'P-900', description: "An existing product, neither the BOM's own nor one of its components." })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId!: string;

  @ApiProperty({ ...DECIMAL_DOC, example: '0.5', description: "Per outputQty of the BOM's product, in the by-product's stock UoM; above zero." })
  @IsDecimalString({ positive: true }) quantity!: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '10', description: "Its share of the run's cost, in %; the by-products' shares add up to at most 100. Absent: 0." })
  @IsOptional() @IsDecimalString() costShare?: string;
}

export class BomDto {
  @ApiPropertyOptional({ ...ID_DOC, example: 'BOM-100', description: 'Generated (a UUID) when absent; must match the path on PUT.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) id?: string;

  @ApiProperty({ ...ID_DOC, example: 'P-100', description: 'The product the BOM makes.' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId!: string;

  @ApiProperty({ ...DECIMAL_DOC, example: '1', description: 'How much one run of the BOM makes; above zero.' })
  @IsDecimalString({ positive: true }) outputQty!: string;

  @ApiProperty({ ...DAYS_DOC, example: 2 })
  @IsInt() @Min(0) @Max(3650) productionDelayDays!: number;

  @ApiProperty({ type: [BomComponentDto], maxItems: 500 })
  @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => BomComponentDto) components!: BomComponentDto[];

  @ApiPropertyOptional({
    enum: BOM_TYPES, example: 'normal',
    description: 'normal: a run makes the product; phantom: a kit, never made on its own: MRP passes its need, less its stock, to its components. Absent: normal.',
  })
  @IsOptional() @IsIn(BOM_TYPES) type?: (typeof BOM_TYPES)[number];

  @ApiPropertyOptional({ type: [BomByProductDto], maxItems: 50, description: 'Absent: none. A phantom BOM has none.' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => BomByProductDto) byProducts?: BomByProductDto[];
}

/** Planning's own lead days of a warehouse; its name and time zone are inventory's (warehouse.created). */
export class WarehouseSettingsDto {
  @ApiPropertyOptional({ ...DAYS_DOC, example: 1 })
  @IsOptional() @IsInt() @Min(0) @Max(3650) purchaseSecurityLeadDays?: number;

  @ApiPropertyOptional({ ...DAYS_DOC, example: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(3650) manufacturingSecurityLeadDays?: number;

  @ApiPropertyOptional({ ...DAYS_DOC, example: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(3650) daysToPurchase?: number;

  @ApiPropertyOptional({ ...DAYS_DOC, example: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(3650) daysToPrepare?: number;

  /** Lead days of a resupply (transfer) into this warehouse. */
  @ApiPropertyOptional({ ...DAYS_DOC, example: 1, description: 'Lead days of a resupply (transfer) into this warehouse.' })
  @IsOptional() @IsInt() @Min(0) @Max(3650) transferLeadDays?: number;
}
