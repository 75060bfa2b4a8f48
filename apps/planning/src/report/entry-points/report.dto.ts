import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDecimalString, IsIsoDate } from '@replenish/service-kit';
import { DECIMAL_DOC, ID_DOC, ID_MESSAGE, ID_PATTERN } from '../../catalog/index.js';

export const REPORT_ROUTES = ['buy', 'manufacture', 'resupply'] as const;
export const REPORT_SORTS = ['productId', 'warehouseId'] as const;
export const MAX_REPORT_LIMIT = 500;

export class OrderOnceDto {
  /** The planner's quantity; the suggested one when absent. */
  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '24', description: "The planner's quantity (stock UoM); the suggested one when absent." })
  @IsOptional() @IsDecimalString() quantity?: string;
}

export class BulkOrderItemDto extends OrderOnceDto {
  @ApiProperty({ format: 'uuid', description: 'A reordering rule.' })
  @IsUUID() ruleId!: string;
}

export class BulkOrderOnceDto {
  @ApiProperty({ type: [BulkOrderItemDto], minItems: 1, maxItems: 500 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => BulkOrderItemDto) items!: BulkOrderItemDto[];
}

export class SnoozeDto {
  @ApiProperty({ format: 'date', example: '2026-03-10', description: 'The rule stays out of the report until this date.' })
  @IsIsoDate() until!: string;
}

/** The report's query: filters answered in SQL, the sort, and a keyset page (decision planning-015). */
export class ReportQueryDto {
  @ApiPropertyOptional({ ...ID_DOC, example: 'WH1', description: 'Only the rules of this warehouse.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId?: string;

  @ApiPropertyOptional({ ...ID_DOC, example: 'P-100', description: 'Only the rule(s) of this product.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId?: string;

  @ApiPropertyOptional({ ...ID_DOC, example: 'V-1', description: "Only bought rules ordering from this vendor: the rule's vendorId, else its product's first supplier." })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) vendorId?: string;

  @ApiPropertyOptional({ enum: REPORT_ROUTES, description: "Only the rules of this route (the rule's, else its product's first supply route)." })
  @IsOptional() @IsIn(REPORT_ROUTES) route?: (typeof REPORT_ROUTES)[number];

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'false: to order only (the rules suggesting an order now); true: also those suggesting nothing.' })
  @IsOptional() @IsIn(['true', 'false']) includeAll?: 'true' | 'false';

  @ApiPropertyOptional({ enum: REPORT_SORTS, default: 'productId', description: 'productId: by product, then warehouse; warehouseId: by warehouse, then product.' })
  @IsOptional() @IsIn(REPORT_SORTS) sort?: (typeof REPORT_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_REPORT_LIMIT, default: 50, example: 50, description: `Items per page, 1 to ${MAX_REPORT_LIMIT}.` })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_REPORT_LIMIT) limit?: number;

  @ApiPropertyOptional({ maxLength: 500, example: 'WyJwcm9kdWN0SWQiLCJhc2MiLCJQLTEwMCIsIldIMSJd', description: 'nextCursor of the previous page (same filters, sort and order); absent: the first page.' })
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}
