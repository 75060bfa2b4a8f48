import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate } from '@replenish/service-kit';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ForecastQueryDto {
  @ApiProperty({ example: 'widget' }) @IsString() @MinLength(1) @MaxLength(100)
  productId!: string;

  @ApiProperty({ example: 'WH1' }) @IsString() @MinLength(1) @MaxLength(100)
  warehouseId!: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-01', description: 'YYYY-MM-DD; default today in the warehouse time zone.' })
  @IsOptional() @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-05-30', description: 'YYYY-MM-DD, not before from; default from + 90 days.' })
  @IsOptional() @IsIsoDate()
  to?: string;
}
