import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ParseUuidPipe, Roles, badRequest } from '@replenish/service-kit';
import type { ReportSort, RuleKey, SortOrder } from '../data-access/report.repository.js';
import { ReportService } from '../report.service.js';
import { BulkOrderOnceDto, OrderOnceDto, ReportQueryDto, SnoozeDto } from './report.dto.js';
import { RuleView } from '../../reordering-rules/index.js';
import { BulkOrderOnceView, OrderOnceResultView, ReportView } from './report.responses.js';

/** A page's end as the client passes it back: the sort and order it belongs to, and the last rule read. */
const encodeCursor = (k: RuleKey, sort: ReportSort, order: SortOrder): string => Buffer.from(JSON.stringify([sort, order, k.productId, k.warehouseId])).toString('base64url');

function decodeCursor(cursor: string, sort: ReportSort, order: SortOrder): RuleKey {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 4 || !parts.every((p) => typeof p === 'string')) {
    throw badRequest('cursor', 'is not a nextCursor of this report: start again without it');
  }
  const [s, o, productId, warehouseId] = parts as string[];
  if (s !== sort || o !== order) throw badRequest('cursor', `belongs to sort=${s}&order=${o}: pass the same sort and order as the page it came from`);
  return { productId: productId as string, warehouseId: warehouseId as string };
}

@ApiTags('replenishment-report')
@Controller('replenishment-report')
export class ReportController {
  constructor(private readonly report: ReportService) {}

  /** Manual rules with their forecast, lead days date, suggested quantity and explanation; snoozed ones hidden. */
  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'The replenishment report: manual rules with their forecast, lead days date, suggested quantity and explanation; snoozed ones hidden.',
    description: 'Filtered (warehouse, product, vendor, route, to order only), sorted and paged by the database; only the rules of a page are '
      + 'evaluated. Follow nextCursor for the next page with the same filters, sort and order.',
  })
  @ApiOkResponse({ type: ReportView })
  @ApiErrorResponses(400)
  async get(@Query() q: ReportQueryDto) {
    const sort = q.sort ?? 'productId';
    const order = q.order ?? 'asc';
    const limit = q.limit ?? 50;
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, sort, order);
    const filter = { warehouseId: q.warehouseId, productId: q.productId, vendorId: q.vendorId, route: q.route };
    const page = await this.report.report({
      filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)), includeAll: q.includeAll === 'true', sort, order, limit,
      ...(after ? { after } : {}),
    });
    return { items: page.items, problems: page.problems, total: page.total, limit, nextCursor: page.next ? encodeCursor(page.next, sort, order) : null };
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
