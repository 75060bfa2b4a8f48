import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ParseUuidPipe } from '@replenish/service-kit';
import { ReportService } from '../report.service.js';
import { BulkOrderOnceDto, OrderOnceDto, SnoozeDto } from './report.dto.js';

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
  orderOnce(@Param('ruleId', ParseUuidPipe) ruleId: string, @Body() dto: OrderOnceDto) {
    return this.report.orderOnce(ruleId, dto.quantity);
  }

  @ApiBody({ type: SnoozeDto })
  @Post(':ruleId/snooze')
  @HttpCode(200)
  snooze(@Param('ruleId', ParseUuidPipe) ruleId: string, @Body() dto: SnoozeDto) {
    return this.report.snooze(ruleId, dto.until);
  }

  @Post(':ruleId/automate')
  @HttpCode(200)
  automate(@Param('ruleId', ParseUuidPipe) ruleId: string) {
    return this.report.automate(ruleId);
  }
}
