import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { IsDecimalString } from '@replenish/service-kit';
import { ReportService } from '../report.service.js';

export class OrderOnceDto {
  /** The planner's quantity; the suggested one when absent. */
  @IsOptional() @IsDecimalString() quantity?: string;
}

export class BulkOrderItemDto {
  @IsUUID() ruleId!: string;
  @IsOptional() @IsDecimalString() quantity?: string;
}

export class BulkOrderOnceDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => BulkOrderItemDto) items!: BulkOrderItemDto[];
}

export class SnoozeDto {
  @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }) until!: string;
}

@ApiTags('replenishment-report')
@Controller('replenishment-report')
export class ReportController {
  constructor(private readonly report: ReportService) {}

  /** Manual rules with their forecast, lead days date, suggested quantity and explanation; snoozed ones hidden. */
  @Get()
  get(@Query('warehouseId') warehouseId?: string, @Query('includeAll') includeAll?: string) {
    return this.report.report({ ...(warehouseId ? { warehouseId } : {}), includeAll: includeAll === 'true' });
  }

  @ApiBody({ type: BulkOrderOnceDto })
  @Post('order-once')
  @HttpCode(200)
  bulk(@Body() dto: BulkOrderOnceDto) {
    return this.report.orderOnceBulk(dto.items);
  }

  @ApiBody({ type: OrderOnceDto })
  @Post(':ruleId/order-once')
  @HttpCode(200)
  orderOnce(@Param('ruleId', new ParseUUIDPipe()) ruleId: string, @Body() dto: OrderOnceDto) {
    return this.report.orderOnce(ruleId, dto.quantity);
  }

  @ApiBody({ type: SnoozeDto })
  @Post(':ruleId/snooze')
  @HttpCode(200)
  snooze(@Param('ruleId', new ParseUUIDPipe()) ruleId: string, @Body() dto: SnoozeDto) {
    return this.report.snooze(ruleId, dto.until);
  }

  @Post(':ruleId/automate')
  @HttpCode(200)
  automate(@Param('ruleId', new ParseUUIDPipe()) ruleId: string) {
    return this.report.automate(ruleId);
  }
}
