import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ParseUuidPipe, Roles } from '@replenish/service-kit';
import { ReportService } from '../report.service.js';
import { BulkOrderOnceDto, OrderOnceDto, SnoozeDto } from './report.dto.js';
import { RuleView } from '../../reordering-rules/index.js';
import { BulkOrderOnceView, OrderOnceResultView, ReportView } from './report.responses.js';

@ApiTags('replenishment-report')
@Controller('replenishment-report')
export class ReportController {
  constructor(private readonly report: ReportService) {}

  /** Manual rules with their forecast, lead days date, suggested quantity and explanation; snoozed ones hidden. */
  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'The replenishment report: manual rules with their forecast, lead days date, suggested quantity and explanation; snoozed ones hidden.' })
  @ApiQuery({ name: 'warehouseId', required: false, description: 'Only the rules of this warehouse.' })
  @ApiQuery({ name: 'includeAll', required: false, enum: ['true', 'false'], description: 'true: also the rules that suggest nothing now.' })
  @ApiOkResponse({ type: ReportView })
  get(@Query('warehouseId') warehouseId?: string, @Query('includeAll') includeAll?: string) {
    return this.report.report({ ...(warehouseId ? { warehouseId } : {}), includeAll: includeAll === 'true' });
  }

  @ApiBody({ type: BulkOrderOnceDto })
  @Post('order-once')
  @Roles('planner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Order once for several rules; each item is ordered or refused on its own.' })
  @ApiOkResponse({ type: BulkOrderOnceView })
  @ApiErrorResponses(400)
  bulk(@Body() dto: BulkOrderOnceDto) {
    return this.report.orderOnceBulk(dto.items);
  }

  @ApiBody({ type: OrderOnceDto })
  @Post(':ruleId/order-once')
  @Roles('planner')
  @HttpCode(200)
  @ApiOperation({ summary: "Order the suggested (or the planner's) quantity once, whatever the rule's trigger or snooze." })
  @ApiOkResponse({ type: OrderOnceResultView })
  @ApiErrorResponses(400, 404)
  orderOnce(@Param('ruleId', ParseUuidPipe) ruleId: string, @Body() dto: OrderOnceDto) {
    return this.report.orderOnce(ruleId, dto.quantity);
  }

  @ApiBody({ type: SnoozeDto })
  @Post(':ruleId/snooze')
  @Roles('planner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide a manual rule from the report until a date.' })
  @ApiOkResponse({ type: RuleView })
  @ApiErrorResponses(400, 404, 409, 422)
  snooze(@Param('ruleId', ParseUuidPipe) ruleId: string, @Body() dto: SnoozeDto) {
    return this.report.snooze(ruleId, dto.until);
  }

  @Post(':ruleId/automate')
  @Roles('planner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a manual rule automatic: it is evaluated at once and orders by itself from now on.' })
  @ApiOkResponse({ type: RuleView })
  @ApiErrorResponses(400, 404, 409, 422)
  automate(@Param('ruleId', ParseUuidPipe) ruleId: string) {
    return this.report.automate(ruleId);
  }
}
