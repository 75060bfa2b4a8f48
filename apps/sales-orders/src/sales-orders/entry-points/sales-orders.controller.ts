import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { dec } from '@replenish/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { IdempotentTransaction } from '../idempotent-transaction.js';
import { SalesOrderUseCases, type LineTarget, type OrderTarget } from '../sales-orders.use-cases.js';
import { InvalidOrderDataError } from '../errors.js';
import type { DraftInput } from '../sales-order.js';
import {
  CancelSalesOrderDto,
  ChangeLineQuantityDto,
  ConfirmSalesOrderDto,
  ListSalesOrdersQueryDto,
  SalesOrderPage,
  SalesOrderView,
  SubmitSalesOrderDto,
} from './sales-order.dto.js';
import type { HttpResponse } from './http-response.js';
import { toView } from './sales-order.view.js';

const IDEMPOTENCY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'Idempotent-Replayed';

const idempotencyHeaderDoc = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Client-chosen key (max 200 chars). A retried request with the same key gets the stored answer and changes nothing again.',
});

/**
 * REST entry point: the same use cases as the upstream.orders consumer. Commands run in one transaction
 * with their Idempotency-Key (header, or `messageId` in the body).
 */
@ApiTags('sales-orders')
@Controller('sales-orders')
export class SalesOrdersController {
  constructor(
    private readonly useCases: SalesOrderUseCases,
    private readonly idempotent: IdempotentTransaction,
    private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Roles('integrator')
  @idempotencyHeaderDoc
  @ApiOperation({
    summary: 'Create a sales order as a draft, or replace its draft (by orderRef). 201 when created, 200 when replaced.',
    description: '409: the order with this reference is no longer a draft. 422: the Idempotency-Key was used for a different request.',
  })
  @ApiCreatedResponse({ type: SalesOrderView, description: 'Created.' })
  @ApiOkResponse({ type: SalesOrderView, description: 'The draft replaced.' })
  @ApiErrorResponses(400, 404, 409, 422)
  async submit(@Body() body: SubmitSalesOrderDto, @Headers(IDEMPOTENCY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: HttpResponse): Promise<SalesOrderView> {
    const { messageId, ...request } = body;
    const input: DraftInput = {
      orderRef: body.orderRef,
      customerId: body.customerId ?? null,
      lines: body.lines.map((l) => ({ ...l, quantity: dec(l.quantity), commitmentDate: l.commitmentDate ?? null })),
    };
    return this.command(res, key ?? messageId, { op: 'submit', request }, async (tx) => {
      const { order, created } = await this.useCases.submit(tx, input);
      return { status: created ? 201 : 200, body: toView(order) };
    });
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Sales orders, newest first, optionally by status; paginated with the total.' })
  @ApiOkResponse({ type: SalesOrderPage })
  @ApiErrorResponses(400)
  async list(@Query() query: ListSalesOrdersQueryDto): Promise<SalesOrderPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { items, total } = await this.useCases.list(this.dataSource.manager, query.status, page, pageSize);
    return { items: items.map(toView), total, page, pageSize };
  }

  @Get('by-ref/:orderRef')
  @Roles('viewer')
  @ApiOperation({ summary: 'A sales order by its upstream reference.' })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(404)
  async getByRef(@Param('orderRef') orderRef: string): Promise<SalesOrderView> {
    return toView(await this.useCases.get(this.dataSource.manager, { orderRef }));
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A sales order by id.' })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(404)
  async getById(@Param('id') id: string): Promise<SalesOrderView> {
    return toView(await this.useCases.get(this.dataSource.manager, { id }));
  }

  @Post(':id/confirm')
  @Roles('integrator')
  @HttpCode(200)
  @idempotencyHeaderDoc
  @ApiOperation({
    summary: 'Confirm a draft (publishes sales-order.confirmed). Confirming a confirmed order changes nothing.',
    description: '409: an invalid transition (the order is cancelled, say), with the reason.',
  })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(400, 404, 409, 422)
  async confirmById(@Param('id') id: string, @Body() body: ConfirmSalesOrderDto, @Headers(IDEMPOTENCY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: HttpResponse) {
    return this.confirm({ id }, body, key, res);
  }

  @Post('by-ref/:orderRef/confirm')
  @Roles('integrator')
  @HttpCode(200)
  @idempotencyHeaderDoc
  @ApiOperation({ summary: 'Confirm a draft, by upstream reference.' })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(400, 404, 409, 422)
  async confirmByRef(@Param('orderRef') orderRef: string, @Body() body: ConfirmSalesOrderDto, @Headers(IDEMPOTENCY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: HttpResponse) {
    return this.confirm({ orderRef }, body, key, res);
  }

  @Patch(':id/lines/:lineId')
  @Roles('integrator')
  @idempotencyHeaderDoc
  @ApiOperation({
    summary: "Change a line's quantity. After confirmation: grow, or shrink down to the delivered quantity (publishes sales-order.line-changed).",
    description: '409: below the delivered quantity, or the order is done or cancelled.',
  })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(400, 404, 409, 422)
  async changeLineById(
    @Param('id') id: string,
    @Param('lineId') lineId: string,
    @Body() body: ChangeLineQuantityDto,
    @Headers(IDEMPOTENCY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.changeLine({ id }, { lineId }, body, key, res);
  }

  @Patch('by-ref/:orderRef/lines/:lineRef')
  @Roles('integrator')
  @idempotencyHeaderDoc
  @ApiOperation({ summary: "Change a line's quantity, by upstream order and line references." })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(400, 404, 409, 422)
  async changeLineByRef(
    @Param('orderRef') orderRef: string,
    @Param('lineRef') lineRef: string,
    @Body() body: ChangeLineQuantityDto,
    @Headers(IDEMPOTENCY_HEADER) key: string | undefined,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.changeLine({ orderRef }, { lineRef }, body, key, res);
  }

  @Post(':id/cancel')
  @Roles('integrator')
  @HttpCode(200)
  @idempotencyHeaderDoc
  @ApiOperation({
    summary: 'Cancel a draft or confirmed order (publishes sales-order.cancelled). Cancelling a cancelled order changes nothing.',
    description: '409: the order is done.',
  })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(400, 404, 409, 422)
  async cancelById(@Param('id') id: string, @Body() body: CancelSalesOrderDto, @Headers(IDEMPOTENCY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: HttpResponse) {
    return this.cancel({ id }, body, key, res);
  }

  @Post('by-ref/:orderRef/cancel')
  @Roles('integrator')
  @HttpCode(200)
  @idempotencyHeaderDoc
  @ApiOperation({ summary: 'Cancel an order, by upstream reference.' })
  @ApiOkResponse({ type: SalesOrderView })
  @ApiErrorResponses(400, 404, 409, 422)
  async cancelByRef(@Param('orderRef') orderRef: string, @Body() body: CancelSalesOrderDto, @Headers(IDEMPOTENCY_HEADER) key: string | undefined, @Res({ passthrough: true }) res: HttpResponse) {
    return this.cancel({ orderRef }, body, key, res);
  }

  private confirm(target: OrderTarget, body: ConfirmSalesOrderDto, key: string | undefined, res: HttpResponse): Promise<SalesOrderView> {
    return this.command(res, key ?? body.messageId, { op: 'confirm', target }, async (tx) => ({
      status: 200,
      body: toView(await this.useCases.confirm(tx, target)),
    }));
  }

  private changeLine(target: OrderTarget, line: LineTarget, body: ChangeLineQuantityDto, key: string | undefined, res: HttpResponse): Promise<SalesOrderView> {
    const quantity = dec(body.quantity);
    return this.command(res, key ?? body.messageId, { op: 'change-line', target, line, quantity: body.quantity }, async (tx) => ({
      status: 200,
      body: toView(await this.useCases.changeLineQuantity(tx, target, line, quantity)),
    }));
  }

  private cancel(target: OrderTarget, body: CancelSalesOrderDto, key: string | undefined, res: HttpResponse): Promise<SalesOrderView> {
    return this.command(res, key ?? body.messageId, { op: 'cancel', target, reason: body.reason }, async (tx) => ({
      status: 200,
      body: toView(await this.useCases.cancel(tx, target, body.reason ?? null)),
    }));
  }

  private async command(
    res: HttpResponse,
    key: string | undefined,
    request: unknown,
    work: (tx: EntityManager) => Promise<{ status: number; body: SalesOrderView }>,
  ): Promise<SalesOrderView> {
    if (key !== undefined && key.length > 200) throw new InvalidOrderDataError('Idempotency-Key', 'must be at most 200 characters');
    const answer = await this.idempotent.run<SalesOrderView>(key || undefined, request, work);
    res.status(answer.status);
    if (answer.replayed) res.setHeader(REPLAYED_HEADER, 'true');
    return answer.body;
  }
}
