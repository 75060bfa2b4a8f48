import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { IsDecimalString, IsIsoDate } from '@replenish/service-kit';
import { DECIMAL_DOC } from '../../catalog/index.js';

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
