import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MPS_PERIODS, type MpsPeriod } from '@replenish/domain';
import { IsDecimalString, IsIsoDate } from '@replenish/service-kit';
import { DECIMAL_DOC, ID_DOC, ID_MESSAGE, ID_PATTERN } from '../../catalog/index.js';

/** The most columns a schedule shows: a year of days. */
export const MAX_MPS_COLUMNS = 366;

export class MpsSettingsDto {
  @ApiProperty({ enum: MPS_PERIODS, example: 'week', description: 'The length of a column: a day, an ISO week (from Monday) or a calendar month.' })
  @IsIn(MPS_PERIODS) period!: MpsPeriod;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_MPS_COLUMNS, example: 12, description: 'How many columns the schedule shows, from the current one.' })
  @IsInt() @Min(1) @Max(MAX_MPS_COLUMNS) columns!: number;

  @ApiPropertyOptional({
    example: false, default: false,
    description: 'A new period would lose the forecasts and overrides entered per old period: refused with 409 unless this is true (they are then deleted).',
  })
  @IsOptional() @IsBoolean() discardEntered?: boolean;
}

export class MpsSettingsView {
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ enum: MPS_PERIODS, example: 'week' }) period!: MpsPeriod;
  @ApiProperty({ type: 'integer', example: 12 }) columns!: number;
}

export class MpsProductSiteDto {
  @ApiProperty({ example: true, description: 'In the schedule (refused with 409 while a reordering rule or MRP plans the product there), or out of it.' })
  @IsDefined() @IsBoolean() inSchedule!: boolean;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '20', default: '0', description: 'The stock wanted at the end of every period (stock UoM).' })
  @IsOptional() @IsDecimalString() safetyTarget?: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '10', default: '0', description: 'The least a period with something missing replenishes.' })
  @IsOptional() @IsDecimalString() minimum?: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '500', nullable: true, description: 'The most a period replenishes; absent or null: no maximum. At least minimum.' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsDecimalString() maximum?: string | null;
}

export class MpsProductSiteView {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ example: true }) inSchedule!: boolean;
  @ApiProperty({ ...DECIMAL_DOC, example: '20' }) safetyTarget!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '10' }) minimum!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '500', nullable: true }) maximum!: string | null;
}

export class MpsPeriodQuantityDto {
  @ApiProperty({ format: 'date', example: '2026-12-07', description: "The first day of a column in the warehouse's period (a Monday for weeks, the 1st for months)." })
  @IsIsoDate() periodStart!: string;

  @ApiProperty({ ...DECIMAL_DOC, example: '30', nullable: true, description: 'The quantity (stock UoM); null removes what was entered for the period.' })
  @ValidateIf((_o, v) => v !== null) @IsDecimalString() quantity!: string | null;
}

export class MpsPeriodsDto {
  @ApiProperty({ type: [MpsPeriodQuantityDto], minItems: 1, maxItems: MAX_MPS_COLUMNS })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_MPS_COLUMNS) @ValidateNested({ each: true }) @Type(() => MpsPeriodQuantityDto) periods!: MpsPeriodQuantityDto[];
}

export class MpsGridQueryDto {
  @ApiProperty({ ...ID_DOC, example: 'WH1', description: 'The warehouse whose schedule to show.' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId!: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-07', description: 'Show from the column of this date on (within the schedule); default the current column.' })
  @IsOptional() @IsIsoDate() from?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_MPS_COLUMNS, example: 6, description: 'How many columns to show; default every column from `from` on.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_MPS_COLUMNS) periods?: number;

  @ApiPropertyOptional({ ...ID_DOC, example: 'P-100', description: 'Only the row of this product.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: "true: each column's replenishment explained in words (computed for the answer)." })
  @IsOptional() @IsIn(['true', 'false']) explain?: 'true' | 'false';
}

export class MpsWarehouseQueryDto {
  @ApiProperty({ ...ID_DOC, example: 'WH1', description: 'The warehouse.' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId!: string;
}

export class MpsExportQueryDto extends MpsWarehouseQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv', description: 'csv: text/csv; json: the same grid as JSON.' })
  @IsOptional() @IsIn(['csv', 'json']) format?: 'csv' | 'json';
}

export class MpsReplenishDto {
  @ApiProperty({ ...ID_DOC, example: 'WH1' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId!: string;

  @ApiPropertyOptional({ type: [String], example: ['P-100'], maxItems: 10000, description: 'These products only (one, or a selection); absent: every product of the schedule.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10000) @Matches(ID_PATTERN, { each: true, message: ID_MESSAGE }) productIds?: string[];

  @ApiPropertyOptional({ format: 'date', example: '2026-12-14', description: 'This column only (its first day); absent: every column with something to replenish.' })
  @IsOptional() @IsIsoDate() periodStart?: string;

  @ApiPropertyOptional({ example: true, default: false, description: 'Only the columns whose order date has come (today or earlier): what is due now.' })
  @IsOptional() @IsBoolean() dueOnly?: boolean;
}
