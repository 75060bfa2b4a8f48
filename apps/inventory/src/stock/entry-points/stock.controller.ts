import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import type { MoveRecord } from '../data-access/stock-query.repository.js';
import { InventoryCountService } from '../inventory-count.service.js';
import { MoveEntryService } from '../move-entry.service.js';
import { StockQueries } from '../stock-queries.service.js';
import { Decimal } from '../../shared/quantities.js';
import { InventoryCountDto, MovesQueryDto, OnHandQueryDto, StockMoveDto } from './stock.dto.js';
import { CountResultView, MoveView, MovesPageView, OnHandView } from './stock.responses.js';

/** The part of Express's response the move endpoint uses (201 for a new move, 200 for a repeat). */
interface HttpResponse {
  status(code: number): unknown;
}

const isNegative = (q: string | Decimal): boolean => {
  const d = new Decimal(q);
  return d.isNegative() && !d.isZero();
};

@ApiTags('stock')
@Controller('stock')
export class StockController {
  constructor(
    private readonly queries: StockQueries,
    private readonly counts: InventoryCountService,
    private readonly entries: MoveEntryService,
  ) {}

  @Get('on-hand')
  @Roles('viewer')
  @ApiOperation({ summary: 'On hand of a product, per location, filtered by warehouse (its stock) and/or location (and below)' })
  @ApiOkResponse({ type: OnHandView })
  @ApiErrorResponses(400, 404)
  async onHand(@Query() q: OnHandQueryDto) {
    const { lines, onHand, ...rest } = await this.queries.onHand(q);
    return {
      ...rest, onHand: onHand.toString(), negative: isNegative(onHand),
      locations: lines.map((l) => ({ location: l.location, warehouseId: l.warehouseId, quantity: new Decimal(l.quantity).toString(), negative: l.isStock && isNegative(l.quantity) })),
    };
  }

  @Get('moves')
  @Roles('viewer')
  @ApiOperation({ summary: 'Move history (newest first), paginated by limit and offset' })
  @ApiOkResponse({ type: MovesPageView })
  @ApiErrorResponses(400, 404)
  async moves(@Query() q: MovesQueryDto) {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const page = await this.queries.moves({ productId: q.productId, warehouseId: q.warehouseId, limit, offset, order: q.order ?? 'desc' });
    return { items: page.items, limit, offset, nextOffset: page.nextOffset };
  }

  @Post('counts')
  @Roles('integrator')
  @HttpCode(201)
  @ApiOperation({ summary: 'Inventory count: books the difference from/to virtual/inventory-adjustment and republishes the position' })
  @ApiCreatedResponse({ type: CountResultView })
  @ApiErrorResponses(400, 404)
  async count(@Body() body: InventoryCountDto) {
    return this.counts.count(body);
  }

  @Post('moves')
  @Roles('integrator')
  @ApiOperation({
    summary: 'A done stock move (the body of a stock-move.done event): booked like one from warehouse.stock-moves, position republished',
    description: 'Idempotent by moveId: 201 with the booked move, then 200 with the same move for a repeat, which changes nothing. '
      + 'The same moveId with another move: 409.',
  })
  @ApiCreatedResponse({ type: MoveView, description: 'The move as booked (quantity in the stock UoM).' })
  @ApiOkResponse({ type: MoveView, description: 'A repeat: the move already booked, unchanged.' })
  @ApiErrorResponses(400, 404, 409)
  async postMove(@Body() body: StockMoveDto, @Res({ passthrough: true }) res: HttpResponse): Promise<MoveRecord> {
    const { created, record } = await this.entries.enter(body);
    res.status(created ? 201 : 200);
    return record;
  }
}
